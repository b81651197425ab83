"""Use cases for the pipeline: negotiations by stage, deadlines and overdue follow-ups.

The board reads the store's read model (:class:`~accord.services.ports.RecordSummaries`):
counts per stage and one page of rows per stage, never whole negotiations, so that it
costs the same for a team with thousands of negotiations as for one person with ten.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta

from accord.domain.deadlines import days_to_deadline
from accord.domain.economics.contracts import ContractDeadline, deadlines_of_contracts
from accord.domain.stages import Stage
from accord.services.ports import UnitOfWork
from accord.services.read_cache import ReadCache
from accord.services.read_model import FollowUpRow, NegotiationRow

__all__ = [
    "PAGE_SIZE",
    "NegotiationPage",
    "NegotiationRow",
    "Pipeline",
    "PipelineItem",
    "page_negotiations",
    "pipeline",
]

PAGE_SIZE = 25
"""Negotiations per stage on the board, and overdue ones listed, unless asked otherwise."""


@dataclass(frozen=True)
class PipelineItem:
    """One negotiation on the pipeline board, with what needs attention."""

    negotiation: NegotiationRow
    counterparty: str
    days_to_deadline: int | None
    overdue: list[FollowUpRow]
    next_follow_up: datetime | None


@dataclass(frozen=True)
class Pipeline:
    """Negotiations grouped by stage (every stage present, in process order).

    ``stages`` holds one page of each stage (``offset``, ``limit``), or of ``stage``
    alone when the board is filtered to it; ``totals`` how many each stage holds.
    ``overdue`` lists the open negotiations with an overdue follow-up, most overdue
    first, up to ``limit`` of ``overdue_total``.
    """

    stages: dict[Stage, list[PipelineItem]]
    totals: dict[Stage, int]
    overdue: list[PipelineItem]
    overdue_total: int
    now: datetime
    stage: Stage | None = None
    offset: int = 0
    limit: int = PAGE_SIZE
    include_demo: bool = True
    contract_deadlines: list[ContractDeadline] = field(default_factory=list)

    @property
    def open_count(self) -> int:
        return sum(count for stage, count in self.totals.items() if not stage.is_closed)

    @property
    def total(self) -> int:
        return sum(self.totals.values())


@dataclass(frozen=True)
class NegotiationPage:
    """A slice of the negotiation list, for pagination."""

    items: list[NegotiationRow]
    total: int
    offset: int
    limit: int


def _item(row: NegotiationRow, now: datetime) -> PipelineItem:
    return PipelineItem(
        negotiation=row,
        counterparty=row.counterparty,
        days_to_deadline=days_to_deadline(row.deadline, now),
        overdue=list(row.overdue),
        next_follow_up=row.next_follow_up,
    )


def pipeline(
    uow: UnitOfWork,
    now: datetime,
    *,
    include_demo: bool = True,
    stage: Stage | None = None,
    offset: int = 0,
    limit: int = PAGE_SIZE,
    cache: ReadCache | None = None,
) -> Pipeline:
    """Every stage (or ``stage`` alone) from ``offset``; within a stage the nearest
    deadline comes first, then the title.

    With ``cache`` (the server's), an answer computed earlier is reused while the record
    is unchanged and no follow-up has fallen due nor the day changed since; its ``now``
    is the caller's.
    """
    with uow:
        # Each organisation scope sees its own board: the scope is part of the question.
        key = ("pipeline", uow.scope.key, include_demo, stage, offset, limit)
        version = uow.record_version() if cache is not None else None
        if cache is not None:
            kept = cache.get(key, version=version, now=now)
            if isinstance(kept, Pipeline):
                return replace(kept, now=now)
        board = _pipeline(uow, now, include_demo=include_demo, stage=stage, offset=offset,
                          limit=limit)  # fmt: skip
        if cache is not None:
            cache.put(key, board, version=version, now=now, valid_until=_valid_until(uow, now))
    return board


def _valid_until(uow: UnitOfWork, now: datetime) -> datetime:
    """How long a board computed at ``now`` stays true if the record does not change:
    until the next follow-up falls due (it turns overdue) or midnight (days to each
    deadline, and contracts' dates, count from today)."""
    midnight = datetime.combine(now.date() + timedelta(days=1), time(), tzinfo=now.tzinfo)
    due = uow.summaries.next_follow_up_due(now)
    return midnight if due is None else min(due, midnight)


def _pipeline(
    uow: UnitOfWork,
    now: datetime,
    *,
    include_demo: bool,
    stage: Stage | None,
    offset: int,
    limit: int,
) -> Pipeline:
    shown = [stage] if stage is not None else list(Stage)
    totals = uow.summaries.stage_counts(include_demo=include_demo)
    board = uow.summaries.board(
        now, stages=shown, offset=offset, limit=limit, include_demo=include_demo
    )
    overdue_total, overdue = uow.summaries.overdue(now, limit=limit, include_demo=include_demo)
    demo_ids = {r.id for r in uow.contracts.rows() if r.is_demo}
    stored = [c for i, c in uow.contracts.all() if include_demo or i not in demo_ids]
    return Pipeline(
        stages={s: [_item(row, now) for row in board.get(s, [])] for s in Stage},
        totals=totals,
        overdue=[_item(row, now) for row in overdue],
        overdue_total=overdue_total,
        now=now,
        stage=stage,
        offset=offset,
        limit=limit,
        include_demo=include_demo,
        contract_deadlines=deadlines_of_contracts(stored, today=now.date()),
    )


def page_negotiations(
    uow: UnitOfWork,
    stage: Stage | None = None,
    *,
    offset: int = 0,
    limit: int = 50,
    include_demo: bool = True,
    now: datetime | None = None,
) -> NegotiationPage:
    """One page of negotiations (by id), optionally of one stage.

    ``now`` dates the rows' follow-ups (default: the system clock).
    """
    with uow:
        total, rows = uow.summaries.by_id(
            now or datetime.now(UTC), stage=stage, offset=offset, limit=limit,
            include_demo=include_demo,
        )  # fmt: skip
    return NegotiationPage(items=rows, total=total, offset=offset, limit=limit)
