"""API tokens that end on a date; accounts linked to a single sign-on identity (issue 13)

Revision ID: 0015
Revises: 0010 (the integrator re-chains it after 0014)
Create Date: 2026-12-07 00:00:00

``api_tokens.expires_at``: the end of the day a token stops working, NULL for a token
without an end. ``sign_in_identities``: which identity provider's subject (the ``iss``
and ``sub`` of its ID tokens) signs in as which user; no e-mail or name is kept here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "sign_in_identities",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("issuer", sa.String(255), nullable=False),
        sa.Column("subject", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("issuer", "subject", name="uq_sign_in_identities_issuer_subject"),
    )
    op.create_index("ix_sign_in_identities_user_id", "sign_in_identities", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_sign_in_identities_user_id", table_name="sign_in_identities")
    op.drop_table("sign_in_identities")
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("expires_at")
