"""Bulk writing of 835 payments: many payments' rows in a few statements.

Ingest speed is set here (see docs/economics.md, "Speed"): rows are built as plain
tuples straight from the domain objects (no per-row dicts, no SQLAlchemy parameter
processing), ids are reserved up front so that children can go in without RETURNING,
and each table's rows of a whole batch of payments go in at once — through the
driver's ``executemany`` on SQLite and ``COPY … FROM STDIN`` on PostgreSQL, which is
several times faster there than ``executemany``. Everything runs on the session's
connection, inside its transaction: a rollback still removes every row of the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.orm import Session

from accord.adapters.store.remittance_rows import SEPARATOR
from accord.domain.remittance_batch import Dates, Ints, RemittanceBatch

__all__ = ["insert_rows", "reserve_ids", "write_batch"]

_PAYMENT_COLUMNS = (
    "id", "file_id", "originator", "trace_number", "amount_cents", "credit_debit", "method",
    "handling", "payment_date", "production_date", "payer_name", "payer_id", "payee_name",
    "payee_id", "segment",
)  # fmt: skip
_PLB_COLUMNS = (
    "payment_id", "provider_id", "reason", "amount_cents", "fiscal_period_end", "reference",
    "segment",
)  # fmt: skip
_CLAIM_COLUMNS = (
    "id", "payment_id", "claim_number", "status", "charge_cents", "paid_cents",
    "patient_responsibility_cents", "filing_indicator", "facility_type", "frequency",
    "statement_from", "statement_to", "received", "segment",
)  # fmt: skip
_LINE_COLUMNS = (
    "id", "claim_id", "qualifier", "code", "modifiers", "charge_cents", "paid_cents",
    "allowed_cents", "units_hundredths", "service_date", "control_number", "remark_codes",
    "segment",
)  # fmt: skip
_ADJUSTMENT_COLUMNS = (
    "claim_id", "line_id", "group_code", "reason", "amount_cents", "quantity_hundredths",
    "segment",
)  # fmt: skip


#: Most parameters in one SQLite statement: the lowest limit of any SQLite build.
_MAX_VARIABLES = 999


_RESERVE = sa.text(
    "SELECT min(id), max(id), CASE WHEN max(id) - min(id) + 1 = count(*) THEN NULL"
    " ELSE array_agg(id ORDER BY id) END"
    " FROM (SELECT nextval(pg_get_serial_sequence(:table, 'id')) AS id"
    " FROM generate_series(1, :n)) AS reserved"
)


def _reserve(session: Session, table: str, count: int) -> Iterator[int]:
    """``count`` fresh ids of ``table``, so that children can be inserted without
    RETURNING (which makes SQLAlchemy insert one row per statement on SQLite).

    PostgreSQL hands them out from the table's sequence, safe under concurrent writers.
    On SQLite the file's first write holds the database's single write lock until
    commit, so max(id) + 1… is ours alone.
    """
    connection = session.connection()
    if count == 0:
        return iter(())
    if connection.dialect.name == "postgresql":
        # Fetched as their bounds when they run on (as they do unless another writer
        # takes some meanwhile), not as one row per id (a tenth of ingest's CPU).
        low, high, scattered = connection.execute(_RESERVE, {"table": table, "n": count}).one()
        return iter(range(low, high + 1) if scattered is None else scattered)
    top = connection.exec_driver_sql(f"SELECT max(id) FROM {table}").scalar_one()
    first = int(top or 0) + 1
    return iter(range(first, first + count))


def _copy(session: Session, table: str, columns: Sequence[str], rows: Iterable[Any]) -> None:
    """PostgreSQL: the rows through ``COPY … FROM STDIN`` on the session's connection."""
    driver = session.connection().connection.driver_connection
    assert driver is not None
    names = ", ".join(columns)
    with driver.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


# COPY's text format: a backslash, tab, newline or carriage return in a value is escaped.
_COPY_SPECIAL = ("\\", "\t", "\n", "\r")
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(values: list[Any]) -> list[str]:
    """One column as COPY text: ``\\N`` for None, ints and ISO dates as they print, text
    escaped only when some value needs it (a check of the whole column at once)."""
    plain = list(map(str, values))
    whole = "".join(plain)
    escape = any(special in whole for special in _COPY_SPECIAL)
    if escape:
        plain = [text.translate(_COPY_ESCAPES) for text in plain]
    if None in values:
        return [r"\N" if value is None else text for value, text in zip(values, plain, strict=True)]
    return plain


def _copy_columns(
    session: Session, table: str, columns: Sequence[str], values: list[list[Any]]
) -> None:
    """PostgreSQL: whole columns as COPY text, written in one piece per table (psycopg's
    ``write_row`` costs a Python call per value: three quarters of the client's time)."""
    driver = session.connection().connection.driver_connection
    assert driver is not None
    if not values[0]:
        return
    text = [_copy_text(column) for column in values]
    data = "\n".join(map("\t".join, zip(*text, strict=True))) + "\n"
    names = ", ".join(columns)
    with driver.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        copy.write(data)


def _insert_flat(
    session: Session, table: str, columns: Sequence[str], flat: list[Any], count: int
) -> None:
    """SQLite: ``count`` rows given one after the other in ``flat`` (row-major), with many
    rows per ``INSERT … VALUES (…), (…)``: SQLite then runs its statement machinery once
    per ~70 rows instead of once per row (a quarter less time for the lines, measured).
    The driver's own cursor, on the session's connection and transaction; the
    statements' parameters are slices of ``flat``, so no tuple is built per row."""
    connection = session.connection()
    width = len(columns)
    marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    one = f"({', '.join(marker for _ in columns)})"
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
    per = max(1, _MAX_VARIABLES // width)
    whole = count - count % per
    driver = connection.connection.driver_connection
    assert driver is not None
    cursor = driver.cursor()
    try:
        if whole:
            step = per * width
            cursor.executemany(
                sql + ", ".join([one] * per),
                (flat[at : at + step] for at in range(0, whole * width, step)),
            )
        if whole < count:
            cursor.execute(sql + ", ".join([one] * (count - whole)), flat[whole * width :])
    finally:
        cursor.close()


def _insert(session: Session, table: str, columns: Sequence[str], values: list[list[Any]]) -> None:
    """One list per column (all of one length) into ``table``, by the fastest path of
    its database."""
    if session.connection().dialect.name == "postgresql":
        _copy_columns(session, table, columns, values)
        return
    width = len(columns)
    count = len(values[0])
    flat: list[Any] = [None] * (count * width)
    for at, column in enumerate(values):
        if len(column) != count:
            raise ValueError(f"{table}.{columns[at]}: {len(column)} values for {count} rows")
        flat[at::width] = column
    _insert_flat(session, table, columns, flat, count)


def insert_rows(
    session: Session, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Plain rows (ISO dates, no SQLAlchemy types) into ``table`` in the session's
    transaction, by the fastest path of its database (see the module's docstring)."""
    if session.connection().dialect.name == "postgresql":
        _copy(session, table, columns, rows)
        return
    rows = list(rows)
    _insert_flat(session, table, columns, list(chain.from_iterable(rows)), len(rows))


def reserve_ids(session: Session, table: str, count: int) -> list[int]:
    """``count`` fresh ids of ``table`` (see :func:`_reserve`), for rows written with them."""
    return list(_reserve(session, table, count))


def _ids(session: Session, table: str, count: int) -> Ints:
    return np.fromiter(_reserve(session, table, count), dtype=np.int64, count=count)


def _iso(values: Dates) -> list[str | None]:
    """Dates as ISO text (what SQLAlchemy stores on SQLite, and COPY reads), None for
    NaT: each distinct date formatted once (a year's files have a few hundred), then
    spread by numpy indexing — no Python date or adapter call per value."""
    distinct, position = np.unique(values.astype("datetime64[D]"), return_inverse=True)
    text = np.datetime_as_string(distinct, unit="D").astype(object)
    text[np.isnat(distinct)] = None
    return text[position.reshape(-1)].tolist()  # type: ignore[no-any-return]


def _or_none(values: Ints, present: Any) -> list[int | None]:
    out = values.astype(object)
    out[~present] = None
    return out.tolist()  # type: ignore[no-any-return]


def write_batch(session: Session, file_ids: Sequence[int], batch: RemittanceBatch) -> list[int]:
    """Insert the payments of ``batch`` (of the files ``file_ids``, one per payment) with
    their claims, lines and adjustments, in the session's transaction; return the
    payments' ids in order.

    Each column is one list (ids and parents by numpy indexing, text joined by ``map``):
    on SQLite they are interleaved into the statements' parameters by slice assignment,
    so no Python object is built per row; PostgreSQL's COPY reads them as rows.
    """
    if len(batch) == 0:
        return []
    p, c, ln = batch.payments, batch.claims, batch.lines
    a, plb = batch.adjustments, batch.provider_adjustments
    payment_ids = _ids(session, "remittance_payments", len(batch))
    claim_ids = _ids(session, "remittance_claims", len(c.segment))
    line_ids = _ids(session, "remittance_lines", len(ln.segment))
    _insert(session, "remittance_payments", _PAYMENT_COLUMNS, [
        payment_ids.tolist(), list(file_ids), p.originator, p.trace_number,
        p.amount_cents.tolist(), p.credit_debit, p.method, p.handling,
        _iso(p.payment_date), _iso(p.production_date), p.payer_name, p.payer_id,
        p.payee_name, p.payee_id, p.segment.tolist(),
    ])  # fmt: skip
    _insert(session, "remittance_provider_adjustments", _PLB_COLUMNS, [
        payment_ids[plb.payment].tolist(), plb.provider_id, plb.reason,
        plb.amount_cents.tolist(), _iso(plb.fiscal_period_end), plb.reference,
        plb.segment.tolist(),
    ])  # fmt: skip
    _insert(session, "remittance_claims", _CLAIM_COLUMNS, [
        claim_ids.tolist(), payment_ids[c.payment].tolist(), c.claim_number, c.status,
        c.charge_cents.tolist(), c.paid_cents.tolist(),
        c.patient_responsibility_cents.tolist(), c.filing_indicator, c.facility_type,
        c.frequency, _iso(c.statement_from), _iso(c.statement_to),
        _iso(c.received), c.segment.tolist(),
    ])  # fmt: skip
    _insert(session, "remittance_lines", _LINE_COLUMNS, [
        line_ids.tolist(), claim_ids[ln.claim].tolist(), ln.qualifier, ln.code,
        list(map(SEPARATOR.join, ln.modifiers)), ln.charge_cents.tolist(),
        ln.paid_cents.tolist(), ln.allowed_cents.tolist(), ln.units_hundredths.tolist(),
        _iso(ln.service_date), ln.control_number,
        list(map(SEPARATOR.join, ln.remark_codes)), ln.segment.tolist(),
    ])  # fmt: skip
    at_line = a.line >= 0
    _insert(session, "remittance_adjustments", _ADJUSTMENT_COLUMNS, [
        claim_ids[a.claim].tolist(),
        _or_none(line_ids[np.where(at_line, a.line, 0)] if len(line_ids) else a.line, at_line),
        a.group, a.reason, a.amount_cents.tolist(), a.quantity_hundredths.tolist(),
        a.segment.tolist(),
    ])  # fmt: skip
    return payment_ids.tolist()  # type: ignore[no-any-return]
