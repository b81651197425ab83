"""The stored economics read model (each line priced once, daily roll-ups) gives the same
worklist and scorecard as the per-line domain rules, on the shared fixtures and the demo,
on SQLite and PostgreSQL; and it prices again only what changed."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from accord.adapters.contracts.medicare_prices import PfsMedicarePrices
from accord.bootstrap import Accord
from accord.domain.economics.code_labels import CodeLabels
from accord.domain.economics.scorecard import scorecard
from accord.domain.economics.underpayments import Tolerance, WorklistStatus, underpayments
from accord.services import contract_store, remittances, scorecards
from accord.services import underpayment_worklist as worklist
from accord.services.contracts import expected_vs_paid
from accord.services.demo_economics import load_demo_economics
from accord.services.economics_ports import UnderpaidGroupKey
from accord.services.economics_refresh import refresh_economics
from accord.services.medicare_localities import LocalMedicare, practice_place

HEADER = "payer,effective_date,units_policy,mppr,code,basis,rate,medicare_year\n"


def _reference(app: Accord, start: date | None = None, end: date | None = None) -> Any:
    """The worklist and scorecard computed line by line by the domain (the old path)."""
    with app.store.unit_of_work() as uow:
        paid = uow.economics.paid_lines(start=start, end=end)
        contracts = [c for _, c in uow.contracts.all()]
        statuses = uow.economics.statuses()
        labels = CodeLabels(uow.economics.code_labels())
        local = LocalMedicare(app.medicare_prices, practice_place(uow))
    kept = [p.line for p in paid if not (p.denied or p.line.allowed_or_derived == 0)]
    priced = expected_vs_paid(kept, contracts, app.medicare_prices, practice=local.practice)
    by_status: dict[str, list[Any]] = defaultdict(list)
    for e in priced:
        if e.expected is not None:
            by_status[statuses.get(e.line.line_id, "new")].append(e)
    groups = {
        (g.payer, g.code, g.reason, s, g.line_ids, g.expected, g.allowed)
        for s, lines in by_status.items()
        for g in underpayments(lines, Tolerance(), labels)
    }
    open_: dict[str, Decimal] = defaultdict(Decimal)
    for payer, _, _, s, _, expected, allowed in groups:
        if s in ("new", "appealed"):
            open_[payer] += expected - allowed
    prices = {}
    for code, year in {(p.line.code, p.line.date_of_service.year) for p in paid}:
        # the practice's own locality: the demo's and the fixtures' lines of one code and
        # year are all priced in one place
        where = local.for_contract(None)
        price = local.price(code, "", year, where) or local.price(code, "", year - 1, where)
        if price is not None:
            prices[code, year] = price.total
    valued = [e for e in priced if e.expected is not None]
    totals = (len(paid), len(valued), sum((e.expected or 0 for e in valued), Decimal(0)),
              sum((e.compared for e in valued), Decimal(0)))  # fmt: skip
    return groups, totals, scorecard(paid, open_, prices)


def _assert_same(app: Accord, start: date | None = None, end: date | None = None) -> Any:
    groups, totals, scores = _reference(app, start, end)
    w = worklist.underpayment_worklist(
        app.store.unit_of_work, app.medicare_prices, start=start, end=end, line_ids=True
    )
    stored = {
        (g.group.payer, g.group.code, g.group.reason, g.status.value, g.group.line_ids,
         g.group.expected, g.group.allowed)
        for g in w.groups
    }  # fmt: skip
    assert stored == groups
    assert all(g.group.lines == len(g.group.line_ids) for g in w.groups)
    assert (w.lines, w.priced, w.expected, w.allowed) == totals
    card = scorecards.payer_scorecard(
        app.store.unit_of_work, app.medicare_prices, start=start, end=end
    )
    assert len(card.payers) == len(scores)
    for ours, theirs in zip(card.payers, scores, strict=True):
        share = ours.medicare_share, theirs.medicare_share
        ours_d = {f: getattr(ours, f) for f in ours.__dataclass_fields__} | {"medicare_share": 0}
        theirs_d = {f: getattr(theirs, f) for f in theirs.__dataclass_fields__}
        assert ours_d == theirs_d | {"medicare_share": 0}
        # Medicare's amount × units is kept in whole cents per line: equal to 0.01%
        assert (share[0] is None) == (share[1] is None)
        if share[0] is not None and share[1] is not None:
            assert abs(share[0] - share[1]) < Decimal("0.0001")
    return w, card


def _contracts_for_every_payer(app: Accord, path: Path) -> Path:
    """A contract per stored payer over every code, mixing the three rate bases."""
    with app.store.unit_of_work() as uow:
        paid = uow.economics.paid_lines()
    top: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for p in paid:
        if p.line.units:
            key = (p.line.payer, p.line.code)
            top[key] = max(top[key], p.line.allowed_or_derived / p.line.units)
    rows = []
    for i, ((payer, code), amount) in enumerate(sorted(top.items())):
        quoted = '"' + payer.replace('"', '""') + '"'
        # the MPPR where Medicare prices every code of the payer (else visits go unpriced)
        mppr = (
            "yes"
            if all(app.medicare_prices.price(c, "", 2025) for (p, c) in top if p == payer)
            else "no"
        )
        terms = f"{quoted},2000-01-01,per-code,{mppr},{code}"
        if i % 3 == 0 or app.medicare_prices.price(code, "", 2025) is None:
            rows.append(f"{terms},amount,{max(amount, Decimal(10)) * Decimal('1.1'):.2f},")
        elif i % 3 == 1:
            rows.append(f"{terms},percent_of_medicare,120,2025")
        else:
            rows.append(f"{terms},percent_of_charges,90,")
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_stored_figures_equal_the_per_line_rules_on_every_fixture(
    accord: Accord, shared_fixtures: Path, tmp_path: Path
) -> None:
    pfs = shared_fixtures / "pfs"
    accord.medicare_prices = PfsMedicarePrices(pfs / "PPRRVU2025_Oct-subset.csv",
                                               pfs / "GPCI2025.csv")  # fmt: skip
    uow = accord.store.unit_of_work
    folder = shared_fixtures / "remittance"
    files = sorted(p for p in folder.glob("*.835") if "unbalanced" not in p.name)
    remittances.ingest_remittances(uow, accord.remittance_reader, accord.clock, files[:3])
    _assert_same(accord)  # built from nothing, no contract yet: nothing priced
    remittances.ingest_remittances(uow, accord.remittance_reader, accord.clock, files[3:])
    contract = _contracts_for_every_payer(accord, tmp_path / "all.csv")
    contract_store.import_contract_file(uow, accord.contract_files, accord.clock, contract)
    w, _ = _assert_same(accord)  # new remittances and new contracts, priced incrementally
    assert w.groups and w.priced
    [first, *_] = w.groups
    worklist.mark_underpayments(uow, accord.clock, [int(first.group.line_ids[0])], "appealed")
    marked, _ = _assert_same(accord)
    assert any(g.status is WorklistStatus.APPEALED for g in marked.groups)
    # a whole row moved by its key: the roll-ups still equal the per-line rules
    row = marked.groups[-1]
    key = UnderpaidGroupKey(row.group.payer, row.group.code, row.group.reason, row.status.value)
    moved = worklist.mark_underpayment_group(
        uow, accord.medicare_prices, accord.clock, key, "written off"
    )
    assert moved == row.group.lines
    after, _ = _assert_same(accord)
    assert any(g.status is WorklistStatus.WRITTEN_OFF for g in after.groups)
    # a rebuild from nothing gives the same read model as the incremental path
    with uow() as u:
        u.economics_rollup.set_state({})
        u.commit()
    assert refresh_economics(uow, accord.medicare_prices).rebuilt
    _assert_same(accord)


def test_the_demo_figures_equal_the_per_line_rules(accord: Accord) -> None:
    app = accord
    load_demo_economics(
        app.store.unit_of_work, app.remittance_reader, app.clock, app.demo_remittances
    )
    w, card = _assert_same(app)
    assert {(g.group.payer, g.group.code) for g in w.groups} == {("DEMO NATIONAL HEALTH", "97530")}
    assert card.payers[0].payer == "DEMO MEDICAID MCO"
    # the demo's adjustment codes read in words
    assert [g.group.label for g in w.groups] == [
        "CO-45: contractual: the practice writes it off, the patient owes nothing; "
        "charge above the contracted or fee-schedule amount"
    ]
    assert w.medicare_localities == card.medicare_localities
    # a period inside the demo's year (which ends near the clock's today), its bounds
    # mid-month; it must hold some of the lines and not all, or it would prove nothing
    today = app.clock.now().date()
    start = (today - timedelta(days=240)).replace(day=15)
    end = (today - timedelta(days=60)).replace(day=20)
    part, _ = _assert_same(app, start, end)
    assert 0 < part.lines < w.lines


def test_the_demo_keeps_code_labels_an_admin_imported(sqlite_accord: Accord) -> None:
    app = sqlite_accord
    with app.store.unit_of_work() as u:
        u.economics.replace_code_labels([("carc", "45", "from the admin's list")])
        u.commit()
    load_demo_economics(
        app.store.unit_of_work, app.remittance_reader, app.clock, app.demo_remittances
    )
    with app.store.unit_of_work() as u:
        assert u.economics.code_labels() == [("carc", "45", "from the admin's list")]


def test_only_what_changed_is_priced_again(
    sqlite_accord: Accord, shared_fixtures: Path, tmp_path: Path
) -> None:
    app, folder = sqlite_accord, shared_fixtures / "remittance"
    uow = app.store.unit_of_work
    ingest = remittances.ingest_remittances
    ingest(uow, app.remittance_reader, app.clock, [folder / "accord_edge_two_plb_segments.835"])
    first = refresh_economics(uow, app.medicare_prices)
    assert first.rebuilt and first.claims > 0
    assert refresh_economics(uow, app.medicare_prices).claims == 0  # nothing changed
    ingest(uow, app.remittance_reader, app.clock, [folder / "accord_edge_reversal_plb_two_st.835"])
    with uow() as u:
        keys = u.economics_rollup.claim_keys(
            after_claim=int(u.economics_rollup.state()["last_claim"])
        )
    again = refresh_economics(uow, app.medicare_prices)
    assert (again.rebuilt, again.claims) == (False, len(keys))
    path = tmp_path / "c.csv"
    path.write_text(HEADER + "EXAMPLE HEALTH PLAN,2025-01-01,per-code,no,97110,amount,50,\n")
    contract_store.import_contract_file(uow, app.contract_files, app.clock, path)
    priced = refresh_economics(uow, app.medicare_prices)
    assert not priced.rebuilt and 0 < priced.claims < first.claims + again.claims + 1
    _assert_same(app)


def test_the_worklist_comes_a_page_of_groups_at_a_time(sqlite_accord: Accord) -> None:
    app = sqlite_accord
    load_demo_economics(
        app.store.unit_of_work, app.remittance_reader, app.clock, app.demo_remittances
    )
    whole = worklist.underpayment_worklist(app.store.unit_of_work, app.medicare_prices,
                                           tolerance=Tolerance(Decimal(0), Decimal(0)))  # fmt: skip
    assert whole.group_count == len(whole.groups) >= 2
    page = worklist.underpayment_worklist(
        app.store.unit_of_work, app.medicare_prices, offset=1, limit=1,
        tolerance=Tolerance(Decimal(0), Decimal(0)),
    )  # fmt: skip
    assert page.groups == whole.groups[1:2]
    assert (page.group_count, page.at_stake) == (whole.group_count, whole.at_stake)
