"""The remittance store: 835 payments written and read with SQLAlchemy Core.

A payment is written once and never edited (a reversal is a new claim row), so rows
go in by bulk inserts instead of through the ORM; the domain objects are rebuilt
only for the one payment a detail view asks for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from itertools import chain
from typing import Any, TypeVar

import numpy as np
import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from accord.adapters.store.audit_changes import Recorder, plain
from accord.adapters.store.dialect import bytewise
from accord.adapters.store.remittance_rows import claims_of, remittance_row
from accord.adapters.store.remittance_writer import reserve_ids, write_batch
from accord.adapters.store.scoping import payment_conditions
from accord.adapters.store.tables import (
    remittance_adjustments,
    remittance_claims,
    remittance_files,
    remittance_lines,
    remittance_payments,
    remittance_provider_adjustments,
)
from accord.domain.audit import AuditAction, Change
from accord.domain.remittance import (
    REVERSAL_STATUS,
    Claim,
    NetClaim,
    Payment,
    ProviderAdjustment,
    RemittanceRow,
)
from accord.domain.remittance_batch import RemittanceBatch, concatenated
from accord.domain.remittance_objects import batch_of
from accord.errors import ConflictError, NotFoundError, StoreError

__all__ = ["SqlRemittanceRepository"]

_T = TypeVar("_T")


class SqlRemittanceRepository:
    """Stored remittance files and their payments."""

    def __init__(self, session: Session, record: Recorder) -> None:
        self._session = session
        self._record = record

    # These run once per file: built once, sent on the session's connection (Core,
    # not the ORM's execute, whose bookkeeping cost as much as a small file's rows).
    _BY_HASH = sa.select(remittance_files.c.name).where(
        remittance_files.c.sha256 == sa.bindparam("sha256")
    )
    _TRACES = sa.select(remittance_payments.c.trace_number).where(
        remittance_payments.c.originator == sa.bindparam("originator"),
        remittance_payments.c.trace_number.in_(sa.bindparam("traces", expanding=True)),
    )
    _ADD_FILE = sa.insert(remittance_files).returning(remittance_files.c.id)

    def file_named_by_hash(self, sha256: str) -> str | None:
        """The name under which a file with this hash was ingested, if it was."""
        found = self._session.connection().execute(self._BY_HASH, {"sha256": sha256})
        return found.scalar_one_or_none()

    def stored_traces(self, keys: Sequence[tuple[str, str]]) -> set[tuple[str, str]]:
        """The (originator, trace number) pairs among ``keys`` that are already stored."""
        by_payer: dict[str, set[str]] = {}
        for originator, trace in keys:
            by_payer.setdefault(originator, set()).add(trace)
        found: set[tuple[str, str]] = set()
        connection = self._session.connection()
        # Per payer (a file rarely has more than one): the unique index on (originator,
        # trace number) answers each query.
        for originator, traces in by_payer.items():
            numbers = sorted(traces)
            for start in range(0, len(numbers), 500):
                values = {"originator": originator, "traces": numbers[start : start + 500]}
                found.update(
                    (originator, row[0]) for row in connection.execute(self._TRACES, values)
                )
        return found

    def files_named_by_hashes(self, hashes: Sequence[str]) -> dict[str, str]:
        """For each of ``hashes`` already ingested, the name it was ingested under (one
        query per 500 hashes instead of one per file)."""
        found: dict[str, str] = {}
        connection = self._session.connection()
        query = sa.select(remittance_files.c.sha256, remittance_files.c.name).where(
            remittance_files.c.sha256.in_(sa.bindparam("hashes", expanding=True))
        )
        unique = sorted(set(hashes))
        for start in range(0, len(unique), 500):
            rows = connection.execute(query, {"hashes": unique[start : start + 500]})
            found.update((row[0], row[1]) for row in rows)
        return found

    def add_files(self, files: Sequence[tuple[str, str, int]], *, at: datetime) -> list[int]:
        """Insert several files at once, each given as (name, SHA-256, size in bytes);
        return their ids in order. Each gets its audit entry, as with :meth:`add_file`."""
        connection = self._session.connection()
        if connection.dialect.name == "sqlite":
            # A write first, so that SQLite's write lock is ours before max(id) is read
            # for the reserved ids (PostgreSQL takes them from the sequence).
            f = remittance_files
            self._translated(
                lambda: connection.execute(sa.update(f).where(sa.false()).values(name=f.c.name))
            )
        ids = self._translated(
            lambda: reserve_ids(self._session, remittance_files.name, len(files))
        )
        rows = [
            {"id": file_id, "name": name, "sha256": sha256, "size_bytes": size, "ingested_at": at}
            for file_id, (name, sha256, size) in zip(ids, files, strict=True)
        ]
        if rows:
            self._translated(lambda: self._session.connection().execute(
                sa.insert(remittance_files), rows))  # fmt: skip
        for row in rows:
            after = {key: value for key, value in row.items() if key != "id"}
            self._record(Change(AuditAction.IMPORT, "remittance_file", str(row["id"]),
                                after=plain(after)))  # fmt: skip
        return ids

    def add_batches(self, parts: Sequence[tuple[int, RemittanceBatch]]) -> list[int]:
        """Insert the batches of several files (file id, batch) with one statement per
        table; return the payments' ids in order. A database error is raised as
        :class:`StoreError` (:class:`ConflictError` for a broken constraint), so that the
        caller can roll back and retry the files one by one."""
        if not parts:
            return []
        batch = concatenated([part for _, part in parts])
        file_ids = list(chain.from_iterable([file_id] * len(part) for file_id, part in parts))
        ids = self._translated(lambda: write_batch(self._session, file_ids, batch))
        self._audit_payments(file_ids, batch, ids)
        return ids

    def _translated(self, write: Callable[[], _T]) -> _T:
        """``write()``, with the driver's and SQLAlchemy's errors as Accord's (rows go in
        through the driver's own cursor, whose errors SQLAlchemy does not wrap)."""
        dbapi = self._session.connection().dialect.loaded_dbapi
        try:
            return write()
        except (sa_exc.DBAPIError, dbapi.Error) as exc:
            cause = exc.orig if isinstance(exc, sa_exc.DBAPIError) else exc
            # The first line only: PostgreSQL's detail lines may quote the row's values.
            first_line = (str(cause).strip().splitlines() or ["unknown error"])[0]
            if isinstance(cause, dbapi.IntegrityError):
                message = f"the payments conflict with stored data: {first_line}"
                raise ConflictError(message) from exc
            raise StoreError(f"the database failed: {first_line}") from exc

    def add_file(self, *, name: str, sha256: str, size_bytes: int, at: datetime) -> int:
        values = {"name": name, "sha256": sha256, "size_bytes": size_bytes, "ingested_at": at}
        file_id = int(self._session.connection().execute(self._ADD_FILE, values).scalar_one())
        self._record(Change(AuditAction.IMPORT, "remittance_file", str(file_id),
                            after=plain(values)))  # fmt: skip
        return file_id

    def add_payment(self, file_id: int, payment: Payment) -> int:
        """Insert one payment with its claims, lines and adjustments; return its id."""
        return self.add_batch(file_id, batch_of([payment]))[0]

    def add_payments(self, file_id: int, payments: Sequence[Payment]) -> list[int]:
        """Insert several payments of one file in a few bulk statements; return their ids."""
        return self.add_batch(file_id, batch_of(payments))

    def add_batch(self, file_id: int, batch: RemittanceBatch) -> list[int]:
        """Insert a column batch of payments of one file; return their ids (the fast path).

        Each payment gets one audit entry (its trace, amount and number of claims)."""
        file_ids = [file_id] * len(batch)
        ids = write_batch(self._session, file_ids, batch)
        self._audit_payments(file_ids, batch, ids)
        return ids

    def _audit_payments(
        self, file_ids: Sequence[int], batch: RemittanceBatch, ids: Sequence[int]
    ) -> None:
        columns = batch.payments
        claims = np.bincount(batch.claims.payment, minlength=len(batch))
        for row, payment_id in enumerate(ids):
            after = {"file_id": file_ids[row], "originator": columns.originator[row],
                     "trace_number": columns.trace_number[row],
                     "amount_cents": int(columns.amount_cents[row]),
                     "claims": int(claims[row])}  # fmt: skip
            self._record(Change(AuditAction.IMPORT, "remittance_payment", str(payment_id),
                                after=after))  # fmt: skip

    def count(self) -> int:
        query = (
            sa.select(sa.func.count())
            .select_from(remittance_payments)
            .where(*payment_conditions(self._session))
        )
        return int(self._session.execute(query).scalar_one())

    def rows(self, *, offset: int = 0, limit: int = 100) -> list[RemittanceRow]:
        """Stored payments, newest payment date first, with claim and line counts."""
        p, c, f = remittance_payments, remittance_claims, remittance_files
        claims = sa.select(sa.func.count()).where(c.c.payment_id == p.c.id).scalar_subquery()
        lines = (
            sa.select(sa.func.count())
            .select_from(remittance_lines.join(c, remittance_lines.c.claim_id == c.c.id))
            .where(c.c.payment_id == p.c.id)
            .scalar_subquery()
        )
        query = (
            sa.select(p, f.c.name.label("file_name"), claims.label("claims"), lines.label("lines"))
            .join(f, f.c.id == p.c.file_id)
            .where(*payment_conditions(self._session))
            .order_by(p.c.payment_date.desc().nulls_last(), p.c.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return [remittance_row(row._mapping) for row in self._session.execute(query)]

    def net_claims(
        self,
        *,
        claim_numbers: Sequence[str] | None = None,
        originator: str | None = None,
        offset: int = 0,
        limit: int = 100,
    ) -> tuple[int, list[NetClaim]]:
        """Every (payer, claim number) netted over all stored remittances, by claim number.

        Returns the number of such rows and one page of them; ``claim_numbers`` keeps
        only those claims, ``originator`` (TRN03) only that payer's.
        """
        c, p = remittance_claims, remittance_payments
        grouped = (
            sa.select(
                sa.func.max(p.c.payer_name).label("payer_name"),
                c.c.claim_number,
                sa.func.count().label("occurrences"),
                sa.func.sum(sa.case((c.c.status == REVERSAL_STATUS, 1), else_=0)).label(
                    "reversals"
                ),
                sa.func.sum(c.c.charge_cents).label("charge"),
                sa.func.sum(c.c.paid_cents).label("paid"),
                sa.func.sum(c.c.patient_responsibility_cents).label("patient"),
            )
            .join(p, p.c.id == c.c.payment_id)
            .where(*payment_conditions(self._session))
            .group_by(p.c.originator, c.c.claim_number)
        )
        if claim_numbers is not None:
            grouped = grouped.where(c.c.claim_number.in_(list(claim_numbers)))
        if originator is not None:
            grouped = grouped.where(p.c.originator == originator)
        total = self._session.execute(
            sa.select(sa.func.count()).select_from(grouped.subquery())
        ).scalar_one()
        page = (
            grouped.order_by(bytewise(c.c.claim_number), bytewise(sa.func.max(p.c.payer_name)))
            .offset(offset)
            .limit(limit)
        )
        rows = [
            NetClaim(
                claim_number=r.claim_number,
                occurrences=int(r.occurrences),
                reversals=int(r.reversals),
                charge_cents=int(r.charge),
                paid_cents=int(r.paid),
                patient_responsibility_cents=int(r.patient),
                payer_name=r.payer_name,
            )
            for r in self._session.execute(page)
        ]
        return int(total), rows

    def get(self, payment_id: int) -> tuple[RemittanceRow, Payment]:
        """One stored payment as a list row and as the whole domain object."""
        p, c, f = remittance_payments, remittance_claims, remittance_files
        head = self._session.execute(
            sa.select(p, f.c.name.label("file_name"))
            .join(f, f.c.id == p.c.file_id)
            .where(p.c.id == payment_id, *payment_conditions(self._session))
        ).first()
        if head is None:
            raise NotFoundError(f"no remittance payment with id {payment_id}")
        claim_rows = self._session.execute(
            sa.select(c).where(c.c.payment_id == payment_id).order_by(c.c.id)
        ).all()
        claim_ids = [row.id for row in claim_rows]
        line_rows = self._session.execute(
            sa.select(remittance_lines)
            .where(remittance_lines.c.claim_id.in_(claim_ids))
            .order_by(remittance_lines.c.id)
        ).all()
        adjustment_rows = self._session.execute(
            sa.select(remittance_adjustments)
            .where(remittance_adjustments.c.claim_id.in_(claim_ids))
            .order_by(remittance_adjustments.c.id)
        ).all()
        plb_rows = self._session.execute(
            sa.select(remittance_provider_adjustments)
            .where(remittance_provider_adjustments.c.payment_id == payment_id)
            .order_by(remittance_provider_adjustments.c.id)
        ).all()
        claims = claims_of(claim_rows, line_rows, adjustment_rows)
        m = head._mapping
        payment = _payment(m, claims, plb_rows)
        row = RemittanceRow(
            id=m["id"],
            file_name=m["file_name"],
            trace_number=m["trace_number"],
            payer_name=m["payer_name"],
            payee_name=m["payee_name"],
            payment_date=m["payment_date"],
            amount_cents=m["amount_cents"],
            claim_count=len(claims),
            line_count=payment.line_count,
        )
        return row, payment


def _payment(
    m: sa.RowMapping, claims: tuple[Claim, ...], plb_rows: Sequence[sa.Row[Any]]
) -> Payment:
    """A stored payment's head, claims and provider adjustments as the domain object."""
    return Payment(
        trace_number=m["trace_number"],
        originator=m["originator"],
        amount_cents=m["amount_cents"],
        credit_debit=m["credit_debit"],
        method=m["method"],
        handling=m["handling"],
        payment_date=m["payment_date"],
        production_date=m["production_date"],
        payer_name=m["payer_name"],
        payer_id=m["payer_id"],
        payee_name=m["payee_name"],
        payee_id=m["payee_id"],
        claims=claims,
        provider_adjustments=tuple(
            ProviderAdjustment(
                provider_id=r.provider_id,
                reason=r.reason,
                amount_cents=r.amount_cents,
                fiscal_period_end=r.fiscal_period_end,
                reference=r.reference,
                segment=r.segment,
            )
            for r in plb_rows
        ),
        segment=m["segment"],
    )
