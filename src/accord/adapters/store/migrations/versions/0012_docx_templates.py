"""docx templates: an organisation's own Word template per document kind

Revision ID: 0012
Revises: 0008 (re-chained by the integrator on merge)
Create Date: 2026-12-07 00:00:00

One row per document kind that has an uploaded .docx template: its file name and its
bytes (at most 2 MB, checked before saving). No row: the built-in layout.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_docx_templates",
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("document_docx_templates")
