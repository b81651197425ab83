"""declared counterpart model: their priority and walk-away per term

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 03:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch mode: SQLite cannot add columns with constraints in place on every version.
    with op.batch_alter_table("terms") as batch:
        batch.add_column(sa.Column("their_priority", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("their_walk_away", sa.JSON(none_as_null=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("terms") as batch:
        batch.drop_column("their_walk_away")
        batch.drop_column("their_priority")
