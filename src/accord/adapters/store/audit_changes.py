"""The audit hook on the ORM: every row the unit of work inserts, updates or deletes
becomes a :class:`~accord.domain.audit.Change`, with its values before and after.

Mapper events fire for each row as the flush writes it (cascaded and orphaned rows
too), while the attributes still hold their history; the change goes to the collector
the unit of work put on its session (``session.info``). A session without one (the
migrations, a test's raw session) records nothing.

Free text (notes, summaries, problem statements, goals, checklist answers) is recorded
by its length only, so that a name typed into a note never reaches the trail; the
patient reference, like everywhere else, is the only patient identifier kept.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapper, object_session

from accord.domain.audit import AuditAction, Change

__all__ = [
    "AUDIT_COLLECTOR",
    "Recorder",
    "listen_for_changes",
    "plain",
    "redacted",
    "shown_values",
]

AUDIT_COLLECTOR = "accord_audit_collector"
"""The key of the collector (a ``Callable[[Change], None]``) in ``Session.info``."""

# Columns whose change is bookkeeping, not a change a person made: every edit of a
# negotiation bumps these, and the change that caused it has its own entry.
_BOOKKEEPING = frozenset({("negotiations", "version"), ("negotiations", "updated_at")})
# Free text kept in JSON columns (goals, checklist answers and notes).
_FREE_TEXT_JSON = frozenset(
    {("negotiations", "our_goals"), ("negotiations", "agreed_goals"), ("negotiations", "checklist")}
)
_ENTITIES = {
    "organisations": "organisation",
    "contacts": "contact",
    "negotiations": "negotiation",
    "terms": "term",
    "offers": "offer",
    "interactions": "interaction",
    "stage_changes": "stage_change",
    "leverage_factors": "leverage_factor",
    "allies": "ally",
    "agreements": "agreement",
}


def plain(value: Any) -> Any:
    """A stored value as JSON: enums by value, dates ISO 8601, money as exact text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"[{len(value)} bytes]"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    return str(value)


def redacted(value: Any) -> Any:
    """Free text as its size only: ``[text, 42 characters]`` (empty text stays empty)."""
    if value is None or value == "" or value == [] or value == ():
        return plain(value)
    if isinstance(value, str):
        return f"[text, {len(value)} characters]"
    if isinstance(value, list | tuple):
        return f"[{len(value)} items of text]"
    return "[answers and notes, not recorded]"


def _is_free_text(table: sa.Table, column: sa.Column[Any]) -> bool:
    return isinstance(column.type, sa.Text) or (table.name, column.key) in _FREE_TEXT_JSON


def _columns(mapper: Mapper[Any]) -> list[tuple[str, sa.Table, sa.Column[Any]]]:
    table = mapper.local_table
    assert isinstance(table, sa.Table)
    return [
        (prop.key, table, prop.columns[0])
        for prop in mapper.column_attrs
        if isinstance(prop.columns[0], sa.Column)
    ]


def _shown(table: sa.Table, column: sa.Column[Any], value: Any) -> Any:
    return redacted(value) if _is_free_text(table, column) else plain(value)


def shown_values(table: sa.Table, values: Mapping[str, Any]) -> dict[str, Any]:
    """What the trail shows of a row of ``table`` written without the ORM (imports):
    the same as the hook shows of an inserted object."""
    return {c.key: _shown(table, c, values.get(c.key)) for c in table.columns}


def _where(mapper: Mapper[Any], target: Any) -> tuple[str, str, int | None] | None:
    table = mapper.local_table
    assert isinstance(table, sa.Table)
    entity = _ENTITIES.get(table.name)
    if entity is None:
        return None
    entity_id = getattr(target, "id", None)
    if table.name == "negotiations":
        negotiation_id = entity_id
    else:
        negotiation_id = getattr(target, "negotiation_id", None)
    return entity, str(entity_id), negotiation_id


def _collector(target: Any) -> Callable[[Change], None] | None:
    session = object_session(target)
    if session is None:
        return None
    found = session.info.get(AUDIT_COLLECTOR)
    return found if callable(found) else None


def _inserted(mapper: Mapper[Any], _connection: Any, target: Any) -> None:
    collect, where = _collector(target), _where(mapper, target)
    if collect is None or where is None:
        return
    after = {key: _shown(table, column, getattr(target, key, None))
             for key, table, column in _columns(mapper)}  # fmt: skip
    collect(Change(AuditAction.CREATE, where[0], where[1], where[2], None, after))


def _updated(mapper: Mapper[Any], _connection: Any, target: Any) -> None:
    collect, where = _collector(target), _where(mapper, target)
    if collect is None or where is None:
        return
    state = sa.inspect(target)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for key, table, column in _columns(mapper):
        if (table.name, key) in _BOOKKEEPING:
            continue
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        old = _shown(table, column, history.deleted[0] if history.deleted else None)
        new = _shown(table, column, history.added[0] if history.added else None)
        if old != new or _is_free_text(table, column):
            before[key], after[key] = old, new
    if after:
        collect(Change(AuditAction.UPDATE, where[0], where[1], where[2], before, after))


def _deleted(mapper: Mapper[Any], _connection: Any, target: Any) -> None:
    collect, where = _collector(target), _where(mapper, target)
    if collect is None or where is None:
        return
    loaded = sa.inspect(target).dict
    before = {key: _shown(table, column, loaded.get(key))
              for key, table, column in _columns(mapper)}  # fmt: skip
    collect(Change(AuditAction.DELETE, where[0], where[1], where[2], before, None))


def listen_for_changes() -> None:
    """Hook every mapped class's inserts, updates and deletes (once per process)."""
    event.listen(Mapper, "after_insert", _inserted)
    event.listen(Mapper, "after_update", _updated)
    event.listen(Mapper, "after_delete", _deleted)


Recorder = Callable[[Change], None]
"""What a repository that writes with SQLAlchemy Core calls to record its change."""
