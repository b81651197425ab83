"""audit trail: the append-only, hash-chained audit_log

Revision ID: 0010
Revises: 0011 (re-chained on merge)
Create Date: 2026-12-07 00:00:00

One row per change or audited read (who, when, from where, what, before/after as
canonical JSON text, the chain hash). No foreign keys: an entry outlives what it names.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0011"  # re-chained on merge: 0009 → 0011 → 0010
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer),
        sa.Column("user_name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(40), nullable=False),
        sa.Column("request_id", sa.String(64)),
        sa.Column("address", sa.String(100), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("entity", sa.String(40), nullable=False),
        sa.Column("entity_id", sa.String(80), nullable=False),
        sa.Column("negotiation_id", sa.Integer),
        sa.Column("before", sa.Text),
        sa.Column("after", sa.Text),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_audit_log_negotiation_id", "audit_log", ["negotiation_id"])
    op.create_index("ix_audit_log_entity", "audit_log", ["entity", "entity_id"])
    op.create_index("ix_audit_log_at", "audit_log", ["at"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_at", table_name="audit_log")
    op.drop_index("ix_audit_log_entity", table_name="audit_log")
    op.drop_index("ix_audit_log_negotiation_id", table_name="audit_log")
    op.drop_table("audit_log")
