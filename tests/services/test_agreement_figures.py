"""An agreement's figures come from its terms: nothing typed twice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from accord.bootstrap import Accord
from accord.domain.negotiation import NegotiationKind
from accord.domain.terms import Direction, TermKind
from accord.services import agreements, negotiations
from tests.support.clock import FixedClock
from tests.support.factories import ours_and_payer, rate_negotiation


def test_rate_changes_come_from_the_final_terms_and_each_terms_current_rate(
    accord: Accord, clock: FixedClock
) -> None:
    nid = rate_negotiation(accord).id
    assert nid is not None
    negotiations.revise_term(
        accord.store.unit_of_work(), clock.now(), nid, "rate_97110",
        {"current": 30.5, "yearly_volume": 4200},
    )  # fmt: skip
    agreement = agreements.record_agreement(
        accord.store.unit_of_work(), clock.now(), nid,
        final_terms={"rate_97110": 37.5, "visit_cap": 30}, effective=date(2027, 1, 1),
    )  # fmt: skip
    assert [
        (c.code, c.current_rate, c.new_rate, c.yearly_volume) for c in agreement.rate_changes
    ] == [("97110", Decimal("30.5"), Decimal("37.50"), 4200)]
    assert agreement.yearly_revenue_effect == Decimal("29400.00")


def test_a_case_costs_its_per_diem_times_its_days_when_no_actual_cost_is_given(
    accord: Accord, clock: FixedClock
) -> None:
    ours, facility = ours_and_payer(accord)
    uow = accord.store.unit_of_work
    n = negotiations.open_negotiation(
        uow(), clock.now(), title="SNF", kind=NegotiationKind.SINGLE_CASE_AGREEMENT,
        our_org_id=ours, counterparty_id=facility,
    )  # fmt: skip
    assert n.id is not None
    negotiations.add_term(uow(), clock.now(), n.id, name="per_diem", kind=TermKind.PER_DIEM)
    negotiations.add_term(uow(), clock.now(), n.id, name="days", kind=TermKind.DAYS)
    per_diem = negotiations.get_negotiation(uow(), n.id).term("per_diem")
    assert per_diem.direction is Direction.LOWER_BETTER  # we pay
    agreement = agreements.record_agreement(
        uow(), clock.now(), n.id, final_terms={"per_diem": 700, "days": 21},
        effective=date(2026, 12, 7), potential_cost=Decimal("25000"),
    )  # fmt: skip
    assert agreement.actual_cost == Decimal("14700.00")
    assert agreement.hard_savings == Decimal("10300.00")
