"""Payer contracts, their fee schedules, underpayment follow-up and code labels.

Contracts and fee schedules come from migration 0006. A rate is kept as decimal text,
so that 110.125% or $31.505 round-trip exactly on both databases.
"""

from __future__ import annotations

import sqlalchemy as sa

from accord.adapters.store.schema import metadata, parent, primary_id
from accord.adapters.store.types import UTCDateTime

__all__ = ["code_labels", "contracts", "fee_schedule_entries", "underpayment_statuses"]

contracts = sa.Table(
    "contracts",
    metadata,
    primary_id(),
    sa.Column("payer", sa.String(200), nullable=False, index=True),
    sa.Column("effective", sa.Date, nullable=False),
    sa.Column("end_date", sa.Date),
    sa.Column("auto_renews", sa.Boolean, nullable=False),
    sa.Column("renewal_months", sa.Integer, nullable=False),
    sa.Column("notice_days", sa.Integer, nullable=False),
    sa.Column("timely_filing_days", sa.Integer, nullable=False),
    sa.Column("units_policy", sa.String(20), nullable=False),
    sa.Column("mppr", sa.Boolean, nullable=False),
    sa.Column("tin", sa.String(9), nullable=False),
    sa.Column("npi", sa.String(10), nullable=False),
    sa.Column("zip_code", sa.String(5), nullable=False),
    sa.Column("source", sa.String(255), nullable=False),
    sa.Column("is_demo", sa.Boolean, nullable=False),
    sa.Column("imported_at", UTCDateTime, nullable=False),
)

fee_schedule_entries = sa.Table(
    "fee_schedule_entries",
    metadata,
    primary_id(),
    parent("contracts"),
    sa.Column("code", sa.String(5), nullable=False),
    sa.Column("modifier", sa.String(2), nullable=False),
    sa.Column("place_of_service", sa.String(2), nullable=False),
    sa.Column("basis", sa.String(30), nullable=False),
    sa.Column("rate", sa.String(40), nullable=False),
    sa.Column("medicare_year", sa.Integer),
    sa.UniqueConstraint(
        "contract_id", "code", "modifier", "place_of_service", name="uq_fee_schedule_entries_key"
    ),
)

# Where the practice is with an underpaid service line; a line without a row is "new".
underpayment_statuses = sa.Table(
    "underpayment_statuses",
    metadata,
    primary_id(),
    parent("remittance_lines", "line_id", unique=True),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("changed_at", UTCDateTime, nullable=False),
)

# Remittance code labels (CARC, RARC, groups) an admin imported; X12 owns the lists.
code_labels = sa.Table(
    "code_labels",
    metadata,
    primary_id(),
    sa.Column("list", sa.String(10), nullable=False),
    sa.Column("code", sa.String(10), nullable=False),
    sa.Column("meaning", sa.String(1000), nullable=False),
    sa.UniqueConstraint("list", "code", name="uq_code_labels_key"),
)
