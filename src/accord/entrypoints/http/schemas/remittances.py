"""Remittance (X12 835) payloads: an ingest outcome, a list page and a payment's detail.

Amounts are dollar strings with two decimals (``"-2.50"``), exactly as stored in cents.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from accord.domain.remittance import NetClaim, RemittanceRow, dollars
from accord.services.remittance_views import detail_json, net_claim_json
from accord.services.remittances import FileOutcome, RemittanceDetail

__all__ = [
    "NetClaimPage",
    "NetClaimPublic",
    "RemittanceDetailPublic",
    "RemittanceIngestPublic",
    "RemittancePage",
    "RemittancePublic",
]


class RemittanceIngestPublic(BaseModel):
    name: str
    status: str = Field(description="`ingested` or `already ingested`.")
    payments: int
    claims: int
    lines: int
    amount: str = Field(description="Total of BPR02 over the payments stored, in dollars.")
    skipped_payments: int = Field(description="Payments whose TRN trace was already stored.")
    message: str | None

    @classmethod
    def of(cls, outcome: FileOutcome) -> RemittanceIngestPublic:
        return cls(
            name=outcome.name,
            status=outcome.status.value,
            payments=outcome.payments,
            claims=outcome.claims,
            lines=outcome.lines,
            amount=dollars(outcome.amount_cents),
            skipped_payments=outcome.skipped_payments,
            message=outcome.message,
        )


class RemittancePublic(BaseModel):
    id: int
    file: str
    trace_number: str
    payer: str | None
    payee: str | None
    payment_date: date | None
    amount: str
    claims: int
    lines: int

    @classmethod
    def of(cls, row: RemittanceRow) -> RemittancePublic:
        return cls(
            id=row.id,
            file=row.file_name,
            trace_number=row.trace_number,
            payer=row.payer_name,
            payee=row.payee_name,
            payment_date=row.payment_date,
            amount=dollars(row.amount_cents),
            claims=row.claim_count,
            lines=row.line_count,
        )


class RemittancePage(BaseModel):
    total: int
    offset: int
    items: list[RemittancePublic]


class RemittanceDetailPublic(BaseModel):
    """One payment: claims with their lines and CAS adjustments, PLB, netted claims."""

    id: int
    file: str
    trace_number: str
    originator: str
    amount: str
    credit_debit: str
    method: str | None
    payment_date: str | None
    production_date: str | None
    payer: dict[str, str | None]
    payee: dict[str, str | None]
    claims: list[dict[str, Any]]
    provider_adjustments: list[dict[str, Any]]
    netted_claims: list[dict[str, Any]]

    @classmethod
    def of(cls, detail: RemittanceDetail) -> RemittanceDetailPublic:
        return cls.model_validate(detail_json(detail))


class NetClaimPublic(BaseModel):
    """One claim number of one payer, netted over every stored remittance."""

    claim_number: str
    payer: str | None
    occurrences: int
    reversals: int
    charge: str
    paid: str
    patient_responsibility: str

    @classmethod
    def of(cls, net: NetClaim) -> NetClaimPublic:
        return cls.model_validate(net_claim_json(net))


class NetClaimPage(BaseModel):
    total: int
    offset: int
    items: list[NetClaimPublic]
