"""``accord contract check`` and ``accord billing units`` through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from tests.entrypoints.cli.conftest import Run

FEES = (
    "payer,effective_date,end_date,auto_renews,notice_days,timely_filing_days,tin,zip,"
    "code,modifier,basis,rate,medicare_year\n"
    "Acme [bold]Health[/bold],2025-01-01,2099-12-31,yes,90,90,012345678,02134,"
    "97110,GP,amount,31.50,\n"
    "Acme [bold]Health[/bold],2025-01-01,2099-12-31,yes,90,90,012345678,02134,"
    "97140,,percent_of_medicare,110,2025\n"
)


def test_contract_check_summarises_a_valid_file(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "fees.csv"
    path.write_text(FEES)
    code, out, _ = run("contract", "check", str(path))
    assert code == 0
    assert "valid — 1 contract, 2 rates" in out
    # a payer name is data: printed as typed, never read as markup
    assert "Acme [bold]Health[/bold]: 2025-01-01 to 2099-12-31 (renews)" in out
    assert "1 $ amount, 1 % of Medicare" in out
    assert "notice 2099-10-02" in out


def test_contract_check_json_lists_contracts_and_deadlines(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "fees.csv"
    path.write_text(FEES)
    code, out, _ = run("contract", "check", str(path), "--json")
    assert code == 0
    (contract,) = json.loads(out)
    assert contract["rates_by_basis"] == {"amount": 1, "percent_of_medicare": 1}
    assert [d["due"] for d in contract["deadlines"]] == ["2099-10-02", "2099-12-31"]


def test_contract_check_reports_a_bad_row_on_one_line(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "fees.csv"
    path.write_text(FEES.replace("97140,,percent", "9714,,percent"))
    code, out, err = run("contract", "check", str(path))
    assert code == 2 and out == ""
    expected = "fees.csv, line 3: column 'code': expected a HCPCS code of 5 letters or digits"
    assert err.strip().endswith(f"{expected}, found '9714'")
    assert len(err.strip().splitlines()) == 1


def test_billing_units_follow_the_policy(run: Run) -> None:
    code, out, _ = run("billing", "units", "97110=10", "97140=10", "97530=10", "--json")
    assert code == 0
    result = json.loads(out)
    assert (result["total_units"], result["per_code_total_units"]) == (2, 3)
    code, out, _ = run("billing", "units", "97110=33", "97140=7", "--policy", "per-code")
    assert code == 0
    assert "40 timed minutes, per-code: 2 units (97110 2, 97140 0)" in out


def test_billing_units_refuses_minutes_it_cannot_read(run: Run) -> None:
    code, _, err = run("billing", "units", "97110:33")
    assert code == 2 and "expected CODE=MINUTES such as 97110=33, found '97110:33'" in err
    code, _, err = run("billing", "units", "97110=33", "--policy", "rounded")
    assert code == 2 and "expected medicare or per-code" in err
