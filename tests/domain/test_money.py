"""Packages in dollars, checked against arithmetic done by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from accord.domain.money import dollars, episode_cost, yearly_revenue
from accord.domain.term_labels import humanise, term_label
from accord.domain.terms import Direction, Term, TermKind
from accord.errors import ValidationError


def _snf_terms() -> list[Term]:
    return [
        Term("per_diem", TermKind.PER_DIEM, Direction.LOWER_BETTER, opening=480, target=560,
             walk_away=640),
        Term("length_of_stay", TermKind.DAYS, Direction.LOWER_BETTER, opening=14, target=18,
             walk_away=24),
        Term("therapy_included", TermKind.SERVICE_INCLUDED, opening=True, target=True,
             walk_away=False),
    ]  # fmt: skip


def test_the_episode_cost_is_the_per_diem_times_the_days_and_the_saving_is_against_potential() -> (
    None
):
    """$690/day × 21 days = $14,490; potential $780 × 24 = $18,720; saving
    18,720 − 14,490 = $4,230."""
    money = episode_cost(
        _snf_terms(),
        {"per_diem": 690, "length_of_stay": 21, "therapy_included": True},
        potential=Decimal("18720.00"),
    )
    assert money.total == Decimal("14490.00")
    assert money.difference == Decimal("4230.00")
    assert money.lines[0].working == "$690.00/day × 21 days"
    assert money.notes == ()
    assert money.headline == (
        "episode cost $14,490.00 · saving $4,230.00 against the potential cost"
    )


def test_a_service_left_out_is_named_as_billed_separately() -> None:
    """$780/day × 24 days = $18,720, therapy not included: said, not priced."""
    money = episode_cost(
        _snf_terms(),
        {"per_diem": 780, "length_of_stay": 24, "therapy_included": "no"},
        potential=None,
    )
    assert money.total == Decimal("18720.00")
    assert money.difference is None
    assert money.notes == ("Therapy included: not included, billed separately (not counted)",)


def test_a_rate_per_unit_in_a_case_is_multiplied_by_the_visits() -> None:
    """$95.50/visit × 12 visits = $1,146; potential $1,500 → saving $354."""
    terms = [Term("rate_97110", TermKind.RATE_PER_UNIT, billing_code="97110"),
             Term("visits", TermKind.VISITS)]  # fmt: skip
    money = episode_cost(terms, {"rate_97110": 95.5, "visits": 12}, potential=Decimal(1500))
    assert money.total == Decimal("1146.00")
    assert money.difference == Decimal("354.00")


def test_without_days_a_per_diem_is_not_priced_and_says_why() -> None:
    money = episode_cost(_snf_terms()[:1], {"per_diem": 600}, potential=None)
    assert money.total is None
    assert money.headline == "not priced: Per diem: no days to multiply by"


def _pt_terms() -> list[Term]:
    return [
        Term("rate_97110", TermKind.RATE_PER_UNIT, billing_code="97110", current=29.60,
             yearly_volume=4200),
        Term("rate_97161", TermKind.RATE_PER_UNIT, billing_code="97161", current=95.0,
             yearly_volume=180),
        Term("visit_cap", TermKind.VISITS),
    ]  # fmt: skip


def test_the_yearly_revenue_is_each_rate_times_its_volume_and_the_change_is_against_current() -> (
    None
):
    """New: 31.00 × 4,200 + 98.00 × 180 = 130,200 + 17,640 = $147,840.
    Current: 29.60 × 4,200 + 95.00 × 180 = 124,320 + 17,100 = $141,420.
    Change: 147,840 − 141,420 = +$6,420."""
    money = yearly_revenue(_pt_terms(), {"rate_97110": 31.0, "rate_97161": 98.0, "visit_cap": 20})
    assert money.total == Decimal("147840.00")
    assert money.reference == Decimal("141420.00")
    assert money.difference == Decimal("6420.00")
    assert [line.amount for line in money.lines] == [Decimal("130200.00"), Decimal("17640.00")]
    assert money.headline == "yearly revenue $147,840.00 · +$6,420.00 a year against current rates"


def test_a_rate_without_a_volume_is_named_and_left_out_of_the_total() -> None:
    """Only 97110 has a volume: 38.00 × 4,200 = $159,600; current 29.60 × 4,200 = $124,320."""
    terms = _pt_terms()
    terms[1].yearly_volume = None
    money = yearly_revenue(terms, {"rate_97110": 38.0, "rate_97161": 110.0})
    assert money.total == Decimal("159600.00")
    assert money.difference == Decimal("35280.00")
    assert money.notes == ("97161 PT evaluation, simple — rate per evaluation: no yearly volume "
                           "recorded",)  # fmt: skip


def test_a_term_set_aside_as_agreed_keeps_its_agreed_value_in_the_money() -> None:
    """97161 agreed at $100 (not in the package): 100 × 180 = $18,000 is counted."""
    terms = _pt_terms()
    terms[1].agreed_value = 100.0
    money = yearly_revenue(terms, {"rate_97110": 30.0})
    assert money.total == Decimal("126000.00") + Decimal("18000.00")


def test_a_cut_reads_as_a_negative_change() -> None:
    money = yearly_revenue(_pt_terms()[:1], {"rate_97110": 29.0})
    assert money.difference == Decimal("-2520.00")  # (29.00 − 29.60) × 4,200
    assert dollars(money.difference, signed=True) == "−$2,520.00"


def test_only_money_terms_hold_a_current_rate_or_a_volume() -> None:
    with pytest.raises(ValidationError, match="only a rate or a per diem has a yearly volume"):
        Term("visit_cap", TermKind.VISITS, yearly_volume=10)
    with pytest.raises(ValidationError, match="non-negative"):
        Term("rate_97110", TermKind.RATE_PER_UNIT, current=-1.0)


def test_terms_are_shown_by_label_with_our_own_short_code_descriptions() -> None:
    assert term_label(_pt_terms()[0]) == "97110 therapeutic exercise — rate per unit"
    assert term_label(_pt_terms()[1]) == "97161 PT evaluation, simple — rate per evaluation"
    assert term_label(Term("rate_x", TermKind.RATE_PER_UNIT, billing_code="G0283")) == (
        "G0283 (Rate x) — rate per unit"
    )
    assert term_label(_snf_terms()[0]) == "Per diem"
    assert term_label(_snf_terms()[1]) == "Length of stay (days)"
    assert humanise("payment_days") == "Payment days"
