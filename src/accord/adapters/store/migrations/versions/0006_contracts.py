"""contracts and fee schedules, underpayment worklist statuses, remittance code labels

Revision ID: 0006
Revises: 0005_term_money
Create Date: 2026-12-06 21:45:00

Rates are decimal text (exact on both databases); identifiers (TIN, NPI, ZIP, codes)
are text so that leading zeros survive.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
# Written on 0004; chained after 0005_term_money when main was merged in (the
# integrator may re-chain it again).
down_revision = "0005_term_money"
branch_labels = None
depends_on = None


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)


def upgrade() -> None:
    op.create_table(
        "contracts",
        _id(),
        sa.Column("payer", sa.String(200), nullable=False),
        sa.Column("effective", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date),
        sa.Column("auto_renews", sa.Boolean, nullable=False),
        sa.Column("renewal_months", sa.Integer, nullable=False),
        sa.Column("notice_days", sa.Integer, nullable=False),
        sa.Column("timely_filing_days", sa.Integer, nullable=False),
        sa.Column("units_policy", sa.String(20), nullable=False),
        sa.Column("mppr", sa.Boolean, nullable=False),
        sa.Column("tin", sa.String(9), nullable=False),
        sa.Column("npi", sa.String(10), nullable=False),
        sa.Column("zip_code", sa.String(5), nullable=False),
        sa.Column("source", sa.String(255), nullable=False),
        sa.Column("is_demo", sa.Boolean, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_contracts_payer", "contracts", ["payer"])
    op.create_table(
        "fee_schedule_entries",
        _id(),
        sa.Column(
            "contract_id",
            sa.Integer,
            sa.ForeignKey("contracts.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("code", sa.String(5), nullable=False),
        sa.Column("modifier", sa.String(2), nullable=False),
        sa.Column("place_of_service", sa.String(2), nullable=False),
        sa.Column("basis", sa.String(30), nullable=False),
        sa.Column("rate", sa.String(40), nullable=False),
        sa.Column("medicare_year", sa.Integer),
        sa.UniqueConstraint(
            "contract_id",
            "code",
            "modifier",
            "place_of_service",
            name="uq_fee_schedule_entries_key",
        ),
    )
    op.create_index("ix_fee_schedule_entries_contract_id", "fee_schedule_entries", ["contract_id"])
    op.create_table(
        "underpayment_statuses",
        _id(),
        sa.Column(
            "line_id",
            sa.Integer,
            sa.ForeignKey("remittance_lines.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("line_id", name="uq_underpayment_statuses_line_id"),
    )
    op.create_table(
        "code_labels",
        _id(),
        sa.Column("list", sa.String(10), nullable=False),
        sa.Column("code", sa.String(10), nullable=False),
        sa.Column("meaning", sa.String(1000), nullable=False),
        sa.UniqueConstraint("list", "code", name="uq_code_labels_key"),
    )


def downgrade() -> None:
    for table in ("code_labels", "underpayment_statuses", "fee_schedule_entries", "contracts"):
        op.drop_table(table)
