"""Remittances as plain JSON-ready data: the one shape the CLI's ``--json``, the API and
the web pages' JSON twins share. Amounts are dollar strings with two decimals."""

from __future__ import annotations

from datetime import date
from typing import Any

from accord.domain.remittance import Adjustment, Claim, NetClaim, ServiceLine, dollars
from accord.services.remittances import RemittanceDetail

__all__ = ["detail_json", "net_claim_json"]


def detail_json(detail: RemittanceDetail) -> dict[str, Any]:
    """A stored payment as plain JSON-ready data (amounts as dollar strings).

    The CLI's ``--json`` and the API's detail share this shape.
    """
    payment = detail.payment
    return {
        "id": detail.row.id,
        "file": detail.row.file_name,
        "trace_number": payment.trace_number,
        "originator": payment.originator,
        "amount": dollars(payment.amount_cents),
        "credit_debit": payment.credit_debit,
        "method": payment.method,
        "payment_date": _iso(payment.payment_date),
        "production_date": _iso(payment.production_date),
        "payer": {"name": payment.payer_name, "id": payment.payer_id},
        "payee": {"name": payment.payee_name, "id": payment.payee_id},
        "claims": [_claim_json(c) for c in payment.claims],
        "provider_adjustments": [
            {
                "provider_id": p.provider_id,
                "reason": p.reason,
                "amount": dollars(p.amount_cents),
                "fiscal_period_end": _iso(p.fiscal_period_end),
                "reference": p.reference,
                "segment": p.segment,
            }
            for p in payment.provider_adjustments
        ],
        "netted_claims": [net_claim_json(n) for n in detail.netted],
    }


def _claim_json(c: Claim) -> dict[str, Any]:
    return {
        "claim_number": c.claim_number,
        "status": c.status,
        "reversal": c.is_reversal,
        "charge": dollars(c.charge_cents),
        "paid": dollars(c.paid_cents),
        "patient_responsibility": dollars(c.patient_responsibility_cents),
        "filing_indicator": c.filing_indicator,
        "statement_from": _iso(c.statement_from),
        "statement_to": _iso(c.statement_to),
        "received": _iso(c.received),
        "adjustments": [_adjustment_json(a) for a in c.adjustments],
        "lines": [_line_json(item) for item in c.lines],
        "segment": c.segment,
    }


def _line_json(item: ServiceLine) -> dict[str, Any]:
    return {
        "code": item.code,
        "qualifier": item.qualifier,
        "modifiers": list(item.modifiers),
        "units": None if item.units is None else str(item.units),
        "charge": dollars(item.charge_cents),
        "allowed": None if item.allowed_cents is None else dollars(item.allowed_cents),
        "paid": dollars(item.paid_cents),
        "service_date": _iso(item.service_date),
        "control_number": item.control_number,
        "remark_codes": list(item.remark_codes),
        "adjustments": [_adjustment_json(a) for a in item.adjustments],
        "segment": item.segment,
    }


def _adjustment_json(a: Adjustment) -> dict[str, Any]:
    quantity = None if a.quantity is None else str(a.quantity)
    return {"group": a.group, "reason": a.reason, "amount": dollars(a.amount_cents),
            "quantity": quantity, "segment": a.segment}  # fmt: skip


def net_claim_json(net: NetClaim) -> dict[str, Any]:
    """A netted claim as JSON-ready data (amounts as dollar strings)."""
    return {
        "claim_number": net.claim_number,
        "payer": net.payer_name,
        "occurrences": net.occurrences,
        "reversals": net.reversals,
        "charge": dollars(net.charge_cents),
        "paid": dollars(net.paid_cents),
        "patient_responsibility": dollars(net.patient_responsibility_cents),
    }


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()
