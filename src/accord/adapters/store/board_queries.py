"""The pipeline board's statements, built once.

Building a SQLAlchemy statement costs more than running it through the compiled cache:
on a board of 150 rows the construction alone took a fifth of the request. These
statements take every value (stages aside) as a bound parameter and are built once per
shape; :class:`~accord.adapters.store.summaries.SqlRecordSummaries` runs them.

Orders match the services' documented orders exactly (see ``summaries``).
"""

from __future__ import annotations

import functools
from typing import Any

import sqlalchemy as sa

from accord.adapters.store import tables as t
from accord.adapters.store.dialect import bytewise
from accord.domain.stages import Stage

__all__ = [
    "LATE",
    "NEXT_DUE",
    "ROWS",
    "board_query",
    "deadline_order",
    "overdue_query",
    "owned",
    "visible",
]

n = t.negotiations
i = t.interactions
counterparty = t.organisations.alias("counterparty")
OPEN = [s for s in Stage if not s.is_closed]


def visible(include_demo: bool) -> list[sa.ColumnElement[bool]]:
    """The demo negotiations hidden unless ``include_demo``."""
    return [] if include_demo else [n.c.is_demo.is_(False)]


def owned(scoped: bool) -> list[sa.ColumnElement[bool]]:
    """When ``scoped``, only the negotiations of the organisations bound as ``orgs``
    (the actor's scope, ``scoping.py``)."""
    return [n.c.our_org_id.in_(sa.bindparam("orgs", expanding=True))] if scoped else []


def deadline_order() -> list[sa.ColumnElement[object]]:
    """Nearest deadline first, none last; then title and id (the pipeline's order)."""
    return [n.c.deadline.is_(None), n.c.deadline, bytewise(n.c.title), n.c.id]


def pending() -> list[sa.ColumnElement[bool]]:
    """Follow-ups asked for and not done."""
    return [
        i.c.follow_up_due.is_not(None),
        i.c.follow_up_done.is_(False),
        i.c.withdrawn_at.is_(None),  # a withdrawn interaction's follow-up is not owed
    ]


@functools.cache
def board_query(
    stages: tuple[Stage, ...], include_demo: bool, scoped: bool = False
) -> sa.CompoundSelect[Any]:
    # One top-N query per stage, glued with UNION ALL: each reads its stage from the
    # board index and sorts only what it keeps (a window over the whole table sorts
    # everything). The sort keys come back so that the order needs no guarantee
    # from the union.
    parts = [
        sa.select(n.c.id, n.c.stage, n.c.deadline, n.c.title)
        .where(n.c.stage == stage, *visible(include_demo), *owned(scoped))
        .order_by(*deadline_order())
        .offset(sa.bindparam("offset", type_=sa.Integer))
        .limit(sa.bindparam("limit", type_=sa.Integer))
        .subquery()
        for stage in stages
    ]
    return sa.union_all(*(sa.select(*part.c) for part in parts))


@functools.cache
def overdue_query(include_demo: bool, scoped: bool = False) -> sa.Select[Any]:
    now = sa.bindparam("now", type_=i.c.follow_up_due.type)
    due = (
        sa.select(i.c.negotiation_id.label("id"), sa.func.min(i.c.follow_up_due).label("first"))
        .join(n, n.c.id == i.c.negotiation_id)
        .where(*pending(), i.c.follow_up_due < now, n.c.stage.in_(OPEN))
        .where(*visible(include_demo), *owned(scoped))
        .group_by(i.c.negotiation_id)
        .subquery()
    )
    stage_order = sa.case({stage: k for k, stage in enumerate(Stage)}, value=n.c.stage)
    return (
        # The window counts every overdue negotiation before the limit applies.
        sa.select(n.c.id, sa.func.count().over().label("total"))
        .join(due, due.c.id == n.c.id)
        .order_by(due.c.first, stage_order, *deadline_order())
        .limit(sa.bindparam("limit", type_=sa.Integer))
    )


def _rows_query() -> sa.Select[Any]:
    now = sa.bindparam("now", type_=i.c.follow_up_due.type)
    offers = (
        sa.select(sa.func.count())
        .where(t.offers.c.negotiation_id == n.c.id, t.offers.c.withdrawn_at.is_(None))
        .scalar_subquery()
        .label("offers")
    )
    upcoming = (
        sa.select(sa.func.min(i.c.follow_up_due))
        .where(i.c.negotiation_id == n.c.id, *pending(), i.c.follow_up_due >= now)
        .scalar_subquery()
        .label("next_follow_up")
    )
    return (
        sa.select(
            n.c.id, n.c.title, n.c.kind, n.c.stage, n.c.our_org_id, n.c.counterparty_id,
            counterparty.c.name, n.c.deadline, n.c.is_demo, n.c.version, offers, upcoming,
        )
        .join(counterparty, counterparty.c.id == n.c.counterparty_id)
        .where(n.c.id.in_(sa.bindparam("ids", expanding=True)))
    )  # fmt: skip


def _late_query() -> sa.Select[Any]:
    """The overdue follow-ups of the negotiations ``ids`` at ``now``, oldest first."""
    now = sa.bindparam("now", type_=i.c.follow_up_due.type)
    return (
        sa.select(i)
        .where(i.c.negotiation_id.in_(sa.bindparam("ids", expanding=True)), *pending(),
               i.c.follow_up_due < now)
        .order_by(i.c.follow_up_due, i.c.at, i.c.id)
    )  # fmt: skip


ROWS = _rows_query()
LATE = _late_query()
NEXT_DUE = sa.select(sa.func.min(i.c.follow_up_due)).where(
    *pending(), i.c.follow_up_due >= sa.bindparam("now", type_=i.c.follow_up_due.type)
)
"""The earliest follow-up owed at or after ``now``, of any negotiation."""
