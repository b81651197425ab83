"""Consecutive 835 transactions as columns: the fast path of remittance ingest.

A :class:`RemittanceBatch` holds the same facts as a list of
:class:`~accord.domain.remittance.Payment` objects, one array per field: amounts,
segment numbers and parent rows as numpy integers, dates as ``datetime64[D]`` (NaT when
missing), text as lists. Children point at their parent by row number in the parent's
table (``claims.payment``, ``lines.claim``, ``adjustments.claim`` and ``.line``, -1 for
a claim-level adjustment), and rows are in file order.

Ingesting this way costs a few vectorised steps per batch instead of one Python object
per line, claim and adjustment. The domain's rules stay the single source of truth:
:func:`unbalanced_payments` applies :func:`~accord.domain.remittance.balance_findings`'s
rules to whole columns and is tested against them; a payment it flags is rebuilt as
objects (:meth:`RemittanceBatch.payment`) so that ``balance_findings`` words the error.

    >>> from accord.domain.remittance import Payment
    >>> from accord.domain.remittance_objects import batch_of
    >>> unbalanced_payments(batch_of([Payment("T1", 0), Payment("T2", 100)])).tolist()
    [False, True]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain, compress
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

__all__ = [
    "AdjustmentColumns",
    "ClaimColumns",
    "LineColumns",
    "MaybeInts",
    "PaymentColumns",
    "ProviderAdjustmentColumns",
    "RemittanceBatch",
    "concatenated",
    "unbalanced_payments",
]

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
Dates = npt.NDArray[np.datetime64]


@dataclass(frozen=True, slots=True, eq=False)
class MaybeInts:
    """Integers some of which are missing (``missing`` is True there; ``values`` 0)."""

    values: Ints
    missing: Bools

    def tolist(self) -> list[int | None]:
        """The values as Python ints, None where missing."""
        if not self.missing.any():
            return self.values.tolist()  # type: ignore[no-any-return]
        out = self.values.astype(object)
        out[self.missing] = None
        return out.tolist()  # type: ignore[no-any-return]

    def __getitem__(self, mask: Bools) -> MaybeInts:
        return MaybeInts(self.values[mask], self.missing[mask])

    def hundredths(self, i: int) -> Decimal | None:
        """Row ``i`` as a decimal with two places (units and quantities are hundredths)."""
        return None if self.missing[i] else Decimal(int(self.values[i])).scaleb(-2)


@dataclass(frozen=True, slots=True, eq=False)
class PaymentColumns:
    """One row per transaction. ``segment`` is the ST's number (the BPR's is one more)."""

    segment: Ints
    amount_cents: Ints
    trace_number: list[str]
    originator: list[str]
    credit_debit: list[str]
    method: list[str | None]
    handling: list[str | None]
    payment_date: Dates
    production_date: Dates
    payer_name: list[str | None]
    payer_id: list[str | None]
    payee_name: list[str | None]
    payee_id: list[str | None]


@dataclass(frozen=True, slots=True, eq=False)
class ClaimColumns:
    """One row per CLP; ``payment`` is its row in :class:`PaymentColumns`."""

    payment: Ints
    segment: Ints
    charge_cents: Ints
    paid_cents: Ints
    patient_responsibility_cents: Ints
    claim_number: list[str]
    status: list[str]
    filing_indicator: list[str | None]
    facility_type: list[str | None]
    frequency: list[str | None]
    statement_from: Dates
    statement_to: Dates
    received: Dates


@dataclass(frozen=True, slots=True, eq=False)
class LineColumns:
    """One row per SVC; ``claim`` is its row in :class:`ClaimColumns`."""

    claim: Ints
    segment: Ints
    charge_cents: Ints
    paid_cents: Ints
    allowed_cents: MaybeInts
    units_hundredths: MaybeInts
    code: list[str]
    qualifier: list[str]
    modifiers: list[tuple[str, ...]]
    service_date: Dates
    control_number: list[str | None]
    remark_codes: list[tuple[str, ...]]


@dataclass(frozen=True, slots=True, eq=False)
class AdjustmentColumns:
    """One row per CAS triplet: its claim's row, and its line's row or -1 (claim level)."""

    claim: Ints
    line: Ints
    segment: Ints
    amount_cents: Ints
    quantity_hundredths: MaybeInts
    group: list[str]
    reason: list[str]


@dataclass(frozen=True, slots=True, eq=False)
class ProviderAdjustmentColumns:
    """One row per PLB adjustment; ``payment`` is its row in :class:`PaymentColumns`."""

    payment: Ints
    segment: Ints
    amount_cents: Ints
    provider_id: list[str]
    reason: list[str]
    fiscal_period_end: Dates
    reference: list[str | None]


_Table = TypeVar(
    "_Table", PaymentColumns, ClaimColumns, LineColumns, AdjustmentColumns,
    ProviderAdjustmentColumns,
)  # fmt: skip


def _subset(table: _Table, keep: Bools, **replaced: Ints) -> _Table:
    """The rows of ``table`` where ``keep`` is True; ``replaced`` columns given whole."""
    flags: list[bool] | None = None
    values: dict[str, Any] = {}
    for f in dataclasses.fields(table):
        if f.name in replaced:
            values[f.name] = replaced[f.name]
            continue
        column = getattr(table, f.name)
        if isinstance(column, list):
            flags = keep.tolist() if flags is None else flags
            values[f.name] = list(compress(column, flags))
        else:
            values[f.name] = column[keep]
    return type(table)(**values)


def _renumbered(keep: Bools) -> Ints:
    """The new row number of each kept row (-1 for the others)."""
    return np.where(keep, np.cumsum(keep) - 1, -1)


def _remap(numbers: Ints, refs: Ints) -> Ints:
    """``numbers[ref]`` for each ref, -1 where the ref is -1 (no parent)."""
    if len(numbers) == 0:
        return np.full(len(refs), -1, dtype=np.int64)
    return np.where(refs >= 0, numbers[np.maximum(refs, 0)], -1)


def _sum_by(owner: Ints, amounts: Ints, size: int) -> Ints:
    """Σ ``amounts`` per owner row, exactly (integer cents, not floats)."""
    total = np.zeros(size, dtype=np.int64)
    np.add.at(total, owner, amounts)
    return total


@dataclass(frozen=True, slots=True, eq=False)
class RemittanceBatch:
    """Consecutive transactions of one file, as columns (see the module's docstring)."""

    payments: PaymentColumns
    claims: ClaimColumns
    lines: LineColumns
    adjustments: AdjustmentColumns
    provider_adjustments: ProviderAdjustmentColumns

    def __len__(self) -> int:
        return len(self.payments.segment)

    @property
    def claim_count(self) -> int:
        return len(self.claims.segment)

    @property
    def line_count(self) -> int:
        return len(self.lines.segment)

    def trace_keys(self) -> list[tuple[str, str]]:
        """(TRN03, TRN02) of each payment, as :attr:`Payment.trace_key`."""
        return list(zip(self.payments.originator, self.payments.trace_number, strict=True))

    @property
    def amount_cents(self) -> int:
        """Σ BPR02 of the batch's payments."""
        return int(self.payments.amount_cents.sum())

    def lines_per_payment(self) -> Ints:
        """How many service lines each payment has."""
        per_claim = np.bincount(self.lines.claim, minlength=len(self.claims.segment))
        return _sum_by(self.claims.payment, per_claim.astype(np.int64), len(self))

    def chunks(self, lines: int) -> Iterator[RemittanceBatch]:
        """Consecutive parts of about ``lines`` service lines each (a payment counts one
        more), every part with at least one payment; the batch itself if it is small."""
        sizes = self.lines_per_payment() + 1
        if len(self) == 0 or int(sizes.sum()) <= lines:
            yield self
            return
        rows = np.arange(len(self))
        start = total = 0
        for i, size in enumerate(sizes.tolist()):
            total += size
            if total >= lines or i == len(self) - 1:
                yield self.select((rows >= start) & (rows <= i))
                start, total = i + 1, 0

    def select(self, keep: Bools | Sequence[bool]) -> RemittanceBatch:
        """The payments where ``keep`` is True, with their claims, lines and adjustments."""
        keep = np.asarray(keep, dtype=np.bool_)
        c, ln, a, plb = self.claims, self.lines, self.adjustments, self.provider_adjustments
        keep_claims = keep[c.payment]
        keep_lines = keep_claims[ln.claim]
        keep_adjustments = keep_claims[a.claim]
        keep_plb = keep[plb.payment]
        payments, claims, lines = (
            _renumbered(keep),
            _renumbered(keep_claims),
            _renumbered(keep_lines),
        )
        kept_line = a.line[keep_adjustments]
        return RemittanceBatch(
            _subset(self.payments, keep),
            _subset(c, keep_claims, payment=payments[c.payment[keep_claims]]),
            _subset(ln, keep_lines, claim=claims[ln.claim[keep_lines]]),
            _subset(
                a,
                keep_adjustments,
                claim=claims[a.claim[keep_adjustments]],
                line=_remap(lines, kept_line),
            ),
            _subset(plb, keep_plb, payment=payments[plb.payment[keep_plb]]),
        )


def _joined(tables: Sequence[_Table], shifts: dict[str, list[int]]) -> _Table:
    """The rows of ``tables`` one after the other; each ``shifts`` column (a reference to
    a parent's row) moved by that table's shift, its -1s (no parent) kept."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(tables[0]):
        columns = [getattr(table, f.name) for table in tables]
        if isinstance(columns[0], list):
            values[f.name] = list(chain.from_iterable(columns))
        elif isinstance(columns[0], MaybeInts):
            values[f.name] = MaybeInts(
                np.concatenate([c.values for c in columns]),
                np.concatenate([c.missing for c in columns]),
            )
        elif f.name in shifts:
            values[f.name] = np.concatenate(
                [np.where(c >= 0, c + s, c) for c, s in zip(columns, shifts[f.name], strict=True)]
            )
        else:
            values[f.name] = np.concatenate(columns)
    return type(tables[0])(**values)


def concatenated(batches: Sequence[RemittanceBatch]) -> RemittanceBatch:
    """The payments of ``batches`` in one batch, in order (several small files stored
    with one statement per table instead of one per file each).

    >>> from accord.domain.remittance import Payment
    >>> from accord.domain.remittance_objects import batch_of
    >>> len(concatenated([batch_of([Payment("T1", 0)]), batch_of([Payment("T2", 0)])]))
    2
    """
    if not batches:
        raise ValueError("concatenated() needs at least one batch")
    if len(batches) == 1:
        return batches[0]
    # Where each batch's payments, claims and lines start in the joined tables.
    counts = np.array([[len(b), b.claim_count, b.line_count] for b in batches], dtype=np.int64)
    starts = (np.cumsum(counts, axis=0) - counts).T.tolist()
    payment, claim, line = starts
    return RemittanceBatch(
        _joined([b.payments for b in batches], {}),
        _joined([b.claims for b in batches], {"payment": payment}),
        _joined([b.lines for b in batches], {"claim": claim}),
        _joined([b.adjustments for b in batches], {"claim": claim, "line": line}),
        _joined([b.provider_adjustments for b in batches], {"payment": payment}),
    )


def unbalanced_payments(batch: RemittanceBatch) -> Bools:
    """True for each payment that breaks a balancing rule of :func:`balance_findings`.

    The same rules, on whole columns: BPR02 = ΣCLP04 − ΣPLB per transaction; CLP03 −
    CLP04 = the claim's claim and line CAS amounts, for a claim with any CAS; SVC02 −
    SVC03 = the line's CAS amounts, for a line with any CAS.
    """
    c, ln, a = batch.claims, batch.lines, batch.adjustments
    n_claims, n_lines = len(c.segment), len(ln.segment)
    at_line = a.line >= 0
    line_owner = a.line[at_line]
    line_cas = _sum_by(line_owner, a.amount_cents[at_line], n_lines)
    line_has_cas = np.bincount(line_owner, minlength=n_lines) > 0
    bad_lines = line_has_cas & (ln.charge_cents - ln.paid_cents != line_cas)
    claim_cas = _sum_by(a.claim, a.amount_cents, n_claims)
    claim_has_cas = np.bincount(a.claim, minlength=n_claims) > 0
    bad_claims = claim_has_cas & (c.charge_cents - c.paid_cents != claim_cas)
    bad_claims[ln.claim[bad_lines]] = True
    expected = _sum_by(c.payment, c.paid_cents, len(batch)) - _sum_by(
        batch.provider_adjustments.payment, batch.provider_adjustments.amount_cents, len(batch)
    )
    bad = batch.payments.amount_cents != expected
    bad[c.payment[bad_claims]] = True
    return bad  # type: ignore[no-any-return]
