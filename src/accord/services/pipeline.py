"""Use cases for the pipeline: negotiations by stage, deadlines and overdue follow-ups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from accord.domain.interactions import Interaction, overdue_follow_ups
from accord.domain.negotiation import Negotiation
from accord.domain.stages import Stage
from accord.services.ports import UnitOfWork

__all__ = [
    "NegotiationPage",
    "Pipeline",
    "PipelineItem",
    "page_negotiations",
    "pipeline",
]


@dataclass(frozen=True)
class PipelineItem:
    """One negotiation on the pipeline board, with what needs attention."""

    negotiation: Negotiation
    counterparty: str
    days_to_deadline: int | None
    overdue: list[Interaction]
    next_follow_up: datetime | None


@dataclass(frozen=True)
class Pipeline:
    """Negotiations grouped by stage (every stage present, in process order)."""

    stages: dict[Stage, list[PipelineItem]]
    now: datetime

    @property
    def overdue(self) -> list[PipelineItem]:
        """Open negotiations with at least one overdue follow-up, most overdue first."""
        items = [
            i
            for stage, rows in self.stages.items()
            if not stage.is_closed
            for i in rows
            if i.overdue
        ]
        return sorted(items, key=lambda i: i.overdue[0].follow_up_due or self.now)

    @property
    def open_count(self) -> int:
        return sum(len(rows) for stage, rows in self.stages.items() if not stage.is_closed)


@dataclass(frozen=True)
class NegotiationPage:
    """A slice of the negotiation list, for pagination."""

    items: list[Negotiation]
    total: int
    offset: int
    limit: int


def _deadline_order(item: PipelineItem) -> tuple[int, int, str]:
    days = item.days_to_deadline
    return (0 if days is not None else 1, days if days is not None else 0, item.negotiation.title)


def pipeline(uow: UnitOfWork, now: datetime, *, include_demo: bool = True) -> Pipeline:
    """Every negotiation by stage; within a stage the nearest deadline comes first."""
    with uow:
        rows = list(uow.negotiations.list(include_demo=include_demo))
        names = {o.id: o.name for o in uow.organisations.list()}
    stages: dict[Stage, list[PipelineItem]] = {stage: [] for stage in Stage}
    for negotiation in rows:
        pending = [
            i.follow_up_due
            for i in negotiation.interactions
            if i.follow_up_due is not None and not i.follow_up_done and i.follow_up_due >= now
        ]
        days = (negotiation.deadline - now.date()).days if negotiation.deadline else None
        stages[negotiation.stage].append(
            PipelineItem(
                negotiation=negotiation,
                counterparty=names.get(negotiation.counterparty_id, "?"),
                days_to_deadline=days,
                overdue=overdue_follow_ups(negotiation.interactions, now),
                next_follow_up=min(pending) if pending else None,
            )
        )
    for items in stages.values():
        items.sort(key=_deadline_order)
    return Pipeline(stages=stages, now=now)


def page_negotiations(
    uow: UnitOfWork,
    stage: Stage | None = None,
    *,
    offset: int = 0,
    limit: int = 50,
    include_demo: bool = True,
) -> NegotiationPage:
    """One page of negotiations (by id), optionally of one stage."""
    with uow:
        rows = sorted(
            uow.negotiations.list(stage, include_demo=include_demo), key=lambda n: n.id or 0
        )
    return NegotiationPage(
        items=rows[offset : offset + limit], total=len(rows), offset=offset, limit=limit
    )
