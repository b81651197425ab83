"""An import plan written as plain rows in one short transaction.

The plan (``services/import_plan.py``) was resolved before the first write, and every
row in it carries a provisional id (``-k``: the k-th new row of its kind). Here every
row is first converted to the driver's form (enums, UTC date-times, JSON), while
nothing is locked; then the writer's lock is taken, real ids are reserved (on SQLite
the next ids after each table's largest, under that lock; on PostgreSQL from each
table's sequence), the provisional ids are swapped for them, and each table goes in
with one driver ``executemany``. On SQLite the lock is held for those inserts and the
commit only, not for the ORM's bookkeeping of thousands of objects nobody changes
afterwards; the audit trail seals one entry per negotiation, not one per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session

from accord.adapters.store import tables as t
from accord.adapters.store.audit_changes import Recorder, plain, shown_values
from accord.domain.audit import AuditAction, Change
from accord.domain.negotiation import Negotiation
from accord.errors import ConflictError, StoreError
from accord.services.archive_ports import ImportPlan

__all__ = ["write_import"]

# Each table of an import, its audit entity, and its columns that hold an id of a row
# of the plan (kind by table name): swapped from provisional to real ids. Written (and
# audited) in this order, the order the ORM's flush used before.
_REFERENCES: dict[str, tuple[str, dict[str, str]]] = {
    "organisations": ("organisation", {"id": "organisations", "parent_id": "organisations"}),
    "contacts": ("contact", {"id": "contacts", "organisation_id": "organisations"}),
    "negotiations": (
        "negotiation",
        {
            "id": "negotiations",
            "our_org_id": "organisations",
            "counterparty_id": "organisations",
            "contact_ids": "contacts",
        },
    ),
    "stage_changes": ("stage_change", {"id": "stage_changes", "negotiation_id": "negotiations"}),
    "terms": ("term", {"id": "terms", "negotiation_id": "negotiations"}),
    "offers": (
        "offer",
        {"id": "offers", "negotiation_id": "negotiations", "corrects_id": "offers"},
    ),
    "interactions": (
        "interaction",
        {
            "id": "interactions",
            "negotiation_id": "negotiations",
            "contact_id": "contacts",
            "corrects_id": "interactions",
        },
    ),
    "leverage_factors": (
        "leverage_factor",
        {"id": "leverage_factors", "negotiation_id": "negotiations"},
    ),
    "allies": (
        "ally",
        {"id": "allies", "negotiation_id": "negotiations", "organisation_id": "organisations"},
    ),
    "agreements": ("agreement", {"id": "agreements", "negotiation_id": "negotiations"}),
}
_TABLES = {name: t.metadata.tables[name] for name in _REFERENCES}
# A negotiation's rows: (attribute on Negotiation, table).
_CHILDREN: tuple[tuple[str, str], ...] = (
    ("stage_history", "stage_changes"),
    ("terms", "terms"),
    ("offer_history", "offers"),
    ("interaction_history", "interactions"),
    ("leverage", "leverage_factors"),
    ("allies", "allies"),
)
_CHUNK = 500  # ids per DELETE … IN (…)
# Tables whose new rows get an audit entry each; a negotiation gets one for all its rows.
_ROW_BY_ROW = ("organisations", "contacts")


class _Rows:
    """One table's rows, ready for the driver: every value already in the database's
    form, but for the columns that hold ids of the plan (swapped under the lock, then
    converted). Beside them, what the audit trail shows of each row (organisations and
    contacts only: a negotiation's rows are summed up in its one import entry)."""

    def __init__(self, table: sa.Table, dialect: Dialect) -> None:
        self.table = table
        compiled = sa.insert(table).compile(dialect=dialect)
        self.sql = str(compiled)
        self.positional = bool(compiled.positional)
        names = list(compiled.positiontup or ()) if self.positional else list(table.columns.keys())
        self.names = names
        self.references = _REFERENCES[table.name][1]

        def processor(name: str) -> Callable[[Any], Any] | None:
            return table.columns[name].type.dialect_impl(dialect).bind_processor(dialect)

        self.processors = [None if n in self.references else processor(n) for n in names]
        self.late = {n: processor(n) for n in self.references}
        self.key: dict[str, Any] = {n: i if self.positional else n for i, n in enumerate(names)}
        self.rows: list[Any] = []
        self.shown: list[dict[str, Any]] = []

    def add(self, item: object, **fixed: Any) -> None:
        values = {c.name: getattr(item, c.name) for c in self.table.columns if c.name not in fixed}
        values.update(fixed)
        packed = [
            values[n] if p is None else p(values[n])
            for n, p in zip(self.names, self.processors, strict=True)
        ]
        self.rows.append(packed if self.positional else dict(zip(self.names, packed, strict=True)))
        if self.table.name in _ROW_BY_ROW:
            self.shown.append(shown_values(self.table, values))

    def real_id(self, index: int) -> int:
        return int(self.rows[index][self.key["id"]])


def _rows(plan: ImportPlan, dialect: Dialect) -> dict[str, _Rows]:
    tables = {name: _Rows(table, dialect) for name, table in _TABLES.items()}
    for org in plan.organisations:
        tables["organisations"].add(org)
    for contact in plan.contacts:
        tables["contacts"].add(contact)
    for negotiation in plan.negotiations:
        tables["negotiations"].add(negotiation)
        nid = negotiation.id
        for attribute, name in _CHILDREN:
            for position, child in enumerate(getattr(negotiation, attribute)):
                extra = {"position": position} if name == "terms" else {}
                tables[name].add(child, negotiation_id=nid, **extra)
        if negotiation.agreement is not None:
            tables["agreements"].add(negotiation.agreement, negotiation_id=nid)
    return tables


def _take_the_lock(connection: Connection) -> None:
    """SQLite: become the one writer now, before the largest ids are read (a write that
    changes nothing takes the lock). PostgreSQL needs nothing: ids come from sequences."""
    if connection.dialect.name == "sqlite":
        connection.execute(sa.update(t.negotiations).where(sa.false()).values(version=0))


def _reserve(connection: Connection, table: sa.Table, count: int) -> Sequence[int]:
    """``count`` new ids for ``table``, in order."""
    if count == 0:
        return ()
    if connection.dialect.name == "postgresql":
        sequence = sa.func.pg_get_serial_sequence(table.name, "id")
        query = sa.select(sa.func.nextval(sequence)).select_from(sa.func.generate_series(1, count))
        # In order, so that rows keep the order of the plan (offers at one time, say).
        return sorted(int(i) for i in connection.execute(query).scalars())
    largest = connection.execute(sa.select(sa.func.max(table.c.id))).scalar()
    start = int(largest or 0) + 1
    return range(start, start + count)


def _swap(tables: dict[str, _Rows], ids: dict[str, Sequence[int]]) -> None:
    """Provisional ids (``-k``) → the k-th reserved id of their kind, in rows and in
    what the audit trail shows."""

    def real(kind: str, value: Any) -> Any:
        if isinstance(value, list):
            return [real(kind, v) for v in value]
        if isinstance(value, int) and value < 0:
            return ids[kind][-value - 1]
        return value

    for rows in tables.values():
        for column, kind in rows.references.items():
            key, convert = rows.key[column], rows.late[column]
            for row in rows.rows:
                value = real(kind, row[key])
                row[key] = value if convert is None else convert(value)
        for shown in rows.shown:
            for column, kind in rows.references.items():
                shown[column] = real(kind, shown[column])


def _deleted(negotiations: Sequence[Negotiation]) -> Iterator[Change]:
    for n in negotiations:
        values = {c.name: getattr(n, c.name) for c in t.negotiations.columns}
        before = shown_values(t.negotiations, values)
        yield Change(AuditAction.DELETE, "negotiation", str(n.id), n.id, before, None)


def write_import(session: Session, plan: ImportPlan, record: Recorder) -> None:
    """Write ``plan`` in the session's transaction: the replaced negotiations deleted
    (their rows go with them), then every new row. The audit trail gets an entry per
    new organisation and contact (as the ORM's hook records them), one ``import`` entry
    per negotiation with its size, and a ``delete`` per replaced negotiation. A driver's
    refusal becomes a :class:`ConflictError` or :class:`StoreError` (the unit of work
    then rolls everything back)."""
    tables = _rows(plan, session.get_bind().dialect)  # before the lock: the slow part
    replaced = list(_deleted(plan.replaced))
    session.flush()  # nothing is expected pending; never leave it for after the lock
    connection = session.connection()
    try:
        _write(connection, plan, tables)
    except sa_exc.IntegrityError as exc:
        raise ConflictError(f"the import conflicts with stored data: {exc.orig}") from exc
    except sa_exc.DBAPIError as exc:
        raise StoreError(f"the database failed during the import: {exc.orig}") from exc
    for change in replaced:
        record(change)
    for name in _ROW_BY_ROW:
        entity = _REFERENCES[name][0]
        for shown in tables[name].shown:
            record(Change(AuditAction.CREATE, entity, str(shown["id"]), None, None, shown))
    for index, n in enumerate(plan.negotiations):
        nid = tables["negotiations"].real_id(index)
        # One entry per negotiation, with its size: the archive holds the rows, and
        # sealing an entry per row would keep other writers waiting for the chain.
        after = {"uid": n.uid, "title": n.title, "kind": plain(n.kind),
                 "stage": plain(n.stage), "patient_ref": n.patient_ref,
                 "terms": len(n.terms), "offers": len(n.offer_history),
                 "interactions": len(n.interaction_history)}  # fmt: skip
        record(Change(AuditAction.IMPORT, "negotiation", str(nid), nid, None, after))


def _write(connection: Connection, plan: ImportPlan, tables: dict[str, _Rows]) -> None:
    _take_the_lock(connection)
    gone = [n.id for n in plan.replaced]
    for start in range(0, len(gone), _CHUNK):
        # ON DELETE CASCADE takes every row of these negotiations with them.
        chunk = gone[start : start + _CHUNK]
        connection.execute(sa.delete(t.negotiations).where(t.negotiations.c.id.in_(chunk)))
    ids = {name: _reserve(connection, rows.table, len(rows.rows)) for name, rows in tables.items()}
    _swap(tables, ids)
    for rows in tables.values():
        if rows.rows:  # the driver's executemany: the values are in its form already
            given = [tuple(r) for r in rows.rows] if rows.positional else rows.rows
            connection.exec_driver_sql(rows.sql, given)
