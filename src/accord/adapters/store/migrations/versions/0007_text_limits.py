"""text limits: a term's name holds 200 characters, as the API and forms accept

Revision ID: 0007
Revises: 0005_term_money
Create Date: 2026-12-06 22:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"  # re-chained on merge: 0005_term_money → 0006 contracts → 0007
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch mode: SQLite cannot change a column's type in place (it copies the table).
    with op.batch_alter_table("terms") as batch:
        batch.alter_column(
            "name", existing_type=sa.String(100), type_=sa.String(200), existing_nullable=False
        )


def downgrade() -> None:
    # A name longer than the old width would make the downgrade fail half-way on
    # PostgreSQL; cut it to the width (the longest names end with an ellipsis).
    terms = sa.table("terms", sa.column("name", sa.String(200)))
    op.execute(
        terms.update()
        .where(sa.func.length(terms.c.name) > 100)
        .values(name=sa.func.substr(terms.c.name, 1, 99) + "…")
    )
    with op.batch_alter_table("terms") as batch:
        batch.alter_column(
            "name", existing_type=sa.String(200), type_=sa.String(100), existing_nullable=False
        )
