"""Whole negotiations written as plain rows in a few multi-row INSERTs (imports).

The ORM's unit of work spends most of an import's time on bookkeeping for objects that
nobody will change afterwards, and on SQLite the writer lock is held all that time:
other writers wait. Rows built here go through the same column types (UTC date-times,
cents, JSON value objects) in one ``executemany`` per table, which holds the lock a
fraction as long. Ids come back from ``RETURNING`` in the order the rows were given.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from accord.adapters.store import tables as t
from accord.domain.negotiation import Negotiation

__all__ = ["insert_negotiations"]

# Child collections of a negotiation and the table of each.
_CHILDREN: tuple[tuple[str, sa.Table], ...] = (
    ("terms", t.terms),
    ("offers", t.offers),
    ("interactions", t.interactions),
    ("stage_history", t.stage_changes),
    ("leverage", t.leverage_factors),
    ("allies", t.allies),
)


def _row(table: sa.Table, item: object, **fixed: Any) -> dict[str, Any]:
    row = {c.name: getattr(item, c.name) for c in table.columns if c.name not in ("id", *fixed)}
    row.update(fixed)
    return row


def insert_negotiations(session: Session, negotiations: Sequence[Negotiation]) -> list[int]:
    """Insert ``negotiations`` with every child row; return their new ids, in order.

    The objects are not added to the session (their ids stay unset): an import only
    reports counts, and loading them back would cost what this saves.
    """
    if not negotiations:
        return []
    parents = [_row(t.negotiations, n) for n in negotiations]
    ids = (
        session.execute(
            sa.insert(t.negotiations).returning(t.negotiations.c.id, sort_by_parameter_order=True),
            parents,
        )
        .scalars()
        .all()
    )
    for attribute, table in _CHILDREN:
        rows = [
            _row(
                table,
                child,
                negotiation_id=nid,
                **({"position": i} if attribute == "terms" else {}),
            )
            for nid, n in zip(ids, negotiations, strict=True)
            for i, child in enumerate(getattr(n, attribute))
        ]
        if rows:
            session.execute(sa.insert(table), rows)
    agreements = [
        _row(t.agreements, n.agreement, negotiation_id=nid)
        for nid, n in zip(ids, negotiations, strict=True)
        if n.agreement is not None
    ]
    if agreements:
        session.execute(sa.insert(t.agreements), agreements)
    return [int(i) for i in ids]
