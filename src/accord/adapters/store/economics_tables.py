"""The practice-economics read model (migration 0011).

Each stored service line priced once (expected, shortfall and the scorecard's per-line
facts), and daily roll-ups per payer, so that the worklist and the scorecard are SQL
aggregates, not Python over every line. Rebuilt from remittances, contracts and the
Medicare schedule when any of them changes (services/economics_refresh.py);
``economics_state`` records what it was built from.
"""

from __future__ import annotations

import sqlalchemy as sa

from accord.adapters.store.schema import cents, metadata

__all__ = [
    "economics_daily",
    "economics_denials",
    "economics_lines",
    "economics_state",
    "economics_underpaid",
    "economics_waits",
]

economics_lines = sa.Table(
    "economics_lines",
    metadata,
    sa.Column(
        "line_id",
        sa.Integer,
        sa.ForeignKey("remittance_lines.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("claim_id", sa.Integer, nullable=False),
    sa.Column("claim_key", sa.String(170), nullable=False, index=True),
    sa.Column("payer", sa.String(200), nullable=False, index=True),
    sa.Column("code", sa.String(80), nullable=False),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("units", sa.Integer, nullable=False),
    cents("paid_cents"),
    cents("allowed_cents"),
    cents("patient_cents"),
    cents("medicare_cents", nullable=True),
    cents("expected_cents", nullable=True),
    # expected − allowed (indexed below)
    cents("shortfall_cents", nullable=True),
    sa.Column("unpriced", sa.String(40), nullable=False),
    sa.Column("reason", sa.String(80), nullable=False),
    sa.Column("denial_line", sa.Boolean, nullable=False),
    sa.Column("visit_first", sa.Boolean, nullable=False),
    sa.Column("claim_first", sa.Boolean, nullable=False),
    sa.Column("claim_denied", sa.Boolean, nullable=False),
    sa.Column("wait_days", sa.Integer, nullable=True),
    # covering: the worklist reads the lines short by more than $1 from the index alone
    sa.Index(
        "ix_economics_lines_shortfall",
        "shortfall_cents",
        "expected_cents",
        "allowed_cents",
        "day",
        "payer",
        "code",
        "reason",
        "line_id",
    ),
)

economics_daily = sa.Table(
    "economics_daily",
    metadata,
    sa.Column("payer", sa.String(200), primary_key=True),
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("code", sa.String(80), primary_key=True),
    sa.Column("lines", sa.Integer, nullable=False),
    sa.Column("units", sa.BigInteger, nullable=False),
    cents("paid_cents"),
    cents("allowed_cents"),
    cents("patient_cents"),
    cents("medicare_allowed_cents"),
    cents("medicare_cents"),
    sa.Column("priced", sa.Integer, nullable=False),
    cents("expected_cents"),
    cents("priced_allowed_cents"),
    sa.Column("no_contract", sa.Integer, nullable=False),
    sa.Column("no_rate", sa.Integer, nullable=False),
    sa.Column("no_medicare", sa.Integer, nullable=False),
    sa.Column("denied_lines", sa.Integer, nullable=False),
    sa.Column("visits", sa.Integer, nullable=False),
    sa.Column("claims", sa.Integer, nullable=False),
    sa.Column("denied_claims", sa.Integer, nullable=False),
    sa.Index("ix_economics_daily_day", "day"),
)

economics_waits = sa.Table(
    "economics_waits",
    metadata,
    sa.Column("payer", sa.String(200), primary_key=True),
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("wait_days", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("claims", sa.Integer, nullable=False),
    sa.Index("ix_economics_waits_day", "day"),
)

economics_denials = sa.Table(
    "economics_denials",
    metadata,
    sa.Column("payer", sa.String(200), primary_key=True),
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("reason", sa.String(80), primary_key=True),
    sa.Column("lines", sa.Integer, nullable=False),
    sa.Index("ix_economics_denials_day", "day"),
)

# Underpaid lines at the default tolerance ($1 and 2%) by payer × day × code × reason ×
# worklist status: the worklist's groups without reading the lines.
economics_underpaid = sa.Table(
    "economics_underpaid",
    metadata,
    sa.Column("payer", sa.String(200), primary_key=True),
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("code", sa.String(80), primary_key=True),
    sa.Column("reason", sa.String(80), primary_key=True),
    sa.Column("status", sa.String(20), primary_key=True),
    sa.Column("lines", sa.Integer, nullable=False),
    cents("expected_cents"),
    cents("allowed_cents"),
    sa.Index("ix_economics_underpaid_day", "day"),
)

economics_state = sa.Table(
    "economics_state",
    metadata,
    sa.Column("key", sa.String(250), primary_key=True),
    sa.Column("value", sa.String(250), nullable=False),
)
