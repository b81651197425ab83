"""The column batch of remittances against the domain's object rules: the vectorised
balancing flags exactly the payments that ``balance_findings`` faults, on random
payments, and the two shapes convert into each other without loss."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain.remittance import (
    Adjustment,
    Claim,
    Payment,
    ProviderAdjustment,
    ServiceLine,
    balance_findings,
)
from accord.domain.remittance_batch import concatenated, unbalanced_payments
from accord.domain.remittance_objects import batch_of, first_imbalance, payments_of

# Small amounts, so that random sums often balance and often do not.
_cents = st.integers(min_value=-3, max_value=3).map(lambda n: n * 500)
_maybe_date = st.none() | st.dates(min_value=date(2020, 1, 1), max_value=date(2027, 1, 1))
_adjustment = st.builds(
    Adjustment,
    group=st.sampled_from(["CO", "PR", "OA"]),
    reason=st.sampled_from(["45", "2", "253"]),
    amount_cents=_cents,
    quantity=st.none() | st.integers(0, 400).map(lambda n: Decimal(n).scaleb(-2)),
    segment=st.integers(1, 10_000),
)


@st.composite
def _line(draw: st.DrawFn) -> ServiceLine:
    adjustments = tuple(draw(st.lists(_adjustment, max_size=3)))
    charge = draw(_cents)
    # Half the lines are made to balance, so that the claim and BPR rules get tested too.
    paid = (
        charge - sum(a.amount_cents for a in adjustments) if draw(st.booleans()) else draw(_cents)
    )
    return ServiceLine(
        code=draw(st.sampled_from(["97110", "97140", "97530"])),
        charge_cents=charge,
        paid_cents=paid,
        qualifier="HC",
        modifiers=tuple(draw(st.lists(st.sampled_from(["GP", "59", "KX"]), max_size=2))),
        units=draw(st.none() | st.integers(1, 800).map(lambda n: Decimal(n).scaleb(-2))),
        allowed_cents=draw(st.none() | _cents),
        service_date=draw(_maybe_date),
        control_number=draw(st.none() | st.text("ABC123", min_size=1, max_size=6)),
        remark_codes=tuple(draw(st.lists(st.sampled_from(["N206", "M15"]), max_size=2))),
        adjustments=adjustments,
        segment=draw(st.integers(1, 10_000)),
    )


@st.composite
def _claim(draw: st.DrawFn) -> Claim:
    lines = tuple(draw(st.lists(_line(), max_size=3)))
    adjustments = tuple(draw(st.lists(_adjustment, max_size=2)))
    charge = sum(x.charge_cents for x in lines) + draw(st.sampled_from([0, 0, 500]))
    paid = sum(x.paid_cents for x in lines)
    if draw(st.booleans()):  # balanced against its CAS
        cas = sum(a.amount_cents for a in adjustments) + sum(
            a.amount_cents for x in lines for a in x.adjustments
        )
        paid = charge - cas
    return Claim(
        claim_number=draw(st.sampled_from(["C1", "C2", "C3"])),
        status=draw(st.sampled_from(["1", "2", "22"])),
        charge_cents=charge,
        paid_cents=paid,
        patient_responsibility_cents=draw(_cents),
        received=draw(_maybe_date),
        adjustments=adjustments,
        lines=lines,
        segment=draw(st.integers(1, 10_000)),
    )


@st.composite
def _payment(draw: st.DrawFn) -> Payment:
    claims = tuple(draw(st.lists(_claim(), max_size=3)))
    plb = tuple(
        draw(
            st.lists(
                st.builds(
                    ProviderAdjustment,
                    provider_id=st.just("1234567893"),
                    reason=st.sampled_from(["WO", "L6"]),
                    amount_cents=_cents,
                    fiscal_period_end=_maybe_date,
                    segment=st.integers(1, 10_000),
                ),
                max_size=2,
            )
        )
    )
    amount = sum(c.paid_cents for c in claims) - sum(a.amount_cents for a in plb)
    return Payment(
        trace_number=draw(st.text("0123456789", min_size=1, max_size=4)),
        amount_cents=amount + draw(st.sampled_from([0, 0, 0, 100])),
        originator="1999999999",
        payment_date=draw(_maybe_date),
        payer_name=draw(st.none() | st.just("DEMO PAYER")),
        claims=claims,
        provider_adjustments=plb,
        segment=draw(st.integers(1, 10_000)),
    )


_payments = st.lists(_payment(), max_size=5)


@settings(max_examples=150, deadline=None)
@given(_payments)
def test_the_columns_flag_exactly_the_payments_the_object_rules_fault(
    payments: list[Payment],
) -> None:
    flagged = unbalanced_payments(batch_of(payments)).tolist()
    assert flagged == [bool(balance_findings(p)) for p in payments]


@settings(max_examples=60, deadline=None)
@given(_payments)
def test_columns_and_objects_convert_into_each_other(payments: list[Payment]) -> None:
    assert payments_of(batch_of(payments)) == payments


@settings(max_examples=60, deadline=None)
@given(_payments, st.data())
def test_a_selection_keeps_exactly_the_chosen_payments(
    payments: list[Payment], data: st.DataObject
) -> None:
    keep = data.draw(st.lists(st.booleans(), min_size=len(payments), max_size=len(payments)))
    chosen = batch_of(payments).select(keep)
    assert payments_of(chosen) == [p for p, k in zip(payments, keep, strict=True) if k]


@settings(max_examples=40, deadline=None)
@given(_payments, st.integers(1, 12))
def test_chunks_hold_every_payment_once_in_order(payments: list[Payment], lines: int) -> None:
    chunks = list(batch_of(payments).chunks(lines))
    assert [p for chunk in chunks for p in payments_of(chunk)] == payments
    assert all(len(chunk) > 0 for chunk in chunks) or payments == []


@settings(max_examples=60, deadline=None)
@given(st.lists(_payments, min_size=1, max_size=4))
def test_concatenated_batches_hold_every_payment_of_each_in_order(
    parts: list[list[Payment]],
) -> None:
    joined = concatenated([batch_of(part) for part in parts])
    assert payments_of(joined) == [p for part in parts for p in part]
    # Balancing of the joined batch flags what each part's own balancing flags.
    assert unbalanced_payments(joined).tolist() == [
        flag for part in parts for flag in unbalanced_payments(batch_of(part)).tolist()
    ]


def test_the_first_imbalance_is_worded_by_the_object_rules() -> None:
    fine = Payment("T1", 0)
    off = Payment("T2", 250, segment=7)
    assert first_imbalance(batch_of([fine, off])) == balance_findings(off)
    assert first_imbalance(batch_of([fine])) == []
    assert str(first_imbalance(batch_of([off]))[0]).startswith("segment 8 (BPR): BPR02 is 2.50")


def test_an_empty_batch_flags_nothing() -> None:
    batch = batch_of([])
    assert len(batch) == 0 and unbalanced_payments(batch).dtype == np.bool_
    assert list(batch.chunks(10)) == [batch]
