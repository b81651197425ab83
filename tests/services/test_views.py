"""The cross-negotiation services behind the pipeline, contacts and outcomes pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from accord.bootstrap import Accord
from accord.domain.agreements import RateChange
from accord.domain.interactions import InteractionDirection
from accord.domain.offers import Channel
from accord.domain.stages import Stage
from accord.services import activity, agreements, negotiations, outcomes, pipeline, relationships
from tests.support.clock import FixedClock
from tests.support.factories import decision_maker, rate_negotiation


def test_the_pipeline_groups_by_stage_and_flags_overdue_follow_ups(
    accord: Accord, clock: FixedClock
) -> None:
    n = rate_negotiation(accord)
    assert n.id is not None
    activity.log_interaction(
        accord.store.unit_of_work(), clock.now(), n.id, channel=Channel.CALL,
        direction=InteractionDirection.OUTBOUND, follow_up_due=clock.now(),
    )  # fmt: skip
    clock.advance(days=2)
    board = pipeline.pipeline(accord.store.unit_of_work(), clock.now())
    assert [i.negotiation.id for i in board.stages[Stage.PREPARING]] == [n.id]
    assert all(not items for stage, items in board.stages.items() if stage != Stage.PREPARING)
    assert [i.negotiation.id for i in board.overdue] == [n.id]
    assert board.open_count == 1
    negotiations.advance_stage(
        accord.store.unit_of_work(), clock.now(), n.id, Stage.WALKED_AWAY, "no deal"
    )
    board = pipeline.pipeline(accord.store.unit_of_work(), clock.now())
    assert board.overdue == [] and board.open_count == 0  # closed: no longer chased


def test_relationships_count_days_since_the_last_contact(accord: Accord, clock: FixedClock) -> None:
    n = rate_negotiation(accord)
    assert n.id is not None
    karen = decision_maker(accord, n.counterparty_id)
    activity.log_interaction(
        accord.store.unit_of_work(), clock.now(), n.id, channel=Channel.MEETING,
        direction=InteractionDirection.OUTBOUND, contact_id=karen,
        replied_at=clock.advance(hours=30),
    )  # fmt: skip
    clock.advance(days=10)
    (row,) = relationships.relationships(accord.store.unit_of_work(), clock.now())
    assert row.contact.id == karen and row.days_since_contact == 11
    assert row.responsiveness.median_hours == 30
    assert row.negotiations == [(n.id, n.title)]


def test_outcomes_add_up_revenue_effects_by_month(accord: Accord, clock: FixedClock) -> None:
    n = rate_negotiation(accord)
    assert n.id is not None
    for stage in (Stage.GOALS_AGREED, Stage.BARGAINING):
        negotiations.advance_stage(accord.store.unit_of_work(), clock.now(), n.id, stage)
    agreements.record_agreement(
        accord.store.unit_of_work(), clock.now(), n.id,
        final_terms={"rate_97110": 37.5}, effective=date(2026, 4, 1),
        rate_changes=[RateChange("97110", Decimal("30.50"), Decimal("37.50"), 4200)],
    )  # fmt: skip
    result = outcomes.outcomes(accord.store.unit_of_work())
    assert [r.negotiation_id for r in result.rows] == [n.id]
    assert result.revenue_effect == Decimal("29400.00")
    assert [(m.month, m.revenue_effect) for m in result.months] == [
        ("2026-04", Decimal("29400.00"))
    ]
    assert result.rows[0].hard_savings is None
