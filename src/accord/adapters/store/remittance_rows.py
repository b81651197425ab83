"""Conversions between remittance rows and the domain's dataclasses, for the store.

Units and CAS quantities are stored in hundredths, modifiers and remark codes as one
``:``-separated text; everything else maps one to one.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from accord.domain.remittance import Adjustment, Claim, RemittanceRow, ServiceLine

__all__ = ["SEPARATOR", "claims_of", "hundredths", "remittance_row"]

SEPARATOR = ":"


def hundredths(value: Decimal | None) -> int | None:
    if value is None:
        return None
    return int(value.scaleb(2).to_integral_value())


def _decimal(value: int | None) -> Decimal | None:
    if value is None:
        return None
    return (Decimal(value) / 100).quantize(Decimal("0.01"))


def _split(text: str) -> tuple[str, ...]:
    return tuple(part for part in text.split(SEPARATOR) if part)


def remittance_row(m: Any) -> RemittanceRow:
    return RemittanceRow(
        id=m["id"],
        file_name=m["file_name"],
        trace_number=m["trace_number"],
        payer_name=m["payer_name"],
        payee_name=m["payee_name"],
        payment_date=m["payment_date"],
        amount_cents=m["amount_cents"],
        claim_count=m["claims"],
        line_count=m["lines"],
    )


def _adjustment(r: Any) -> Adjustment:
    return Adjustment(
        group=r.group_code,
        reason=r.reason,
        amount_cents=r.amount_cents,
        quantity=_decimal(r.quantity_hundredths),
        segment=r.segment,
    )


def claims_of(
    claim_rows: Sequence[Any], line_rows: Sequence[Any], adjustment_rows: Sequence[Any]
) -> tuple[Claim, ...]:
    by_line: dict[int, list[Adjustment]] = {}
    by_claim: dict[int, list[Adjustment]] = {}
    for r in adjustment_rows:
        if r.line_id is None:
            by_claim.setdefault(r.claim_id, []).append(_adjustment(r))
        else:
            by_line.setdefault(r.line_id, []).append(_adjustment(r))
    lines: dict[int, list[ServiceLine]] = {}
    for r in line_rows:
        lines.setdefault(r.claim_id, []).append(
            ServiceLine(
                code=r.code,
                qualifier=r.qualifier,
                modifiers=_split(r.modifiers),
                charge_cents=r.charge_cents,
                paid_cents=r.paid_cents,
                allowed_cents=r.allowed_cents,
                units=_decimal(r.units_hundredths),
                service_date=r.service_date,
                control_number=r.control_number,
                remark_codes=_split(r.remark_codes),
                adjustments=tuple(by_line.get(r.id, ())),
                segment=r.segment,
            )
        )
    return tuple(
        Claim(
            claim_number=r.claim_number,
            status=r.status,
            charge_cents=r.charge_cents,
            paid_cents=r.paid_cents,
            patient_responsibility_cents=r.patient_responsibility_cents,
            filing_indicator=r.filing_indicator,
            facility_type=r.facility_type,
            frequency=r.frequency,
            statement_from=r.statement_from,
            statement_to=r.statement_to,
            received=r.received,
            adjustments=tuple(by_claim.get(r.id, ())),
            lines=tuple(lines.get(r.id, ())),
            segment=r.segment,
        )
        for r in claim_rows
    )
