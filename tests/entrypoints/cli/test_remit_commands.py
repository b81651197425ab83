"""``accord remit``: ingest, list and show from the command line, and their errors."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tests.entrypoints.cli.conftest import Run

REVERSAL = "accord_edge_reversal_plb_two_st.835"


def test_ingest_list_and_show_with_json(run: Run, shared_fixtures: Path) -> None:
    code, out, _ = run("remit", "ingest", str(shared_fixtures / "remittance" / REVERSAL), "--json")
    assert code == 0
    summary = json.loads(out)
    assert (summary["ingested"], summary["payments"], summary["amount"]) == (1, 2, "160.50")
    code, out, _ = run("remit", "list", "--json")
    listed = json.loads(out)
    assert listed["total"] == 2
    second = next(item for item in listed["items"] if item["trace_number"] == "EFT0002")
    code, out, _ = run("remit", "show", str(second["id"]), "--json")
    detail = json.loads(out)
    assert [c["status"] for c in detail["claims"]] == ["22", "1"]
    assert detail["claims"][1]["lines"][0]["modifiers"] == ["GP"]
    code, out, _ = run("remit", "show", str(second["id"]))
    assert code == 0 and "net to paid $170.00" in out
    code, out, _ = run("remit", "ingest", str(shared_fixtures / "remittance" / REVERSAL))
    assert code == 0 and "already ingested" in out


def test_an_unbalanced_file_fails_with_one_line_naming_the_segment(
    run: Run, shared_fixtures: Path
) -> None:
    path = shared_fixtures / "remittance" / "accord_edge_unbalanced.835"
    code, out, err = run("remit", "ingest", str(path))
    assert code == 2
    assert f"failed: {path}: does not balance: segment 3 (BPR): BPR02 is 151.00" in out
    assert "1 of 1 files could not be ingested" in err
    assert "Traceback" not in out + err
    code, out, _ = run("remit", "list", "--json")
    assert json.loads(out)["total"] == 0


def test_the_demo_year_loads_once_with_its_slow_payer_and_underpayments(run: Run) -> None:
    code, out, _ = run("remit", "demo", "--json")
    assert code == 0
    first = json.loads(out)
    assert (first["ingested"], first["payments"], first["failed"]) == (52, 156, 0)
    code, out, _ = run("remit", "demo", "--json")
    assert json.loads(out)["already_ingested"] == 52
    code, out, _ = run("remit", "list", "--json", "--limit", "1000")
    items = json.loads(out)["items"]
    assert len(items) == 156 and all(i["payer"].startswith("DEMO ") for i in items)
    medicaid = next(i for i in items if i["payer"] == "DEMO MEDICAID MCO")
    detail = json.loads(run("remit", "show", str(medicaid["id"]), "--json")[1])
    paid_on = date.fromisoformat(detail["payment_date"])
    waits = [(paid_on - date.fromisoformat(c["received"])).days for c in detail["claims"]]
    assert min(waits) >= 45


def test_claims_lists_the_netted_claims(run: Run, shared_fixtures: Path) -> None:
    assert run("remit", "ingest", str(shared_fixtures / "remittance" / REVERSAL))[0] == 0
    code, out, _ = run("remit", "claims", "--json")
    items = json.loads(out)["items"]
    assert [(i["claim_number"], i["paid"]) for i in items] == [
        ("PT1001", "170.00"), ("PT1002", "0.00"),
    ]  # fmt: skip
    code, out, _ = run("remit", "claims", "--claim", "PT1002")
    assert code == 0 and "PT1002" in out and "PT1001" not in out
    code, out, err = run("remit", "claims", "--claim", " ")
    assert code != 0 and "a claim number to look for cannot be empty" in out + err
    assert "Traceback" not in out + err
