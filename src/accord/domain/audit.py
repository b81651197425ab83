"""The audit trail's rows and their hash chain, in plain Python.

Every change the services make, and every read of a remittance's details or a
document, becomes one :class:`AuditEntry`: who (the :class:`~accord.domain.actors.Actor`),
when, from where (a request id and client address, or ``cli``), what (an action on an
entity and its id, with the negotiation it belongs to) and, for changes, the values
before and after as canonical JSON text.

Each entry's hash is SHA-256 over the previous entry's hash and the entry's canonical
form (:func:`canonical`), so that editing, removing, inserting or reordering a stored
row breaks the chain at that row or the one after it (:func:`first_break`). The chain
has no secret: someone who can write the database *and* recompute every later hash
can rewrite it undetected; noting the head hash elsewhere (a backup log) closes that.

Example::

    >>> from datetime import UTC, datetime
    >>> draft = AuditEntry(1, datetime(2026, 1, 2, tzinfo=UTC), None, "local", "owner",
    ...                    None, "cli", AuditAction.CREATE, "offer", "7", 3, None, "{}")
    >>> sealed = draft.sealed(GENESIS)
    >>> first_break([sealed]) is None
    True
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from accord.domain.actors import LOCAL, Actor
from accord.errors import ValidationError

__all__ = [
    "CLI",
    "GENESIS",
    "AuditAction",
    "AuditEntry",
    "AuditSource",
    "ChainBreak",
    "ChainReport",
    "Change",
    "canonical",
    "canonical_json",
    "check_filter_text",
    "first_break",
    "walk",
]

GENESIS = "0" * 64
"""The "previous hash" of the first entry."""


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    IMPORT = "import"
    READ = "read"


@dataclass(frozen=True, slots=True)
class AuditSource:
    """Who acts and from where: a request's id and client address, or ``cli``."""

    actor: Actor
    request_id: str | None
    address: str


CLI = AuditSource(actor=LOCAL, request_id=None, address="cli")
"""The command line: the local user at this machine."""


def canonical_json(value: Mapping[str, Any]) -> str:
    """One spelling of a JSON object: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


FILTER_LIMITS = {"entity": 40, "entity_id": 80}
"""The widths of the searchable columns (``audit_log.entity``, ``audit_log.entity_id``)."""


def check_filter_text(value: str | None, *, field: str) -> str | None:
    """A search value for ``entity`` or ``entity_id``: printable, as long as the column.

    Checked before any query, so that a control character (which PostgreSQL refuses in
    text) is a clear error rather than a database failure.
    """
    if value is None:
        return None
    limit = FILTER_LIMITS[field]
    if len(value) > limit or not value.isprintable():
        raise ValidationError(
            f"expected at most {limit} printable characters, got {value[:limit]!r}", field=field
        )
    return value


@dataclass(frozen=True, slots=True)
class Change:
    """What happened, before it is stamped with who, when and from where.

    ``before`` and ``after`` hold plain JSON values (no patient names: free text is
    recorded by its length only, see the store's audit hook).
    """

    action: AuditAction
    entity: str
    entity_id: str
    negotiation_id: int | None = None
    before: Mapping[str, Any] | None = None
    after: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One stored row of the audit trail; ``before``/``after`` are canonical JSON text."""

    id: int
    at: datetime
    user_id: int | None
    user_name: str
    role: str
    request_id: str | None
    address: str
    action: AuditAction
    entity: str
    entity_id: str
    negotiation_id: int | None
    before: str | None
    after: str | None
    hash: str = ""

    @classmethod
    def stamp(cls, entry_id: int, at: datetime, source: AuditSource, change: Change) -> AuditEntry:
        """The unsealed entry for ``change`` made by ``source`` at ``at``."""
        return cls(
            id=entry_id,
            at=at,
            user_id=source.actor.user_id,
            user_name=source.actor.name,
            role=source.actor.role,
            request_id=source.request_id,
            address=source.address,
            action=change.action,
            entity=change.entity,
            entity_id=change.entity_id,
            negotiation_id=change.negotiation_id,
            before=None if change.before is None else canonical_json(change.before),
            after=None if change.after is None else canonical_json(change.after),
        )

    def expected_hash(self, previous: str) -> str:
        """The hash this entry must carry when ``previous`` is the hash before it."""
        return hashlib.sha256(previous.encode("ascii") + b"\n" + canonical(self)).hexdigest()

    def sealed(self, previous: str) -> AuditEntry:
        """This entry with its hash, chained to ``previous``."""
        return replace(self, hash=self.expected_hash(previous))


def canonical(entry: AuditEntry) -> bytes:
    """The bytes an entry's hash covers: every field but the hash, in one spelling.

    The id is included, so that two rows swapped (or renumbered) break the chain; the
    time is written in UTC with microseconds, as both databases store it.
    """
    fields = {
        "id": entry.id,
        "at": entry.at.isoformat(timespec="microseconds"),
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
    }
    return canonical_json(fields).encode("utf-8")


@dataclass(frozen=True, slots=True)
class ChainBreak:
    """The first row whose hash does not follow: ``entry_id`` and why, in plain words."""

    entry_id: int
    reason: str


@dataclass(frozen=True, slots=True)
class ChainReport:
    """The outcome of walking the whole chain: how many rows, the last hash, any break."""

    entries: int
    head: str
    broken: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def first_break(entries: Iterable[AuditEntry]) -> ChainBreak | None:
    """The first entry (in id order) that does not follow the one before it, or None.

    An edited row fails on its own hash; a removed or inserted row makes the next row
    fail, because that row was chained to a different predecessor.
    """
    return walk(entries).broken


def walk(entries: Iterable[AuditEntry]) -> ChainReport:
    """Check every entry in id order; stop at the first break."""
    previous = GENESIS
    last_id: int | None = None
    count = 0
    for entry in entries:
        count += 1
        if last_id is not None and entry.id <= last_id:
            return ChainReport(count, previous, ChainBreak(entry.id, "rows out of order"))
        if entry.hash != entry.expected_hash(previous):
            reason = (
                "its hash does not match: this row was changed, or a row before it "
                "was removed, inserted or changed"
            )
            return ChainReport(count, previous, ChainBreak(entry.id, reason))
        previous = entry.hash
        last_id = entry.id
    return ChainReport(count, previous, None)
