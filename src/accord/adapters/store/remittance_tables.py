"""The remittance tables (X12 835, migration 0004).

One row per ingested file, per transaction (payment), claim, service line, CAS
adjustment and PLB adjustment. Money in integer cents; units and CAS quantities in
hundredths. No patient name or member id has a column.
"""

from __future__ import annotations

import sqlalchemy as sa

from accord.adapters.store.schema import cents, foreign_key, metadata, parent, primary_id
from accord.adapters.store.types import UTCDateTime

__all__ = [
    "remittance_adjustments",
    "remittance_claims",
    "remittance_files",
    "remittance_lines",
    "remittance_payments",
    "remittance_provider_adjustments",
]

remittance_files = sa.Table(
    "remittance_files",
    metadata,
    primary_id(),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("size_bytes", sa.BigInteger, nullable=False),
    sa.Column("ingested_at", UTCDateTime, nullable=False),
)

remittance_payments = sa.Table(
    "remittance_payments",
    metadata,
    primary_id(),
    parent("remittance_files", "file_id"),
    # (TRN03, TRN02) identifies a payment: the same trace twice is not counted twice.
    sa.Column("originator", sa.String(80), nullable=False),
    sa.Column("trace_number", sa.String(80), nullable=False),
    cents("amount_cents"),
    sa.Column("credit_debit", sa.String(80), nullable=False),
    sa.Column("method", sa.String(80)),
    sa.Column("handling", sa.String(80)),
    sa.Column("payment_date", sa.Date),
    sa.Column("production_date", sa.Date),
    sa.Column("payer_name", sa.String(200)),
    sa.Column("payer_id", sa.String(80)),
    sa.Column("payee_name", sa.String(200)),
    sa.Column("payee_id", sa.String(80)),
    sa.Column("segment", sa.Integer, nullable=False),
    sa.UniqueConstraint("originator", "trace_number", name="uq_remittance_payments_trace"),
)

remittance_claims = sa.Table(
    "remittance_claims",
    metadata,
    primary_id(),
    parent("remittance_payments", "payment_id"),
    sa.Column("claim_number", sa.String(80), nullable=False, index=True),
    sa.Column("status", sa.String(80), nullable=False),
    cents("charge_cents"),
    cents("paid_cents"),
    cents("patient_responsibility_cents"),
    sa.Column("filing_indicator", sa.String(80)),
    sa.Column("facility_type", sa.String(80)),
    sa.Column("frequency", sa.String(80)),
    sa.Column("statement_from", sa.Date),
    sa.Column("statement_to", sa.Date),
    sa.Column("received", sa.Date),
    sa.Column("segment", sa.Integer, nullable=False),
)

remittance_lines = sa.Table(
    "remittance_lines",
    metadata,
    primary_id(),
    parent("remittance_claims", "claim_id"),
    sa.Column("qualifier", sa.String(80), nullable=False),
    sa.Column("code", sa.String(80), nullable=False),
    sa.Column("modifiers", sa.String(400), nullable=False),
    cents("charge_cents"),
    cents("paid_cents"),
    cents("allowed_cents", nullable=True),
    sa.Column("units_hundredths", sa.BigInteger),
    sa.Column("service_date", sa.Date),
    sa.Column("control_number", sa.String(80)),
    sa.Column("remark_codes", sa.String(400), nullable=False),
    sa.Column("segment", sa.Integer, nullable=False),
)

remittance_adjustments = sa.Table(
    "remittance_adjustments",
    metadata,
    primary_id(),
    parent("remittance_claims", "claim_id"),
    # NULL for a claim-level CAS (loop 2100), else the line it belongs to (loop 2110).
    foreign_key("line_id", "remittance_lines", nullable=True),
    sa.Column("group_code", sa.String(80), nullable=False),
    sa.Column("reason", sa.String(80), nullable=False),
    cents("amount_cents"),
    sa.Column("quantity_hundredths", sa.BigInteger),
    sa.Column("segment", sa.Integer, nullable=False),
)

remittance_provider_adjustments = sa.Table(
    "remittance_provider_adjustments",
    metadata,
    primary_id(),
    parent("remittance_payments", "payment_id"),
    sa.Column("provider_id", sa.String(80), nullable=False),
    sa.Column("reason", sa.String(80), nullable=False),
    cents("amount_cents"),
    sa.Column("fiscal_period_end", sa.Date),
    sa.Column("reference", sa.String(80)),
    sa.Column("segment", sa.Integer, nullable=False),
)
