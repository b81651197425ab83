"""document templates: the organisation's letterhead, logo, signers and clauses

Revision ID: 0008
Revises: 0005 (corrections; re-chained on merge)
Create Date: 2026-12-06 22:00:00

One letterhead row (id 1, with the logo's bytes) and one row per document kind. Only
what the team set is stored; the rest falls back to the wording files.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0005"  # re-chained on merge: … → 0007 → 0005 corrections → 0008
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_letterhead",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("organisation_name", sa.String(200), nullable=False),
        sa.Column("address_lines", sa.JSON, nullable=False),
        sa.Column("phone", sa.String(200), nullable=False),
        sa.Column("logo", sa.LargeBinary, nullable=True),
        sa.Column("logo_media_type", sa.String(40), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "document_templates",
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("signer_name", sa.String(200), nullable=False),
        sa.Column("signer_title", sa.String(200), nullable=False),
        sa.Column("clauses", sa.JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("document_templates")
    op.drop_table("document_letterhead")
