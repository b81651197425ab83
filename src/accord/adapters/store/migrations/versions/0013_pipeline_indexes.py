"""the record's version (a token every commit replaces) and the form key workers share

Revision ID: 0013
Revises: 0012 (re-chained on merge; was 0008)
Create Date: 2026-12-07 00:00:00

The pipeline's read model is cached by each server process (``services/read_cache``)
and a cached answer is reused only while this token is the one it was computed under.
Every unit of work writes a new random token in the transaction of its commit, so a
change made by any worker (or the CLI) reaches every other worker's next request. A
random token rather than a counter: a restored backup brings back an older token, never
one that a cache holds for other data. Named for the pipeline's read path (issue 14 §7);
measured indexes did not earn a place (benchmarks/load.py; see docs/web.md).

``form_key`` holds the key of the web forms' tokens, made here once, so that every
worker process (and a restarted server) accepts the forms of the others' pages.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"  # re-chained on merge: 0008 → 0012 → 0013
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "record_version",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("token", sa.BigInteger, nullable=False),
    )
    op.bulk_insert(table, [{"id": 1, "token": secrets.randbits(62)}])
    keys = op.create_table(
        "form_key",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("key", sa.LargeBinary, nullable=False),
    )
    op.bulk_insert(keys, [{"id": 1, "key": secrets.token_bytes(32)}])


def downgrade() -> None:
    op.drop_table("form_key")
    op.drop_table("record_version")
