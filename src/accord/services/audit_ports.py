"""The audit trail's port, and who is acting for the services right now.

The entry points say who acts: the CLI runs as :data:`~accord.domain.audit.CLI`, the
web pages and the API as the request's source (the signed-in user, the request's id
and its client address). They set it with :func:`acting_as`; the unit of work reads it
with :func:`current_source` at commit, both to check that the actor's role allows each
change (``domain/permissions.py``) and to write the trail.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from accord.domain.actors import LOCAL
from accord.domain.audit import AuditEntry, AuditSource, Change

__all__ = ["UNATTRIBUTED", "AuditLog", "AuditQuery", "acting_as", "current_source"]

UNATTRIBUTED = AuditSource(actor=LOCAL, request_id=None, address="local")
"""The source of a change no entry point claimed (a script calling services directly):
the local operator, with every right, like the command line."""

_source: ContextVar[AuditSource] = ContextVar("accord_audit_source", default=UNATTRIBUTED)


def current_source() -> AuditSource:
    """Who is acting in this thread or task (see :func:`acting_as`)."""
    return _source.get()


@contextmanager
def acting_as(source: AuditSource) -> Iterator[AuditSource]:
    """Attribute every change and read made inside the block to ``source``."""
    token = _source.set(source)
    try:
        yield source
    finally:
        _source.reset(token)


@dataclass(frozen=True, slots=True)
class AuditQuery:
    """Which entries to list: all filters optional, newest first, one page."""

    negotiation_id: int | None = None
    entity: str | None = None
    entity_id: str | None = None
    since: datetime | None = None
    offset: int = 0
    limit: int = 100


class AuditLog(Protocol):
    """The append-only trail: record within the unit of work, read back, walk in order.

    There is no update and no delete: entries are written with the unit of work's
    commit, in its transaction, and never changed.
    """

    def record(self, change: Change) -> None:
        """Add ``change`` to what the unit of work writes at commit."""
        ...

    def entries(self, query: AuditQuery) -> tuple[int, list[AuditEntry]]:
        """How many entries match, and one page of them, newest first."""
        ...

    def in_order(self, *, batch: int = 1000) -> Iterator[AuditEntry]:
        """Every stored entry, oldest first (for verifying the chain)."""
        ...
