"""Between the two shapes of remittances: column batches and domain objects.

:func:`payments_of` builds :class:`~accord.domain.remittance.Payment` objects from a
:class:`~accord.domain.remittance_batch.RemittanceBatch` (to word a balancing error
with :func:`~accord.domain.remittance.balance_findings`, to show a file's payments);
:func:`batch_of` does the reverse. Each undoes the other::

    >>> from accord.domain.remittance import Payment
    >>> payments_of(batch_of([Payment("T1", 0)])) == [Payment("T1", 0)]
    True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

import numpy as np

from accord.domain.remittance import (
    Adjustment,
    BalanceFinding,
    Claim,
    Payment,
    ProviderAdjustment,
    ServiceLine,
    balance_findings,
)
from accord.domain.remittance_batch import (
    AdjustmentColumns,
    ClaimColumns,
    Dates,
    Ints,
    LineColumns,
    MaybeInts,
    PaymentColumns,
    ProviderAdjustmentColumns,
    RemittanceBatch,
    unbalanced_payments,
)

__all__ = ["batch_of", "first_imbalance", "payments_of"]


def _date(values: Dates, i: int) -> date | None:
    found = values[i]
    return None if np.isnat(found) else found.astype(object)


def _children(owners: Ints, count: int) -> list[list[int]]:
    children: list[list[int]] = [[] for _ in range(count)]
    for i, owner in enumerate(owners.tolist()):
        if owner >= 0:
            children[owner].append(i)
    return children


class _Objects:
    """Domain objects of one batch, built row by row (the slow path)."""

    def __init__(self, batch: RemittanceBatch) -> None:
        self.b = batch

    def _adjustment(self, i: int) -> Adjustment:
        a = self.b.adjustments
        return Adjustment(a.group[i], a.reason[i], int(a.amount_cents[i]),
                          a.quantity_hundredths.hundredths(i), int(a.segment[i]))  # fmt: skip

    def _line(self, i: int, adjustments: Iterable[int]) -> ServiceLine:
        ln = self.b.lines
        allowed = ln.allowed_cents
        return ServiceLine(
            ln.code[i], int(ln.charge_cents[i]), int(ln.paid_cents[i]), ln.qualifier[i],
            ln.modifiers[i], ln.units_hundredths.hundredths(i),
            None if allowed.missing[i] else int(allowed.values[i]), _date(ln.service_date, i),
            ln.control_number[i], ln.remark_codes[i],
            tuple(self._adjustment(j) for j in adjustments), int(ln.segment[i]),
        )  # fmt: skip

    def _claim(self, i: int, lines: tuple[ServiceLine, ...], adjustments: list[int]) -> Claim:
        c = self.b.claims
        return Claim(
            c.claim_number[i], c.status[i], int(c.charge_cents[i]), int(c.paid_cents[i]),
            int(c.patient_responsibility_cents[i]), c.filing_indicator[i], c.facility_type[i],
            c.frequency[i], _date(c.statement_from, i), _date(c.statement_to, i),
            _date(c.received, i), tuple(self._adjustment(j) for j in adjustments), lines,
            int(c.segment[i]),
        )  # fmt: skip

    def payments(self) -> list[Payment]:
        b = self.b
        a, plb, p = b.adjustments, b.provider_adjustments, b.payments
        n_claims = len(b.claims.segment)
        by_line = _children(a.line, len(b.lines.segment))
        by_claim = _children(np.where(a.line < 0, a.claim, -1), n_claims)
        lines = [self._line(i, owned) for i, owned in enumerate(by_line)]
        lines_of = _children(b.lines.claim, n_claims)
        claims = [
            self._claim(i, tuple(lines[j] for j in lines_of[i]), by_claim[i])
            for i in range(n_claims)
        ]
        adjustments = [
            ProviderAdjustment(
                plb.provider_id[i],
                plb.reason[i],
                int(plb.amount_cents[i]),
                _date(plb.fiscal_period_end, i),
                plb.reference[i],
                int(plb.segment[i]),
            )
            for i in range(len(plb.segment))
        ]
        claims_of, plb_of = _children(b.claims.payment, len(b)), _children(plb.payment, len(b))
        return [
            Payment(
                p.trace_number[i],
                int(p.amount_cents[i]),
                p.originator[i],
                p.credit_debit[i],
                p.method[i],
                p.handling[i],
                _date(p.payment_date, i),
                _date(p.production_date, i),
                p.payer_name[i],
                p.payer_id[i],
                p.payee_name[i],
                p.payee_id[i],
                tuple(claims[j] for j in claims_of[i]),
                tuple(adjustments[j] for j in plb_of[i]),
                int(p.segment[i]),
            )
            for i in range(len(b))
        ]


def payments_of(batch: RemittanceBatch) -> list[Payment]:
    """Every payment of ``batch`` as domain objects, in order."""
    return _Objects(batch).payments()


def first_imbalance(batch: RemittanceBatch) -> list[BalanceFinding]:
    """The balancing findings of the first payment of ``batch`` that breaks a rule, in
    :func:`~accord.domain.remittance.balance_findings`'s words ([] when all balance).

    The columns find the payment; the objects' rules word (and confirm) the findings.
    """
    for i in np.flatnonzero(unbalanced_payments(batch)).tolist():
        [payment] = payments_of(batch.select(np.arange(len(batch)) == i))
        findings = balance_findings(payment)
        if findings:
            return findings
    return []


def _ints(values: Iterable[int]) -> Ints:
    return np.fromiter(values, dtype=np.int64)


def _dates(values: Iterable[date | None]) -> Dates:
    return np.array([np.datetime64("NaT") if v is None else v for v in values],
                    dtype="datetime64[D]")  # fmt: skip


def _maybe(values: Sequence[int | None]) -> MaybeInts:
    return MaybeInts(
        _ints(0 if v is None else v for v in values),
        np.fromiter((v is None for v in values), dtype=np.bool_, count=len(values)),
    )


def _hundredths(value: Decimal | None) -> int | None:
    return None if value is None else int(value.scaleb(2).to_integral_value())


def _payment_columns(payments: Sequence[Payment]) -> PaymentColumns:
    return PaymentColumns(
        _ints(p.segment for p in payments),
        _ints(p.amount_cents for p in payments),
        [p.trace_number for p in payments],
        [p.originator for p in payments],
        [p.credit_debit for p in payments],
        [p.method for p in payments],
        [p.handling for p in payments],
        _dates(p.payment_date for p in payments),
        _dates(p.production_date for p in payments),
        [p.payer_name for p in payments],
        [p.payer_id for p in payments],
        [p.payee_name for p in payments],
        [p.payee_id for p in payments],
    )


def _claim_columns(claims: Sequence[tuple[int, Claim]]) -> ClaimColumns:
    """The claims' columns; each claim with the index of its payment."""
    return ClaimColumns(
        _ints(i for i, _ in claims),
        _ints(c.segment for _, c in claims),
        _ints(c.charge_cents for _, c in claims),
        _ints(c.paid_cents for _, c in claims),
        _ints(c.patient_responsibility_cents for _, c in claims),
        [c.claim_number for _, c in claims],
        [c.status for _, c in claims],
        [c.filing_indicator for _, c in claims],
        [c.facility_type for _, c in claims],
        [c.frequency for _, c in claims],
        _dates(c.statement_from for _, c in claims),
        _dates(c.statement_to for _, c in claims),
        _dates(c.received for _, c in claims),
    )


def batch_of(payments: Sequence[Payment]) -> RemittanceBatch:
    """The columns of ``payments`` (tests build batches this way; the reader does not)."""
    claims = [(i, c) for i, p in enumerate(payments) for c in p.claims]
    lines = [(i, x) for i, (_, c) in enumerate(claims) for x in c.lines]
    adjustments = [(i, -1, a) for i, (_, c) in enumerate(claims) for a in c.adjustments]
    adjustments += [
        (claim, j, a) for j, (claim, x) in enumerate(lines) for a in x.adjustments
    ]  # in any order: the parents say where each belongs
    plb = [(i, a) for i, p in enumerate(payments) for a in p.provider_adjustments]

    return RemittanceBatch(
        _payment_columns(payments),
        _claim_columns(claims),
        LineColumns(
            _ints(i for i, _ in lines),
            _ints(x.segment for _, x in lines),
            _ints(x.charge_cents for _, x in lines),
            _ints(x.paid_cents for _, x in lines),
            _maybe([x.allowed_cents for _, x in lines]),
            _maybe([_hundredths(x.units) for _, x in lines]),
            [x.code for _, x in lines],
            [x.qualifier for _, x in lines],
            [x.modifiers for _, x in lines],
            _dates(x.service_date for _, x in lines),
            [x.control_number for _, x in lines],
            [x.remark_codes for _, x in lines],
        ),
        AdjustmentColumns(
            _ints(c for c, _, _ in adjustments),
            _ints(j for _, j, _ in adjustments),
            _ints(a.segment for _, _, a in adjustments),
            _ints(a.amount_cents for _, _, a in adjustments),
            _maybe([_hundredths(a.quantity) for _, _, a in adjustments]),
            [a.group for _, _, a in adjustments],
            [a.reason for _, _, a in adjustments],
        ),
        ProviderAdjustmentColumns(
            _ints(i for i, _ in plb),
            _ints(a.segment for _, a in plb),
            _ints(a.amount_cents for _, a in plb),
            [a.provider_id for _, a in plb],
            [a.reason for _, a in plb],
            _dates(a.fiscal_period_end for _, a in plb),
            [a.reference for _, a in plb],
        ),
    )
