"""term money facts: the current rate and the yearly volume of a rate term

Revision ID: 0005_term_money
Revises: 0004
Create Date: 2026-12-06 22:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_term_money"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch mode: SQLite cannot add columns in place on every version.
    with op.batch_alter_table("terms") as batch:
        batch.add_column(sa.Column("current", sa.Float(), nullable=True))
        batch.add_column(sa.Column("yearly_volume", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("terms") as batch:
        batch.drop_column("yearly_volume")
        batch.drop_column("current")
