"""corrections: offers and interactions can be withdrawn or corrected, kept in history

Revision ID: 0005
Revises: 0005_term_money
Create Date: 2026-12-06 22:00:00

Nothing is deleted: a withdrawn entry gets ``withdrawn_at`` and a reason; a correction
is a new row whose ``corrects_id`` names the entry it replaces.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
# Re-chained on merge (all started from 0004): 0005_term_money → 0006 contracts
# → 0007 text limits → this one.
down_revision = "0007"
branch_labels = None
depends_on = None

_TABLES = ("offers", "interactions")


def upgrade() -> None:
    # batch mode: SQLite cannot add every kind of column in place.
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))
            batch.add_column(
                sa.Column("withdrawn_reason", sa.Text(), nullable=False, server_default="")
            )
            batch.add_column(sa.Column("corrects_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("corrects_id")
            batch.drop_column("withdrawn_reason")
            batch.drop_column("withdrawn_at")
