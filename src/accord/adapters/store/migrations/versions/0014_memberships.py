"""organisation scope: which organisations each user works for

Revision ID: 0014
Revises: 0010
Create Date: 2026-12-07 00:00:00

``user_organisations`` links a user to the organisations whose records they see. No
backfill: an existing user has no rows, and a user without rows sees everything (as
before this migration), so an upgraded database behaves exactly as it did until an
owner or admin chooses someone's organisations. The index on
``negotiations.our_org_id`` serves the scoped lists.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_organisations",
        sa.Column(
            "user_id",
            sa.Integer,
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "organisation_id",
            sa.Integer,
            sa.ForeignKey("organisations.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_index(
        "ix_user_organisations_organisation_id", "user_organisations", ["organisation_id"]
    )
    op.create_index("ix_negotiations_our_org", "negotiations", ["our_org_id"])


def downgrade() -> None:
    op.drop_index("ix_negotiations_our_org", table_name="negotiations")
    op.drop_index("ix_user_organisations_organisation_id", table_name="user_organisations")
    op.drop_table("user_organisations")
