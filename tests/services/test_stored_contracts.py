"""Contracts in the store and the underpayments worklist, on real SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from accord.bootstrap import Accord
from accord.domain.economics.fee_schedule import FeeScheduleEntry, RateBasis
from accord.domain.economics.underpayments import WorklistStatus
from accord.errors import InputFileError, NotFoundError, ValidationError
from accord.services import contract_store, remittances
from accord.services import underpayment_worklist as worklist

REVERSAL = "accord_edge_reversal_plb_two_st.835"
HEADER = (
    "payer,effective_date,end_date,auto_renews,notice_days,units_policy,mppr,tin,zip,"
    "code,basis,rate\n"
)
TERMS = "EXAMPLE HEALTH PLAN,2025-01-01,2026-06-30,no,60,per-code,no,012345678,02134"


def _contract_file(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "example.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def _example(tmp_path: Path) -> Path:
    return _contract_file(tmp_path, f"{TERMS},97110,amount,50.00\n{TERMS},97140,amount,47.00\n")


def test_an_imported_contract_is_listed_shown_and_exported_as_it_was_read(
    accord: Accord, tmp_path: Path
) -> None:
    uow = accord.store.unit_of_work
    [cid] = contract_store.import_contract_file(
        uow, accord.contract_files, accord.clock, _example(tmp_path)
    )
    [row] = contract_store.list_contracts(uow)
    assert (row.id, row.payer, row.effective, row.end, row.rates, row.source) == (
        cid, "EXAMPLE HEALTH PLAN", date(2025, 1, 1), date(2026, 6, 30), 2, "example.csv",
    )  # fmt: skip
    shown = contract_store.show_contract(uow, cid, today=date(2026, 1, 1))
    assert (shown.contract.tin, shown.contract.zip_code) == ("012345678", "02134")
    assert [(e.code, e.value) for e in shown.contract.entries] == [
        ("97110", Decimal("50.00")), ("97140", Decimal("47.00")),
    ]  # fmt: skip
    # notice 60 days before the end: 2026-06-30 − 60 days = 2026-05-01
    assert [(d.kind, d.due) for d in shown.deadlines] == [
        ("notice", date(2026, 5, 1)), ("end", date(2026, 6, 30)),
    ]  # fmt: skip
    out = tmp_path / "out.xlsx"
    assert contract_store.export_stored_contracts(uow, accord.contract_files, out) == 1
    assert accord.contract_files.read(out) == [shown.contract]


def test_a_bad_file_stores_nothing(accord: Accord, tmp_path: Path) -> None:
    path = _contract_file(tmp_path, f"{TERMS},97110,amount,50\n{TERMS},9714,amount,47\n")
    with pytest.raises(InputFileError, match=r"line 3.*code"):
        contract_store.import_contract_file(
            accord.store.unit_of_work, accord.contract_files, accord.clock, path
        )
    assert contract_store.list_contracts(accord.store.unit_of_work) == []
    with pytest.raises(NotFoundError):
        contract_store.show_contract(accord.store.unit_of_work, 1, today=date(2026, 1, 1))


def test_agreed_rates_close_the_contract_and_its_successor_carries_the_deadlines(
    accord: Accord, tmp_path: Path
) -> None:
    uow = accord.store.unit_of_work
    [cid] = contract_store.import_contract_file(
        uow, accord.contract_files, accord.clock, _example(tmp_path)
    )
    agreed = [FeeScheduleEntry("97110", "", "", RateBasis.AMOUNT, Decimal("55.00"))]
    new_id = contract_store.revise_contract_rates(
        uow, accord.clock, cid, agreed, effective=date(2026, 3, 1), source="negotiation 7"
    )
    old = contract_store.show_contract(uow, cid, today=date(2026, 1, 1)).contract
    new = contract_store.show_contract(uow, new_id, today=date(2026, 1, 1)).contract
    assert (old.end, new.effective, new.end) == (
        date(2026, 2, 28), date(2026, 3, 1), date(2026, 6, 30),
    )  # fmt: skip
    assert {e.code: e.value for e in new.entries} == {
        "97110": Decimal("55.00"), "97140": Decimal("47.00"),
    }  # fmt: skip
    # The closed contract's end (2026-02-28) is no deadline: its successor continues.
    found = contract_store.contract_deadline_list(uow, today=date(2026, 1, 1))
    assert [(d.kind, d.due) for d in found] == [
        ("notice", date(2026, 5, 1)), ("end", date(2026, 6, 30)),
    ]  # fmt: skip


def _load(accord: Accord, shared_fixtures: Path, tmp_path: Path) -> None:
    remittances.ingest_remittances(
        accord.store.unit_of_work, accord.remittance_reader, accord.clock,
        [shared_fixtures / "remittance" / REVERSAL],
    )  # fmt: skip
    contract_store.import_contract_file(
        accord.store.unit_of_work, accord.contract_files, accord.clock, _example(tmp_path)
    )


def test_the_worklist_prices_the_corrected_claim_once_and_flags_the_shortfall(
    accord: Accord, shared_fixtures: Path, tmp_path: Path
) -> None:
    """By hand, from the fixture: PT1001 paid (2 lines), reversed (CLP02 22), corrected;
    only the correction counts. Its 97110 ×2 units was allowed $95 (paid 85 + PR 10)
    against 2 × $50 = $100 expected: $5 short, above $1 and above 2% of $100 → flagged.
    Its 97140 ×2 was allowed $95 against 2 × $47 = $94: not short. PT1002 was denied
    (allowed nothing): counted as a denial, not priced. Lines 3, priced 2, expected
    $194, allowed $190, at stake $5."""
    _load(accord, shared_fixtures, tmp_path)
    w = worklist.underpayment_worklist(accord.store.unit_of_work, accord.medicare_prices)
    assert (w.lines, w.priced, w.expected, w.allowed, w.at_stake) == (
        3, 2, Decimal("194"), Decimal("190"), Decimal("5"),
    )  # fmt: skip
    assert w.unpriced == {"denied (allowed nothing)": 1}
    [g] = w.groups
    assert (g.status, g.group.payer, g.group.code, g.group.reason) == (
        WorklistStatus.NEW, "EXAMPLE HEALTH PLAN", "97110", "CO-45",
    )  # fmt: skip
    assert g.group.label == "CO-45: (no label imported)"


def test_worklist_status_is_stored_and_labels_come_from_the_imported_table(
    accord: Accord, shared_fixtures: Path, tmp_path: Path
) -> None:
    _load(accord, shared_fixtures, tmp_path)
    uow = accord.store.unit_of_work
    n = worklist.import_code_labels(
        uow, accord.reference_tables, shared_fixtures / "remittance" / "carc_rarc_subset.csv"
    )
    assert n > 0
    [g] = worklist.underpayment_worklist(uow, accord.medicare_prices, line_ids=True).groups
    assert g.group.label.startswith("CO-45: Contractual") and "fee schedule" in g.group.label
    ids = [int(i) for i in g.group.line_ids]
    assert worklist.mark_underpayments(uow, accord.clock, ids, "appealed") == 1
    w = worklist.underpayment_worklist(uow, accord.medicare_prices)
    assert [x.status for x in w.groups] == [WorklistStatus.APPEALED]
    assert w.at_stake == Decimal("5")  # an appeal is still open money
    worklist.mark_underpayments(uow, accord.clock, ids, "written-off")
    w = worklist.underpayment_worklist(uow, accord.medicare_prices)
    assert [x.status for x in w.groups] == [WorklistStatus.WRITTEN_OFF]
    assert w.at_stake == 0
    assert (
        worklist.underpayment_worklist(
            uow, accord.medicare_prices, status=WorklistStatus.NEW
        ).groups
        == []
    )
    with pytest.raises(ValidationError, match="expected a status"):
        worklist.mark_underpayments(uow, accord.clock, ids, "paid")
    with pytest.raises(ValidationError, match="no stored service line"):
        worklist.mark_underpayments(uow, accord.clock, [ids[0], 999_999], "recovered")
    w = worklist.underpayment_worklist(uow, accord.medicare_prices)
    assert [x.status for x in w.groups] == [WorklistStatus.WRITTEN_OFF]


def test_a_contract_not_yet_in_force_prices_nothing(
    accord: Accord, shared_fixtures: Path, tmp_path: Path
) -> None:
    remittances.ingest_remittances(
        accord.store.unit_of_work, accord.remittance_reader, accord.clock,
        [shared_fixtures / "remittance" / REVERSAL],
    )  # fmt: skip
    late = TERMS.replace("2025-01-01", "2026-01-01")
    contract_store.import_contract_file(
        accord.store.unit_of_work, accord.contract_files, accord.clock,
        _contract_file(tmp_path, f"{late},97110,amount,50\n"),
    )  # fmt: skip
    w = worklist.underpayment_worklist(accord.store.unit_of_work, accord.medicare_prices)
    assert (w.priced, w.groups) == (0, [])
    assert w.unpriced == {"denied (allowed nothing)": 1, "no contract in force": 2}


def test_an_agreed_rate_term_becomes_the_contracts_new_rate(accord: Accord, tmp_path: Path) -> None:
    from accord.domain.terms import TermStatus
    from accord.services import negotiations
    from tests.support.factories import rate_negotiation

    uow = accord.store.unit_of_work
    [cid] = contract_store.import_contract_file(
        uow, accord.contract_files, accord.clock, _example(tmp_path)
    )
    negotiation = rate_negotiation(accord)
    assert negotiation.id is not None
    with pytest.raises(ValidationError, match="at least one agreed rate term"):
        contract_store.revise_contract_from_negotiation(
            uow, accord.clock, cid, negotiation.id, effective=date(2026, 4, 1)
        )
    negotiations.set_term_status(
        uow(), accord.clock.now(), negotiation.id, "rate_97110", TermStatus.AGREED, 38.5
    )
    new_id = contract_store.revise_contract_from_negotiation(
        uow, accord.clock, cid, negotiation.id, effective=date(2026, 4, 1)
    )
    new = contract_store.show_contract(uow, new_id, today=date(2026, 1, 1)).contract
    assert {e.code: e.value for e in new.entries} == {
        "97110": Decimal("38.500"), "97140": Decimal("47.00"),
    }  # fmt: skip
    assert new.effective == date(2026, 4, 1)
    assert [r.source for r in contract_store.list_contracts(uow)] == [
        "example.csv", f"negotiation {negotiation.id}",
    ]  # fmt: skip
