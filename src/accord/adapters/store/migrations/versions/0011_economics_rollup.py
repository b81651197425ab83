"""economics roll-up: each service line priced once, daily roll-ups per payer

Revision ID: 0011
Revises: 0009 (re-chained on merge)
Create Date: 2026-12-07 00:00:00

The underpayments worklist and the payer scorecard read these tables instead of pricing
every stored line on every query. They are a read model: the rows of existing
remittances are built on first use after this upgrade (the expected amounts depend on the
contracts and on the Medicare fee schedule Accord is configured with, which a migration
cannot see), by ``services.economics_refresh.refresh_economics``; ``economics_state``
being empty is what marks them to build.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0009"  # re-chained on merge: 0013 → 0009 → 0011
branch_labels = None
depends_on = None


def _cents(name: str, *, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.BigInteger, nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "economics_lines",
        sa.Column(
            "line_id",
            sa.Integer,
            sa.ForeignKey(
                "remittance_lines.id",
                ondelete="CASCADE",
                name="fk_economics_lines_line_id_remittance_lines",
            ),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("claim_id", sa.Integer, nullable=False),
        sa.Column("claim_key", sa.String(170), nullable=False),
        sa.Column("payer", sa.String(200), nullable=False),
        sa.Column("code", sa.String(80), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("units", sa.Integer, nullable=False),
        _cents("paid_cents"),
        _cents("allowed_cents"),
        _cents("patient_cents"),
        _cents("medicare_cents", nullable=True),
        _cents("expected_cents", nullable=True),
        _cents("shortfall_cents", nullable=True),
        sa.Column("unpriced", sa.String(40), nullable=False),
        sa.Column("reason", sa.String(80), nullable=False),
        sa.Column("denial_line", sa.Boolean, nullable=False),
        sa.Column("visit_first", sa.Boolean, nullable=False),
        sa.Column("claim_first", sa.Boolean, nullable=False),
        sa.Column("claim_denied", sa.Boolean, nullable=False),
        sa.Column("wait_days", sa.Integer, nullable=True),
        sa.PrimaryKeyConstraint("line_id", name="pk_economics_lines"),
    )
    op.create_index("ix_economics_lines_claim_key", "economics_lines", ["claim_key"])
    op.create_index("ix_economics_lines_payer", "economics_lines", ["payer"])
    # covering: the worklist reads the lines short by more than $1 from the index alone
    op.create_index(
        "ix_economics_lines_shortfall",
        "economics_lines",
        ["shortfall_cents", "expected_cents", "allowed_cents", "day", "payer", "code", "reason",
         "line_id"],
    )  # fmt: skip
    counts = [
        "priced", "no_contract", "no_rate", "no_medicare", "denied_lines", "visits", "claims",
        "denied_claims",
    ]  # fmt: skip
    op.create_table(
        "economics_daily",
        sa.Column("payer", sa.String(200), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("code", sa.String(80), nullable=False),
        sa.Column("lines", sa.Integer, nullable=False),
        sa.Column("units", sa.BigInteger, nullable=False),
        _cents("paid_cents"),
        _cents("allowed_cents"),
        _cents("patient_cents"),
        _cents("medicare_allowed_cents"),
        _cents("medicare_cents"),
        *[sa.Column(name, sa.Integer, nullable=False) for name in counts[:1]],
        _cents("expected_cents"),
        _cents("priced_allowed_cents"),
        *[sa.Column(name, sa.Integer, nullable=False) for name in counts[1:]],
        sa.PrimaryKeyConstraint("payer", "day", "code", name="pk_economics_daily"),
    )
    op.create_index("ix_economics_daily_day", "economics_daily", ["day"])
    op.create_table(
        "economics_waits",
        sa.Column("payer", sa.String(200), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("wait_days", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("claims", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("payer", "day", "wait_days", name="pk_economics_waits"),
    )
    op.create_index("ix_economics_waits_day", "economics_waits", ["day"])
    op.create_table(
        "economics_denials",
        sa.Column("payer", sa.String(200), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("reason", sa.String(80), nullable=False),
        sa.Column("lines", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("payer", "day", "reason", name="pk_economics_denials"),
    )
    op.create_index("ix_economics_denials_day", "economics_denials", ["day"])
    op.create_table(
        "economics_underpaid",
        sa.Column("payer", sa.String(200), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("code", sa.String(80), nullable=False),
        sa.Column("reason", sa.String(80), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("lines", sa.Integer, nullable=False),
        _cents("expected_cents"),
        _cents("allowed_cents"),
        sa.PrimaryKeyConstraint(
            "payer", "day", "code", "reason", "status", name="pk_economics_underpaid"
        ),
    )
    op.create_index("ix_economics_underpaid_day", "economics_underpaid", ["day"])
    op.create_table(
        "economics_state",
        sa.Column("key", sa.String(250), nullable=False),
        sa.Column("value", sa.String(250), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_economics_state"),
    )


def downgrade() -> None:
    op.drop_table("economics_state")
    op.drop_index("ix_economics_underpaid_day", table_name="economics_underpaid")
    op.drop_table("economics_underpaid")
    op.drop_index("ix_economics_denials_day", table_name="economics_denials")
    op.drop_table("economics_denials")
    op.drop_index("ix_economics_waits_day", table_name="economics_waits")
    op.drop_table("economics_waits")
    op.drop_index("ix_economics_daily_day", table_name="economics_daily")
    op.drop_table("economics_daily")
    op.drop_index("ix_economics_lines_shortfall", table_name="economics_lines")
    op.drop_index("ix_economics_lines_payer", table_name="economics_lines")
    op.drop_index("ix_economics_lines_claim_key", table_name="economics_lines")
    op.drop_table("economics_lines")
