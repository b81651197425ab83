"""The relational schema. Alembic migrations in ``migrations/`` must produce exactly this.

The record's tables (organisations, contacts, negotiations and what hangs off them, the
document templates) are here; the remittance tables (``remittance_tables.py``) and the
contract tables (``contract_tables.py``) are re-exported, so that this module still
names every table on the one ``metadata`` (``schema.py``).
"""

from __future__ import annotations

import sqlalchemy as sa

from accord.adapters.store.contract_tables import (
    code_labels,
    contracts,
    fee_schedule_entries,
    underpayment_statuses,
)
from accord.adapters.store.economics_tables import (
    economics_daily,
    economics_denials,
    economics_lines,
    economics_state,
    economics_underpaid,
    economics_waits,
)
from accord.adapters.store.remittance_tables import (
    remittance_adjustments,
    remittance_claims,
    remittance_files,
    remittance_lines,
    remittance_payments,
    remittance_provider_adjustments,
)

# Short local names: a table below reads as its list of columns. (_cents is for the
# money columns of tables added here; the remittance tables have theirs.)
from accord.adapters.store.schema import cents as _cents  # noqa: F401
from accord.adapters.store.schema import enum_column as _enum
from accord.adapters.store.schema import foreign_key, metadata
from accord.adapters.store.schema import parent as _parent
from accord.adapters.store.schema import primary_id as _id
from accord.adapters.store.types import (
    ChecklistType,
    JSONValue,
    Money,
    RateChangesType,
    SoftSavingsType,
    TeamType,
    UTCDateTime,
)
from accord.domain.interactions import InteractionDirection
from accord.domain.leverage import AllyKind, LeverageKind
from accord.domain.negotiation import Approach, NegotiationKind
from accord.domain.offers import Channel, Side
from accord.domain.organisations import DecisionRole, OrganisationKind
from accord.domain.stages import Stage
from accord.domain.terms import Direction, TermKind, TermStatus

__all__ = [
    "agreements",
    "allies",
    "code_labels",
    "contacts",
    "contracts",
    "document_letterhead",
    "document_templates",
    "economics_daily",
    "economics_denials",
    "economics_lines",
    "economics_state",
    "economics_underpaid",
    "economics_waits",
    "fee_schedule_entries",
    "interactions",
    "leverage_factors",
    "metadata",
    "negotiations",
    "offers",
    "organisations",
    "remittance_adjustments",
    "remittance_claims",
    "remittance_files",
    "remittance_lines",
    "remittance_payments",
    "remittance_provider_adjustments",
    "stage_changes",
    "terms",
    "underpayment_statuses",
]

organisations = sa.Table(
    "organisations",
    metadata,
    _id(),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("kind", _enum(OrganisationKind), nullable=False),
    sa.Column("npi", sa.String(10)),
    sa.Column("tin", sa.String(10)),
    sa.Column("state", sa.String(2)),
    sa.Column("county", sa.String(100)),
    sa.Column("zip_code", sa.String(10)),
    sa.Column("parent_id", sa.Integer, sa.ForeignKey("organisations.id", ondelete="SET NULL")),
    sa.Column("departments", JSONValue, nullable=False),
    sa.Column("notes", sa.Text, nullable=False),
)

contacts = sa.Table(
    "contacts",
    metadata,
    _id(),
    _parent("organisations"),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("role", _enum(DecisionRole), nullable=False),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("department", sa.String(200), nullable=False),
    sa.Column("email", sa.String(200), nullable=False),
    sa.Column("phone", sa.String(50), nullable=False),
    sa.Column("notes", sa.Text, nullable=False),
)

negotiations = sa.Table(
    "negotiations",
    metadata,
    _id(),
    sa.Column("uid", sa.String(32), nullable=False, unique=True),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("kind", _enum(NegotiationKind), nullable=False),
    sa.Column("our_org_id", sa.Integer, sa.ForeignKey("organisations.id"), nullable=False),
    sa.Column("counterparty_id", sa.Integer, sa.ForeignKey("organisations.id"), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime),
    sa.Column("patient_ref", sa.String(40)),
    sa.Column("problem_statement", sa.Text, nullable=False),
    sa.Column("our_goals", JSONValue, nullable=False),
    sa.Column("agreed_goals", JSONValue, nullable=False),
    sa.Column("goals_agreed_at", UTCDateTime),
    sa.Column("approach", _enum(Approach), nullable=False),
    sa.Column("deadline", sa.Date),
    sa.Column("stage", _enum(Stage), nullable=False, index=True),
    sa.Column("team", TeamType, nullable=False),
    sa.Column("contact_ids", JSONValue, nullable=False),
    sa.Column("checklist", ChecklistType, nullable=False),
    sa.Column("is_demo", sa.Boolean, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    # The pipeline board reads each stage in this order from the index alone.
    sa.Index("ix_negotiations_board", "stage", "deadline", "title", "is_demo"),
    # The negotiations with one organisation (the contacts page opens only theirs).
    sa.Index("ix_negotiations_counterparty", "counterparty_id"),
)

terms = sa.Table(
    "terms",
    metadata,
    _id(),
    _parent(),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("kind", _enum(TermKind), nullable=False),
    sa.Column("direction", _enum(Direction), nullable=False),
    sa.Column("unit", sa.String(40), nullable=False),
    sa.Column("minimum", sa.Float),
    sa.Column("maximum", sa.Float),
    sa.Column("options", JSONValue, nullable=False),
    sa.Column("opening", JSONValue),
    sa.Column("target", JSONValue),
    sa.Column("walk_away", JSONValue),
    sa.Column("priority", sa.Integer, nullable=False),
    sa.Column("status", _enum(TermStatus), nullable=False),
    sa.Column("agreed_value", JSONValue),
    sa.Column("billing_code", sa.String(20)),
    sa.Column("their_priority", sa.Integer),
    sa.Column("their_walk_away", JSONValue),
    sa.Column("current", sa.Float),
    sa.Column("yearly_volume", sa.Integer),
    sa.UniqueConstraint("negotiation_id", "name", name="uq_terms_negotiation_name"),
)

offers = sa.Table(
    "offers",
    metadata,
    _id(),
    _parent(),
    sa.Column("side", _enum(Side), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("values", JSONValue, nullable=False),
    sa.Column("channel", _enum(Channel), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    # Corrections keep the original: withdrawn (or corrected) offers stay, marked.
    sa.Column("withdrawn_at", UTCDateTime),
    sa.Column("withdrawn_reason", sa.Text, nullable=False, server_default=""),
    sa.Column("corrects_id", sa.Integer),
)

interactions = sa.Table(
    "interactions",
    metadata,
    _id(),
    _parent(),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("channel", _enum(Channel), nullable=False),
    sa.Column("direction", _enum(InteractionDirection), nullable=False),
    foreign_key("contact_id", "contacts", ondelete="SET NULL", nullable=True),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("their_points", sa.Text, nullable=False),
    sa.Column("our_questions", sa.Text, nullable=False),
    sa.Column("follow_up_due", UTCDateTime),
    sa.Column("follow_up_done", sa.Boolean, nullable=False),
    sa.Column("replied_at", UTCDateTime),
    sa.Column("withdrawn_at", UTCDateTime),
    sa.Column("withdrawn_reason", sa.Text, nullable=False, server_default=""),
    sa.Column("corrects_id", sa.Integer),
    # Covering indexes of the read model: a negotiation's pending follow-ups, and
    # the replies of a contact (contacts page).
    sa.Index("ix_interactions_follow_ups", "negotiation_id", "follow_up_done", "follow_up_due"),
    sa.Index(
        "ix_interactions_replies", "contact_id", "direction", "at", "replied_at", "negotiation_id"
    ),
)

stage_changes = sa.Table(
    "stage_changes",
    metadata,
    _id(),
    _parent(),
    sa.Column("from_stage", _enum(Stage)),
    sa.Column("to_stage", _enum(Stage), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("reopened", sa.Boolean, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
)

leverage_factors = sa.Table(
    "leverage_factors",
    metadata,
    _id(),
    _parent(),
    sa.Column("kind", _enum(LeverageKind), nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("strength", sa.Integer, nullable=False),
    sa.Column("evidence", sa.Text, nullable=False),
)

allies = sa.Table(
    "allies",
    metadata,
    _id(),
    _parent(),
    sa.Column("kind", _enum(AllyKind), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    foreign_key(
        "organisation_id", "organisations", ondelete="SET NULL", nullable=True, index=False
    ),
)

agreements = sa.Table(
    "agreements",
    metadata,
    _id(),
    _parent(unique=True),
    sa.Column("final_terms", JSONValue, nullable=False),
    sa.Column("effective", sa.Date, nullable=False),
    sa.Column("expires", sa.Date),
    sa.Column("potential_cost", Money),
    sa.Column("actual_cost", Money),
    sa.Column("case_management_cost", Money, nullable=False),
    sa.Column("soft_savings", SoftSavingsType, nullable=False),
    sa.Column("rate_changes", RateChangesType, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
)

# The organisation's document templates (migration 0008): one letterhead row (id 1)
# and one row per document kind. Empty values fall back to the wording files.
document_letterhead = sa.Table(
    "document_letterhead",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("organisation_name", sa.String(200), nullable=False),
    sa.Column("address_lines", JSONValue, nullable=False),
    sa.Column("phone", sa.String(200), nullable=False),
    sa.Column("logo", sa.LargeBinary, nullable=True),
    sa.Column("logo_media_type", sa.String(40), nullable=True),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)

document_templates = sa.Table(
    "document_templates",
    metadata,
    sa.Column("kind", sa.String(20), primary_key=True),
    sa.Column("signer_name", sa.String(200), nullable=False),
    sa.Column("signer_title", sa.String(200), nullable=False),
    sa.Column("clauses", JSONValue, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)

# An organisation's own Word template per document kind (migration 0012): the .docx
# bytes, checked before saving; no row means the built-in layout.
document_docx_templates = sa.Table(
    "document_docx_templates",
    metadata,
    sa.Column("kind", sa.String(20), primary_key=True),
    sa.Column("filename", sa.String(200), nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)

# The record's version (migration 0013): one row (id 1) whose random token every commit
# replaces, so that a server process knows when its cached read model is out of date.
record_version = sa.Table(
    "record_version",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("token", sa.BigInteger, nullable=False),
)

# The key of the web forms' tokens (migration 0013), one row (id 1) made by the
# migration, so that every worker process signs and checks forms alike.
form_key = sa.Table(
    "form_key",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("key", sa.LargeBinary, nullable=False),
)

# The audit trail (migration 0010): append-only, one row per change or audited read,
# each row's hash chained to the one before (domain/audit.py). No foreign keys: an
# entry outlives the negotiation or user it names. Before/after are canonical JSON
# text, so that the bytes hashed are the bytes stored.
audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("user_id", sa.Integer),
    sa.Column("user_name", sa.String(200), nullable=False),
    sa.Column("role", sa.String(40), nullable=False),
    sa.Column("request_id", sa.String(64)),
    sa.Column("address", sa.String(100), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("entity", sa.String(40), nullable=False),
    sa.Column("entity_id", sa.String(80), nullable=False),
    sa.Column("negotiation_id", sa.Integer, index=True),
    sa.Column("before", sa.Text),
    sa.Column("after", sa.Text),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Index("ix_audit_log_entity", "entity", "entity_id"),
    sa.Index("ix_audit_log_at", "at"),
)

# Users, sessions and API tokens live in their own module, on this same metadata.
from accord.adapters.store import account_tables as _account_tables  # noqa: E402, F401
from accord.adapters.store import membership_tables as _membership_tables  # noqa: E402, F401
