"""the record's version: one row whose token changes on every commit

Revision ID: 0013
Revises: 0008 (re-chained on merge)
Create Date: 2026-12-07 00:00:00

The pipeline's read model is cached by each server process (``services/read_cache``)
and a cached answer is reused only while this token is the one it was computed under.
Every unit of work writes a new random token in the transaction of its commit, so a
change made by any worker (or the CLI) reaches every other worker's next request. A
random token rather than a counter: a restored backup brings back an older token, never
one that a cache holds for other data. Named for the pipeline's read path (issue 14 §7);
measured indexes did not earn a place (benchmarks/load.py; see docs/operations.md).
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "record_version",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("token", sa.BigInteger, nullable=False),
    )
    op.bulk_insert(table, [{"id": 1, "token": secrets.randbits(62)}])


def downgrade() -> None:
    op.drop_table("record_version")
