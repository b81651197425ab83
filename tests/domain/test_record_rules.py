"""Rules of the negotiation record, tested on plain domain objects (no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.domain.agreements import (
    Agreement,
    RateChange,
    episode_cost,
    rate_changes_from_terms,
)
from accord.domain.identifiers import is_valid_npi, normalise_tin, validate_npi
from accord.domain.interactions import (
    Interaction,
    InteractionDirection,
    overdue_follow_ups,
    responsiveness,
)
from accord.domain.negotiation import Approach, Negotiation, NegotiationKind, check_patient_ref
from accord.domain.offers import Channel, Offer, Side
from accord.domain.organisations import Contact, DecisionRole, Organisation, OrganisationKind
from accord.domain.preparation import Checklist, CompetitorPrice
from accord.domain.signals import walk_away_signals
from accord.domain.stages import Stage, allowed_next, check_transition, natural_next
from accord.domain.terms import Direction, Term, TermKind, TermStatus, default_direction
from accord.errors import ConflictError, InvalidTransitionError, ValidationError

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def negotiation(**extra: object) -> Negotiation:
    n = Negotiation("SCA", NegotiationKind.SINGLE_CASE_AGREEMENT, 1, 2, T0, **extra)  # type: ignore[arg-type]
    n.add_term(
        Term("per_diem", TermKind.PER_DIEM, Direction.LOWER_BETTER, minimum=100, maximum=1500,
             opening=480, target=560, walk_away=640)
    )  # fmt: skip
    n.add_term(Term("therapy", TermKind.SERVICE_INCLUDED, opening=True, walk_away=False))
    return n


# -- identifiers ---------------------------------------------------------------------------
def test_npi_with_a_correct_check_digit_is_accepted() -> None:
    assert is_valid_npi("1234567893")
    assert validate_npi(" 1245319599 ") == "1245319599"


def test_npi_with_a_wrong_check_digit_is_refused_with_the_reason() -> None:
    with pytest.raises(ValidationError, match="check digit"):
        validate_npi("1234567890")
    with pytest.raises(ValidationError, match="exactly 10 digits"):
        validate_npi("12345")


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_exactly_one_check_digit_completes_any_nine_digits(prefix: str) -> None:
    assert sum(is_valid_npi(prefix + str(d)) for d in range(10)) == 1


def test_tin_is_normalised_with_a_dash() -> None:
    assert normalise_tin("311234567") == "31-1234567"
    with pytest.raises(ValidationError, match="9 digits"):
        normalise_tin("31-12345")


def test_an_organisation_with_an_unknown_state_is_refused() -> None:
    with pytest.raises(ValidationError, match="state"):
        Organisation("X", OrganisationKind.PAYER, state="XX")


# -- stages --------------------------------------------------------------------------------
def test_the_normal_path_runs_from_preparing_to_agreed() -> None:
    assert Stage.GOALS_AGREED in allowed_next(Stage.PREPARING)
    assert not check_transition(Stage.BARGAINING, Stage.MEDIATION)
    assert not check_transition(Stage.MEDIATION, Stage.BARGAINING)


def test_a_move_the_process_does_not_allow_is_an_error_that_lists_the_allowed_moves() -> None:
    with pytest.raises(
        InvalidTransitionError, match="allowed next: goals_agreed, bargaining, walked_away"
    ):
        check_transition(Stage.PREPARING, Stage.MEDIATION)


def test_goals_agreed_is_not_a_gate_before_bargaining() -> None:
    assert check_transition(Stage.PREPARING, Stage.BARGAINING) is False


def test_walking_away_needs_a_reason_kept_in_the_history() -> None:
    n = negotiation()
    with pytest.raises(ValidationError, match="say why"):
        n.advance(Stage.WALKED_AWAY, T0, "  ")
    assert n.stage is Stage.PREPARING
    n.advance(Stage.WALKED_AWAY, T0, "they refused any per diem below $900")
    assert n.stage_history[-1].note == "they refused any per diem below $900"


def test_moving_to_the_stage_it_is_in_is_a_conflict_not_bad_input() -> None:
    # the request is well formed; the record's state is in the way (HTTP 409, exit 4)
    n = negotiation()
    before = list(n.stage_history)
    with pytest.raises(InvalidTransitionError, match="already preparing"):
        n.advance(Stage.PREPARING, T0)
    assert n.stage_history == before


def test_the_natural_next_stage_is_never_walking_away() -> None:
    for stage in Stage:
        assert natural_next(stage) is not Stage.WALKED_AWAY
    assert natural_next(Stage.BARGAINING) is Stage.AGREED
    assert natural_next(Stage.AGREED) is None


def test_reopening_a_closed_negotiation_is_recorded_as_such() -> None:
    n = negotiation()
    n.advance(Stage.WALKED_AWAY, T0, "no movement")
    change = n.advance(Stage.BARGAINING, T0 + timedelta(days=1))
    assert change.reopened
    assert [c.to_stage for c in n.stage_history] == [
        Stage.PREPARING, Stage.WALKED_AWAY, Stage.BARGAINING,
    ]  # fmt: skip


def test_agreed_needs_an_agreement_first() -> None:
    n = negotiation()
    n.advance(Stage.GOALS_AGREED, T0)
    n.advance(Stage.BARGAINING, T0)
    with pytest.raises(ConflictError, match="agreement"):
        n.advance(Stage.AGREED, T0)


# -- terms ---------------------------------------------------------------------------------
def test_an_inconsistent_plan_names_the_value_that_is_wrong() -> None:
    with pytest.raises(ValidationError, match="walk_away") as info:
        Term("rate", TermKind.RATE_PER_UNIT, opening=42, target=38, walk_away=40)
    assert "target" in str(info.value)


def test_for_a_rate_we_pay_the_plan_runs_upward() -> None:
    term = Term("per_diem", TermKind.PER_DIEM, Direction.LOWER_BETTER,
                opening=480, target=560, walk_away=640)  # fmt: skip
    assert term.better_for_us(500, 600)
    with pytest.raises(ValidationError, match="target"):
        Term("per_diem", TermKind.PER_DIEM, Direction.LOWER_BETTER, opening=600, target=560)


def test_an_inverted_range_is_refused() -> None:
    with pytest.raises(ValidationError, match="inverted"):
        Term("days", TermKind.DAYS, minimum=30, maximum=7)


def test_categorical_terms_check_values_against_their_options() -> None:
    term = Term("auth", TermKind.CATEGORICAL, options=["none", "after 12 visits", "every visit"],
                opening="none", walk_away="after 12 visits")  # fmt: skip
    assert term.coerce("every visit") == "every visit"
    with pytest.raises(ValidationError, match="not one of"):
        term.coerce("sometimes")
    with pytest.raises(ValidationError, match="walk_away"):
        Term("auth", TermKind.CATEGORICAL, options=["a", "b"], opening="b", walk_away="a")


# -- offers --------------------------------------------------------------------------------
def test_our_offer_outside_a_terms_range_is_rejected() -> None:
    n = negotiation()
    with pytest.raises(ValidationError, match="above the range of Per diem "):
        n.record_offer(Offer(Side.OURS, T0, {"per_diem": 2000}))
    with pytest.raises(ValidationError, match="no term named 'rate'"):
        n.record_offer(Offer(Side.THEIRS, T0, {"rate": 10}))
    assert n.offers == []


def test_offer_values_are_coerced_to_each_terms_type() -> None:
    n = negotiation()
    offer = n.record_offer(Offer(Side.THEIRS, T0, {"per_diem": "700", "therapy": "no"}))
    assert offer.values == {"per_diem": 700.0, "therapy": False}


def test_their_quote_outside_the_range_is_recorded_as_said_and_flagged() -> None:
    n = negotiation()
    offer = n.record_offer(Offer(Side.THEIRS, T0, {"per_diem": 2000}))
    assert offer.values == {"per_diem": 2000.0}
    assert not n.term("per_diem").in_range(2000)
    with pytest.raises(ValidationError, match="cannot be negative"):
        n.record_offer(Offer(Side.THEIRS, T0, {"per_diem": -5}))


def test_a_closed_negotiation_takes_no_offers() -> None:
    n = negotiation()
    n.advance(Stage.WALKED_AWAY, T0, "no movement")
    with pytest.raises(ConflictError, match="move it back to bargaining"):
        n.record_offer(Offer(Side.OURS, T0, {"per_diem": 500}))


def test_patient_names_are_refused_as_patient_references() -> None:
    assert check_patient_ref("CM-2026-0147") == "CM-2026-0147"
    for bad in ("John Smith", "Smith", ""):
        with pytest.raises(ValidationError, match="patient"):
            check_patient_ref(bad)


def test_hardball_is_recorded_with_a_warning() -> None:
    assert "hardball" in negotiation(approach=Approach.HARDBALL).warnings[0]
    assert negotiation().warnings == []


# -- agreements ----------------------------------------------------------------------------
def test_hard_savings_are_potential_minus_actual_and_case_management_cost() -> None:
    agreement = Agreement(
        {"per_diem": 560.0}, date(2026, 3, 5), potential_cost=Decimal("60900"),
        actual_cost=Decimal("11760"), case_management_cost=Decimal("450.50"),
    )  # fmt: skip
    assert agreement.hard_savings == Decimal("48689.50")


def test_yearly_revenue_effect_is_volume_times_rate_change_summed_over_codes() -> None:
    agreement = Agreement(
        {"rate": 38.0}, date(2026, 4, 1),
        rate_changes=[
            RateChange("97110", Decimal("30.50"), Decimal("38.00"), 4000),
            RateChange("97140", Decimal("28.00"), Decimal("27.00"), 1000),
        ],
    )  # fmt: skip
    assert agreement.yearly_revenue_effect == Decimal("29000.00")


def test_an_agreement_cannot_expire_before_it_starts() -> None:
    with pytest.raises(ValidationError, match="expire"):
        Agreement({"x": 1.0}, date(2026, 4, 1), expires=date(2026, 3, 1))


def test_recording_an_agreement_sets_its_terms_aside_and_closes_the_negotiation() -> None:
    n = negotiation()
    n.advance(Stage.GOALS_AGREED, T0)
    n.advance(Stage.BARGAINING, T0)
    n.record_agreement(Agreement({"per_diem": 560}, date(2026, 3, 5)), T0)
    assert n.stage is Stage.AGREED
    assert n.term("per_diem").status is TermStatus.AGREED
    assert n.term("per_diem").agreed_value == 560.0


# -- relationships and signals -----------------------------------------------------------
def test_responsiveness_is_the_median_reply_delay_of_each_side() -> None:
    interactions = [
        Interaction(
            T0, Channel.EMAIL, InteractionDirection.OUTBOUND, replied_at=T0 + timedelta(hours=h)
        )
        for h in (2, 10, 48)
    ] + [Interaction(T0, Channel.EMAIL, InteractionDirection.OUTBOUND)]
    them = responsiveness(interactions, who="them")
    assert (them.answered, them.unanswered, them.median_hours) == (3, 1, 10.0)
    assert responsiveness(interactions, who="us").median_hours is None


def test_only_undone_follow_ups_past_due_are_overdue() -> None:
    due = T0 + timedelta(days=1)
    items = [
        Interaction(T0, Channel.CALL, InteractionDirection.OUTBOUND, follow_up_due=due),
        Interaction(T0, Channel.CALL, InteractionDirection.OUTBOUND, follow_up_due=due,
                    follow_up_done=True),
        Interaction(T0, Channel.CALL, InteractionDirection.OUTBOUND,
                    follow_up_due=T0 + timedelta(days=9)),
    ]  # fmt: skip
    assert overdue_follow_ups(items, T0 + timedelta(days=2)) == [items[0]]


def test_stalled_offers_and_one_sided_concessions_raise_walk_away_signals() -> None:
    n = negotiation(deadline=date(2026, 3, 1))
    for day, (ours, theirs) in enumerate([(480, 800), (520, 800), (560, 800)]):
        n.record_offer(Offer(Side.OURS, T0 + timedelta(days=day), {"per_diem": ours}))
        n.record_offer(Offer(Side.THEIRS, T0 + timedelta(days=day, hours=1),
                             {"per_diem": theirs}))  # fmt: skip
    maker = Contact(2, "Dana", DecisionRole.DECISION_MAKER, id=7)
    for day in range(3):
        n.log_interaction(Interaction(T0 + timedelta(days=day), Channel.CALL,
                                      InteractionDirection.OUTBOUND, contact_id=8))  # fmt: skip
    codes = {s.code for s in walk_away_signals(n, [maker], T0 + timedelta(days=3))}
    assert codes == {
        "no_movement", "one_sided_concessions", "decision_maker_absent", "deadline_passed",
        "beyond_walk_away",
    }  # fmt: skip


def test_a_moving_counterpart_raises_no_signal() -> None:
    n = negotiation()
    for day, theirs in enumerate([800, 700, 620]):
        n.record_offer(Offer(Side.THEIRS, T0 + timedelta(days=day), {"per_diem": theirs}))
    assert walk_away_signals(n, [], T0 + timedelta(days=3)) == []


# -- preparation ---------------------------------------------------------------------------
def test_checklist_completeness_counts_questions_research_and_prices() -> None:
    checklist = Checklist()
    assert checklist.completeness() == 0
    checklist.answer("what ifs", "BATNA: stay in acute care")
    checklist.answer("history", "No prior SCA")
    checklist.competitor_prices.append(CompetitorPrice("In-network rate", 545))
    assert checklist.completeness() == pytest.approx(3 / 13)
    assert "who" in checklist.missing() and "what_ifs" not in checklist.missing()
    with pytest.raises(ValidationError, match="unknown checklist item"):
        checklist.answer("whom", "x")


def test_an_offer_beyond_walk_away_on_some_terms_raises_the_signal_naming_them() -> None:
    n = negotiation()
    n.record_offer(Offer(Side.THEIRS, T0, {"per_diem": 800, "therapy": True}))
    signals = walk_away_signals(n, [], T0 + timedelta(days=1))
    # a red "beyond walk-away" term never sits beside "no walk-away signals"
    assert [s.code for s in signals] == ["beyond_walk_away"]
    assert signals[0].message.endswith("on 1 of the 2 terms it names: per_diem")


def test_directions_default_from_who_pays() -> None:
    assert default_direction(TermKind.PER_DIEM, we_pay=True) is Direction.LOWER_BETTER
    assert default_direction(TermKind.RATE_PER_UNIT, we_pay=False) is Direction.HIGHER_BETTER
    assert default_direction(TermKind.PAYMENT_DAYS, we_pay=True) is Direction.HIGHER_BETTER
    assert default_direction(TermKind.PAYMENT_DAYS, we_pay=False) is Direction.LOWER_BETTER
    assert NegotiationKind.SINGLE_CASE_AGREEMENT.we_pay
    assert not NegotiationKind.CONTRACT_RATES.we_pay


def test_an_episode_costs_its_per_diem_times_its_days() -> None:
    terms = [
        Term("per_diem", TermKind.PER_DIEM, Direction.LOWER_BETTER),
        Term("days", TermKind.DAYS, Direction.LOWER_BETTER),
        Term("therapy", TermKind.SERVICE_INCLUDED),
    ]
    values = {"per_diem": 560.0, "days": 21.0, "therapy": True}
    assert episode_cost(terms, values) == Decimal("11760.00")
    assert episode_cost(terms, {"per_diem": 560.0}) is None


def test_rate_changes_take_their_new_rate_from_the_agreed_terms() -> None:
    terms = [Term("rate_97110", TermKind.RATE_PER_UNIT, billing_code="97110")]
    changes = rate_changes_from_terms(
        terms, {"rate_97110": 37.5}, {"rate_97110": (Decimal("30.50"), 4200)}
    )
    assert [(c.code, c.new_rate, c.yearly_effect) for c in changes] == [
        ("97110", Decimal("37.50"), Decimal("29400.00"))
    ]
    with pytest.raises(ValidationError, match="no rate term named 'rate_x'"):
        rate_changes_from_terms(terms, {"rate_97110": 37.5}, {"rate_x": (Decimal(1), 1)})


def test_range_and_order_errors_name_the_term_by_its_label() -> None:
    label = "97110 therapeutic exercise — rate per unit"
    term = Term("rate_97110", TermKind.RATE_PER_UNIT, minimum=0, maximum=200, billing_code="97110")
    with pytest.raises(ValidationError, match=f"999 is above the range of {label} "):
        term.coerce(999)
    with pytest.raises(ValidationError, match=f"{label} takes a number"):
        term.coerce("lots")
    with pytest.raises(ValidationError, match=f"{label}: target 50 is better for us"):
        Term("rate_97110", TermKind.RATE_PER_UNIT, minimum=0, maximum=200,
             billing_code="97110", opening=42, target=50)  # fmt: skip
