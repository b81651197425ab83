"""indexes for the read model: the board's order, follow-ups, replies per contact

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 04:40:00

The pipeline, outcomes and contacts pages read summaries across every negotiation.
These covering indexes let each summary read an index instead of the wide rows:
the board's per-stage order (stage, deadline, title), the pending follow-ups of a
negotiation, the replies of a contact, and the negotiations with one counterparty.
Measured with benchmarks/record.py.
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_negotiations_board", "negotiations", ["stage", "deadline", "title", "is_demo"]
    )
    op.create_index("ix_negotiations_counterparty", "negotiations", ["counterparty_id"])
    op.create_index(
        "ix_interactions_follow_ups",
        "interactions",
        ["negotiation_id", "follow_up_done", "follow_up_due"],
    )
    op.create_index(
        "ix_interactions_replies",
        "interactions",
        ["contact_id", "direction", "at", "replied_at", "negotiation_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_interactions_replies", table_name="interactions")
    op.drop_index("ix_interactions_follow_ups", table_name="interactions")
    op.drop_index("ix_negotiations_counterparty", table_name="negotiations")
    op.drop_index("ix_negotiations_board", table_name="negotiations")
