"""The audit trail in the store: collected during a unit of work, written at commit.

:meth:`SqlAuditLog.write` seals the collected changes into the chain and inserts them
in the unit of work's transaction, just before it commits; a rollback drops them. The
chain needs one writer at a time: PostgreSQL takes a transaction-scoped advisory lock;
SQLite takes its single write lock with the first statement (a write), before the last
hash is read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from accord.adapters.store.scoping import audit_conditions
from accord.adapters.store.tables import audit_log
from accord.domain.audit import GENESIS, AuditAction, AuditEntry, AuditSource, Change
from accord.services.audit_ports import AuditQuery

__all__ = ["SqlAuditLog"]

# Any constant will do: it names "the audit chain" among PostgreSQL's advisory locks.
_CHAIN_LOCK = 0x41756469  # "Audi"
_PARENTS = {"negotiation"}


class SqlAuditLog:
    """The append-only trail over one session; no update, no delete."""

    def __init__(self, session: Session, now: Callable[[], datetime]) -> None:
        self._session = session
        self._now = now
        self._pending: list[Change] = []

    def record(self, change: Change) -> None:
        """Add ``change`` to what :meth:`write` writes (at the unit's commit)."""
        self._pending.append(change)

    def pending(self) -> list[Change]:
        """What :meth:`write` would write now (to check the actor may make it)."""
        return list(self._pending)

    def discard(self) -> None:
        """Forget what was collected (the unit of work rolled back)."""
        self._pending.clear()

    def write(self, source: AuditSource) -> int:
        """Seal and insert the collected changes in the current transaction."""
        changes = _without_cascaded(self._pending)
        self._pending = []
        if not changes:
            return 0
        connection = self._session.connection()
        if connection.dialect.name == "postgresql":
            connection.execute(sa.select(sa.func.pg_advisory_xact_lock(_CHAIN_LOCK)))
        else:
            # A write first, so that SQLite's write lock is ours before the head is read.
            connection.execute(sa.update(audit_log).where(sa.false()).values(hash=audit_log.c.hash))
        head = connection.execute(
            sa.select(audit_log.c.id, audit_log.c.hash).order_by(audit_log.c.id.desc()).limit(1)
        ).first()
        previous = head.hash if head is not None else GENESIS
        next_id = (head.id if head is not None else 0) + 1
        at = self._now()
        rows: list[dict[str, Any]] = []
        for offset, change in enumerate(changes):
            entry = AuditEntry.stamp(next_id + offset, at, source, change).sealed(previous)
            previous = entry.hash
            rows.append(_row(entry))
        connection.execute(sa.insert(audit_log), rows)
        return len(rows)

    def entries(self, query: AuditQuery) -> tuple[int, list[AuditEntry]]:
        """How many entries match ``query``, and one page of them, newest first."""
        where: list[sa.ColumnElement[bool]] = audit_conditions(self._session)
        if query.negotiation_id is not None:
            where.append(audit_log.c.negotiation_id == query.negotiation_id)
        if query.entity is not None:
            where.append(audit_log.c.entity == query.entity)
        if query.entity_id is not None:
            where.append(audit_log.c.entity_id == query.entity_id)
        if query.since is not None:
            where.append(audit_log.c.at >= query.since)
        total = self._session.execute(
            sa.select(sa.func.count()).select_from(audit_log).where(*where)
        ).scalar_one()
        page = (
            sa.select(audit_log)
            .where(*where)
            .order_by(audit_log.c.id.desc())
            .offset(query.offset)
            .limit(query.limit)
        )
        return int(total), [_entry(m) for m in self._session.execute(page).mappings()]

    def in_order(self, *, batch: int = 1000) -> Iterator[AuditEntry]:
        """Every entry, oldest first, read in batches by id (constant memory)."""
        after = None
        while True:
            query = sa.select(audit_log).order_by(audit_log.c.id).limit(batch)
            if after is not None:
                query = query.where(audit_log.c.id > after)
            rows = [_entry(m) for m in self._session.execute(query).mappings()]
            yield from rows
            if len(rows) < batch:
                return
            after = rows[-1].id


def _without_cascaded(changes: list[Change]) -> list[Change]:
    """The changes to write: a child row deleted with its negotiation is not listed
    apart (the negotiation's own entry says it went)."""
    gone = {
        c.negotiation_id for c in changes if c.action is AuditAction.DELETE and c.entity in _PARENTS
    }
    return [
        c
        for c in changes
        if not (
            c.action is AuditAction.DELETE
            and c.entity not in _PARENTS
            and c.negotiation_id is not None
            and c.negotiation_id in gone
        )
    ]


def _row(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": entry.at,
        "user_id": entry.user_id,
        "user_name": entry.user_name,
        "role": entry.role,
        "request_id": entry.request_id,
        "address": entry.address,
        "action": str(entry.action),
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "negotiation_id": entry.negotiation_id,
        "before": entry.before,
        "after": entry.after,
        "hash": entry.hash,
    }


def _entry(m: Any) -> AuditEntry:
    try:
        action = AuditAction(m["action"])
    except ValueError:
        # A tampered action still reads back, so that verify can name its row.
        action = m["action"]
    return AuditEntry(
        id=m["id"],
        at=m["at"],
        user_id=m["user_id"],
        user_name=m["user_name"],
        role=m["role"],
        request_id=m["request_id"],
        address=m["address"],
        action=action,
        entity=m["entity"],
        entity_id=m["entity_id"],
        negotiation_id=m["negotiation_id"],
        before=m["before"],
        after=m["after"],
        hash=m["hash"],
    )
