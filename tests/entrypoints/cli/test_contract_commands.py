"""``accord contract``, ``accord underpayments`` and ``accord payer scorecard`` from the
command line: JSON for scripts, one-line errors, nothing stored from a bad file."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from tests.entrypoints.cli.conftest import Run

REVERSAL = "accord_edge_reversal_plb_two_st.835"
TERMS = "EXAMPLE HEALTH PLAN,2025-01-01,2026-06-30,no,60,per-code,no"
HEAD = "payer,effective_date,end_date,auto_renews,notice_days,units_policy,mppr,code,basis,rate\n"


def test_import_price_mark_score_and_model(run: Run, shared_fixtures: Path, tmp_path: Path) -> None:
    """Figures by hand: see tests/services/test_stored_contracts.py and test_modeller.py."""
    run("remit", "ingest", str(shared_fixtures / "remittance" / REVERSAL))
    bad = tmp_path / "bad.csv"
    bad.write_text(HEAD + f"{TERMS},97110,amount,50\n{TERMS},97140,amount,lots\n")
    code, _, err = run("contract", "import", str(bad))
    assert code != 0 and err.count("\n") == 1 and "bad.csv, line 3" in err
    code, out, _ = run("contract", "list", "--json")
    assert json.loads(out) == []
    good = tmp_path / "good.csv"
    good.write_text(HEAD + f"{TERMS},97110,amount,50\n{TERMS},97140,amount,47\n")
    code, out, _ = run("contract", "import", str(good), "--json")
    assert code == 0
    [cid] = json.loads(out)["contract_ids"]
    code, out, _ = run("contract", "show", str(cid), "--json")
    assert [r["rate"] for r in json.loads(out)["rates"]] == ["50", "47"]
    code, out, _ = run("underpayments", "--json")
    w = json.loads(out)
    assert (w["at_stake_open"], w["groups"][0]["code"]) == ("5.00", "97110")
    assert w["groups"][0]["lines"] == 1 and "line_ids" not in w["groups"][0]
    g = w["groups"][0]
    row = ["--payer", g["payer"], "--code", g["code"], "--reason", g["reason"]]
    code, out, _ = run("underpayments", "mark", "appealed", *row)
    assert code == 0 and "marked 1 line appealed" in out
    code, out, _ = run("underpayments", "--status", "new", "--json")
    assert json.loads(out)["groups"] == []
    code, out, _ = run("underpayments", "--json", "--line-ids")
    [ids] = [g["line_ids"] for g in json.loads(out)["groups"]]
    code, out, _ = run("underpayments", "mark", "recovered", *map(str, ids))
    assert code == 0 and "marked 1 line recovered" in out
    code, out, _ = run("underpayments", "mark", "new", *row, "--status", "recovered")
    assert code == 0 and "marked 1 line new" in out
    code, _, err = run("underpayments", "mark", "new", "1", *row)
    assert code != 0 and "not both" in err
    code, _, err = run("underpayments", "mark", "paid", "1")
    assert code != 0 and "expected a status" in err
    csv_path = tmp_path / "card.csv"
    code, out, _ = run("payer", "scorecard", "--json", "--csv", str(csv_path))
    assert json.loads(out)["payers"][0]["revenue"] == "170.00"
    assert csv_path.read_text().splitlines()[1].startswith("1,EXAMPLE HEALTH PLAN,170.00")
    xlsx_path = tmp_path / "card.xlsx"
    code, out, _ = run("payer", "scorecard", "--xlsx", str(xlsx_path))
    assert code == 0 and f"wrote {xlsx_path}" in out
    payers = openpyxl.load_workbook(xlsx_path)["Payers"]
    assert [c.value for c in payers[2]][:3] == [1, "EXAMPLE HEALTH PLAN", 170]
    code, out, _ = run("contract", "model", str(cid), "--from", "2025-12-01", "--to",
                       "2025-12-31", "--increase", "10", "--json")  # fmt: skip
    assert json.loads(out)["proposals"][0]["yearly_effect"] == "228.42"
    code, out, _ = run("contract", "model", str(cid), "--from", "2025-12-01", "--to",
                       "2025-12-31", "--increase", "10")  # fmt: skip
    assert code == 0 and "a year $228.42" in out
    # The CLI dates by the system clock: the term (to 2026-06-30) may have ended; the
    # dates themselves are checked with a fixed clock in tests/economics.
    code, out, _ = run("contract", "deadlines", "--json")
    assert code == 0 and all(d["payer"] == "EXAMPLE HEALTH PLAN" for d in json.loads(out))
    code, _, err = run("contract", "show", "99")
    assert code != 0 and "no contract 99" in err


def test_a_negotiation_opens_from_a_stored_contract(
    run: Run, shared_fixtures: Path, tmp_path: Path
) -> None:
    run("remit", "ingest", str(shared_fixtures / "remittance" / REVERSAL))
    good = tmp_path / "good.csv"
    good.write_text(HEAD + f"{TERMS},97110,amount,50\n{TERMS},97140,amount,47\n")
    [cid] = json.loads(run("contract", "import", str(good), "--json")[1])["contract_ids"]
    assert run("org", "add", "Summit PT", "--kind", "ours")[0] == 0
    [ours] = [o["id"] for o in json.loads(run("org", "list", "--json")[1])]
    code, out, err = run("negotiation", "new", "Example rates 2027", "--ours", str(ours),
                         "--from-contract", str(cid))  # fmt: skip
    assert code == 0, err
    assert "rate terms from contract" in out and "97110: $50.00 now" in out
    [n] = json.loads(run("negotiation", "list", "--json")[1])
    shown = json.loads(run("negotiation", "show", str(n["id"]), "--json")[1])
    assert {t["billing_code"]: t["current"] for t in shown["terms"]} == {"97110": 50, "97140": 47}
    code, _, err = run("negotiation", "new", "x", "--ours", str(ours), "--from-contract", "99")
    assert code != 0 and "no contract 99" in err
    code, _, err = run("negotiation", "new", "x", "--ours", str(ours))
    assert code != 0 and "expected --kind and --counterparty" in err
