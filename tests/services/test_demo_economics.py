"""The demo practice's economics: the worklist, scorecard and modeller show something."""

from __future__ import annotations

from accord.bootstrap import Accord
from accord.services import contract_store, scorecards
from accord.services import underpayment_worklist as worklist
from accord.services.demo_economics import load_demo_economics


def test_the_demo_shows_the_planted_underpayments_and_the_slow_payer(
    sqlite_accord: Accord,
) -> None:
    app = sqlite_accord
    loaded = load_demo_economics(
        app.store.unit_of_work, app.remittance_reader, app.clock, app.demo_remittances
    )
    assert (loaded.files, loaded.contracts) == (52, 3) and loaded.lines > 3000
    again = load_demo_economics(
        app.store.unit_of_work, app.remittance_reader, app.clock, app.demo_remittances
    )
    assert (again.files, again.contracts) == (0, 0)
    rows = contract_store.list_contracts(app.store.unit_of_work)
    assert len(rows) == 3 and all(r.is_demo for r in rows)
    w = worklist.underpayment_worklist(app.store.unit_of_work, app.medicare_prices)
    # every stored line is priced or a denial: the demo contracts cover the whole year
    assert set(w.unpriced) == {"denied (allowed nothing)"}
    # only the planted underpayment is flagged: DEMO NATIONAL HEALTH's 97530, CO-45
    assert {(g.group.payer, g.group.code, g.group.reason) for g in w.groups} == {
        ("DEMO NATIONAL HEALTH", "97530", "CO-45")
    }
    assert w.at_stake > 0
    card = scorecards.payer_scorecard(app.store.unit_of_work, app.medicare_prices)
    slowest = max(card.payers, key=lambda s: s.days_to_pay or 0)
    assert slowest.payer == "DEMO MEDICAID MCO" and (slowest.days_to_pay or 0) >= 45
    assert card.payers[0].payer == "DEMO MEDICAID MCO"  # pays least per unit


def test_the_demo_contracts_notice_dates_lie_ahead_on_any_day(sqlite_accord: Accord) -> None:
    """Loaded on any day, the demo shows its first notice date a month ahead (the
    underpaying payer's), and no notice date already missed."""
    app = sqlite_accord
    load_demo_economics(
        app.store.unit_of_work, app.remittance_reader, app.clock, app.demo_remittances
    )
    today = app.clock.now().date()
    deadlines = contract_store.contract_deadline_list(app.store.unit_of_work, today=today)
    notices = [d for d in deadlines if d.kind == "notice"]
    assert [(d.payer, (d.due - today).days) for d in notices] == [
        ("DEMO NATIONAL HEALTH", 30), ("DEMO BLUE PLAN", 125), ("DEMO MEDICAID MCO", 210),
    ]  # fmt: skip
    assert not any("missed" in d.description for d in deadlines)
