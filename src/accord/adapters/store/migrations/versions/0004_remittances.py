"""remittances (X12 835): files, payments, claims, service lines, CAS and PLB adjustments

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 21:10:00

Money in integer cents, units and CAS quantities in hundredths. No column holds a
patient name or member id: the practice's claim number (CLP01) identifies a claim.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)


def _parent(name: str, table: str, *, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(
        name, sa.Integer, sa.ForeignKey(f"{table}.id", ondelete="CASCADE"), nullable=nullable
    )


def _code(name: str, length: int = 80, *, nullable: bool = True) -> sa.Column[str]:
    return sa.Column(name, sa.String(length), nullable=nullable)


def _cents(name: str, *, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.BigInteger, nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "remittance_files",
        _id(),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("size_bytes", sa.BigInteger, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "remittance_payments",
        _id(),
        _parent("file_id", "remittance_files"),
        _code("originator", nullable=False),
        _code("trace_number", nullable=False),
        _cents("amount_cents"),
        _code("credit_debit", nullable=False),
        _code("method"),
        _code("handling"),
        sa.Column("payment_date", sa.Date),
        sa.Column("production_date", sa.Date),
        _code("payer_name", 200),
        _code("payer_id"),
        _code("payee_name", 200),
        _code("payee_id"),
        sa.Column("segment", sa.Integer, nullable=False),
        sa.UniqueConstraint("originator", "trace_number", name="uq_remittance_payments_trace"),
    )
    op.create_index("ix_remittance_payments_file_id", "remittance_payments", ["file_id"])
    op.create_table(
        "remittance_claims",
        _id(),
        _parent("payment_id", "remittance_payments"),
        _code("claim_number", nullable=False),
        _code("status", nullable=False),
        _cents("charge_cents"),
        _cents("paid_cents"),
        _cents("patient_responsibility_cents"),
        _code("filing_indicator"),
        _code("facility_type"),
        _code("frequency"),
        sa.Column("statement_from", sa.Date),
        sa.Column("statement_to", sa.Date),
        sa.Column("received", sa.Date),
        sa.Column("segment", sa.Integer, nullable=False),
    )
    op.create_index("ix_remittance_claims_payment_id", "remittance_claims", ["payment_id"])
    op.create_index("ix_remittance_claims_claim_number", "remittance_claims", ["claim_number"])
    op.create_table(
        "remittance_lines",
        _id(),
        _parent("claim_id", "remittance_claims"),
        _code("qualifier", nullable=False),
        _code("code", nullable=False),
        _code("modifiers", 400, nullable=False),
        _cents("charge_cents"),
        _cents("paid_cents"),
        _cents("allowed_cents", nullable=True),
        sa.Column("units_hundredths", sa.BigInteger),
        sa.Column("service_date", sa.Date),
        _code("control_number"),
        _code("remark_codes", 400, nullable=False),
        sa.Column("segment", sa.Integer, nullable=False),
    )
    op.create_index("ix_remittance_lines_claim_id", "remittance_lines", ["claim_id"])
    op.create_table(
        "remittance_adjustments",
        _id(),
        _parent("claim_id", "remittance_claims"),
        _parent("line_id", "remittance_lines", nullable=True),
        _code("group_code", nullable=False),
        _code("reason", nullable=False),
        _cents("amount_cents"),
        sa.Column("quantity_hundredths", sa.BigInteger),
        sa.Column("segment", sa.Integer, nullable=False),
    )
    op.create_index("ix_remittance_adjustments_claim_id", "remittance_adjustments", ["claim_id"])
    op.create_index("ix_remittance_adjustments_line_id", "remittance_adjustments", ["line_id"])
    op.create_table(
        "remittance_provider_adjustments",
        _id(),
        _parent("payment_id", "remittance_payments"),
        _code("provider_id", nullable=False),
        _code("reason", nullable=False),
        _cents("amount_cents"),
        sa.Column("fiscal_period_end", sa.Date),
        _code("reference"),
        sa.Column("segment", sa.Integer, nullable=False),
    )
    op.create_index(
        "ix_remittance_provider_adjustments_payment_id",
        "remittance_provider_adjustments",
        ["payment_id"],
    )


def downgrade() -> None:
    for table in (
        "remittance_provider_adjustments",
        "remittance_adjustments",
        "remittance_lines",
        "remittance_claims",
        "remittance_payments",
        "remittance_files",
    ):
        op.drop_table(table)
