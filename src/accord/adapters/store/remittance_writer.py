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

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from accord.adapters.store.remittance_rows import SEPARATOR, hundredths
from accord.domain.remittance import Payment

__all__ = ["write_payments"]

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


class _Rows:
    """Every table's rows of a batch of payments, as tuples in column order."""

    def __init__(self) -> None:
        self.payments: list[tuple[Any, ...]] = []
        self.plb: list[tuple[Any, ...]] = []
        self.claims: list[tuple[Any, ...]] = []
        self.lines: list[tuple[Any, ...]] = []
        self.adjustments: list[tuple[Any, ...]] = []


def _rows(
    file_id: int, payments: Sequence[Payment], ids: dict[str, Iterator[int]]
) -> tuple[_Rows, list[int]]:
    """The rows of ``payments`` with ids taken from ``ids`` (fresh ids of each table),
    and the payments' own ids."""
    out = _Rows()
    payment_ids: list[int] = []
    claim_ids, line_ids = ids["claims"], ids["lines"]
    for p, payment_id in zip(payments, ids["payments"], strict=False):
        payment_ids.append(payment_id)
        out.payments.append(
            (payment_id, file_id, p.originator, p.trace_number, p.amount_cents,
             p.credit_debit, p.method, p.handling, p.payment_date, p.production_date,
             p.payer_name, p.payer_id, p.payee_name, p.payee_id, p.segment)
        )  # fmt: skip
        out.plb.extend(
            (payment_id, a.provider_id, a.reason, a.amount_cents, a.fiscal_period_end,
             a.reference, a.segment)
            for a in p.provider_adjustments
        )  # fmt: skip
        for c in p.claims:
            claim_id = next(claim_ids)
            out.claims.append(
                (claim_id, payment_id, c.claim_number, c.status, c.charge_cents,
                 c.paid_cents, c.patient_responsibility_cents, c.filing_indicator,
                 c.facility_type, c.frequency, c.statement_from, c.statement_to,
                 c.received, c.segment)
            )  # fmt: skip
            out.adjustments.extend(
                (claim_id, None, a.group, a.reason, a.amount_cents,
                 hundredths(a.quantity), a.segment)
                for a in c.adjustments
            )  # fmt: skip
            for line in c.lines:
                line_id = next(line_ids)
                out.lines.append(
                    (line_id, claim_id, line.qualifier, line.code,
                     SEPARATOR.join(line.modifiers), line.charge_cents, line.paid_cents,
                     line.allowed_cents, hundredths(line.units), line.service_date,
                     line.control_number, SEPARATOR.join(line.remark_codes), line.segment)
                )  # fmt: skip
                out.adjustments.extend(
                    (claim_id, line_id, a.group, a.reason, a.amount_cents,
                     hundredths(a.quantity), a.segment)
                    for a in line.adjustments
                )  # fmt: skip
    return out, payment_ids


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
        query = sa.text(
            "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
        )
        result = connection.execute(query, {"table": table, "n": count})
        return iter(result.scalars().all())
    top = connection.exec_driver_sql(f"SELECT max(id) FROM {table}").scalar_one()
    first = int(top or 0) + 1
    return iter(range(first, first + count))


def _insert(session: Session, table: str, columns: Sequence[str], rows: list[Any]) -> None:
    if not rows:
        return
    connection = session.connection()
    names = ", ".join(columns)
    if connection.dialect.name == "postgresql":
        driver = connection.connection.driver_connection
        assert driver is not None
        with driver.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    statement = f"INSERT INTO {table} ({names}) VALUES ({', '.join(marker for _ in columns)})"
    connection.exec_driver_sql(statement, rows)


def write_payments(session: Session, file_id: int, payments: Sequence[Payment]) -> list[int]:
    """Insert ``payments`` of file ``file_id`` with their claims, lines and adjustments,
    in the session's transaction; return the payments' ids in order."""
    if not payments:
        return []
    counts = {
        "payments": len(payments),
        "claims": sum(len(p.claims) for p in payments),
        "lines": sum(p.line_count for p in payments),
    }
    ids = {name: _reserve(session, f"remittance_{name}", count) for name, count in counts.items()}
    rows, payment_ids = _rows(file_id, payments, ids)
    _insert(session, "remittance_payments", _PAYMENT_COLUMNS, rows.payments)
    _insert(session, "remittance_provider_adjustments", _PLB_COLUMNS, rows.plb)
    _insert(session, "remittance_claims", _CLAIM_COLUMNS, rows.claims)
    _insert(session, "remittance_lines", _LINE_COLUMNS, rows.lines)
    _insert(session, "remittance_adjustments", _ADJUSTMENT_COLUMNS, rows.adjustments)
    return payment_ids
