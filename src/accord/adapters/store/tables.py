"""The relational schema. Alembic migrations in ``migrations/`` must produce exactly this."""

from __future__ import annotations

import enum

import sqlalchemy as sa

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

__all__ = ["metadata"]

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _enum(cls: type[enum.Enum]) -> sa.Enum:
    return sa.Enum(
        cls,
        native_enum=False,
        length=40,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)


def _parent(table: str = "negotiations") -> sa.Column[int]:
    return sa.Column(
        "negotiation_id",
        sa.Integer,
        sa.ForeignKey(f"{table}.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


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
    sa.Column(
        "organisation_id",
        sa.Integer,
        sa.ForeignKey("organisations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
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
    sa.Column(
        "contact_id", sa.Integer, sa.ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    ),
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
    sa.Column(
        "organisation_id", sa.Integer, sa.ForeignKey("organisations.id", ondelete="SET NULL")
    ),
)

agreements = sa.Table(
    "agreements",
    metadata,
    _id(),
    sa.Column(
        "negotiation_id",
        sa.Integer,
        sa.ForeignKey("negotiations.id", ondelete="CASCADE"),
        nullable=False,
        unique=True,
    ),
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


# Remittances (X12 835). One row per ingested file, per transaction (payment), claim,
# service line, CAS adjustment and PLB adjustment. Money in integer cents; units and
# CAS quantities in hundredths. No patient name or member id has a column.


def _cents(name: str, *, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.BigInteger, nullable=nullable)


remittance_files = sa.Table(
    "remittance_files",
    metadata,
    _id(),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("size_bytes", sa.BigInteger, nullable=False),
    sa.Column("ingested_at", UTCDateTime, nullable=False),
)

remittance_payments = sa.Table(
    "remittance_payments",
    metadata,
    _id(),
    sa.Column(
        "file_id",
        sa.Integer,
        sa.ForeignKey("remittance_files.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    # (TRN03, TRN02) identifies a payment: the same trace twice is not counted twice.
    sa.Column("originator", sa.String(80), nullable=False),
    sa.Column("trace_number", sa.String(80), nullable=False),
    _cents("amount_cents"),
    sa.Column("credit_debit", sa.String(80), nullable=False),
    sa.Column("method", sa.String(80)),
    sa.Column("handling", sa.String(80)),
    sa.Column("payment_date", sa.Date),
    sa.Column("production_date", sa.Date),
    sa.Column("payer_name", sa.String(200)),
    sa.Column("payer_id", sa.String(80)),
    sa.Column("payee_name", sa.String(200)),
    sa.Column("payee_id", sa.String(80)),
    sa.Column("segment", sa.Integer, nullable=False),
    sa.UniqueConstraint("originator", "trace_number", name="uq_remittance_payments_trace"),
)

remittance_claims = sa.Table(
    "remittance_claims",
    metadata,
    _id(),
    sa.Column(
        "payment_id",
        sa.Integer,
        sa.ForeignKey("remittance_payments.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("claim_number", sa.String(80), nullable=False, index=True),
    sa.Column("status", sa.String(80), nullable=False),
    _cents("charge_cents"),
    _cents("paid_cents"),
    _cents("patient_responsibility_cents"),
    sa.Column("filing_indicator", sa.String(80)),
    sa.Column("facility_type", sa.String(80)),
    sa.Column("frequency", sa.String(80)),
    sa.Column("statement_from", sa.Date),
    sa.Column("statement_to", sa.Date),
    sa.Column("received", sa.Date),
    sa.Column("segment", sa.Integer, nullable=False),
)

remittance_lines = sa.Table(
    "remittance_lines",
    metadata,
    _id(),
    sa.Column(
        "claim_id",
        sa.Integer,
        sa.ForeignKey("remittance_claims.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("qualifier", sa.String(80), nullable=False),
    sa.Column("code", sa.String(80), nullable=False),
    sa.Column("modifiers", sa.String(400), nullable=False),
    _cents("charge_cents"),
    _cents("paid_cents"),
    _cents("allowed_cents", nullable=True),
    sa.Column("units_hundredths", sa.BigInteger),
    sa.Column("service_date", sa.Date),
    sa.Column("control_number", sa.String(80)),
    sa.Column("remark_codes", sa.String(400), nullable=False),
    sa.Column("segment", sa.Integer, nullable=False),
)

remittance_adjustments = sa.Table(
    "remittance_adjustments",
    metadata,
    _id(),
    sa.Column(
        "claim_id",
        sa.Integer,
        sa.ForeignKey("remittance_claims.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    # NULL for a claim-level CAS (loop 2100), else the line it belongs to (loop 2110).
    sa.Column(
        "line_id",
        sa.Integer,
        sa.ForeignKey("remittance_lines.id", ondelete="CASCADE"),
        index=True,
    ),
    sa.Column("group_code", sa.String(80), nullable=False),
    sa.Column("reason", sa.String(80), nullable=False),
    _cents("amount_cents"),
    sa.Column("quantity_hundredths", sa.BigInteger),
    sa.Column("segment", sa.Integer, nullable=False),
)

remittance_provider_adjustments = sa.Table(
    "remittance_provider_adjustments",
    metadata,
    _id(),
    sa.Column(
        "payment_id",
        sa.Integer,
        sa.ForeignKey("remittance_payments.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("provider_id", sa.String(80), nullable=False),
    sa.Column("reason", sa.String(80), nullable=False),
    _cents("amount_cents"),
    sa.Column("fiscal_period_end", sa.Date),
    sa.Column("reference", sa.String(80)),
    sa.Column("segment", sa.Integer, nullable=False),
)

# Payer contracts and their fee schedules (migration 0006). A rate is kept as decimal
# text, so that 110.125% or $31.505 round-trip exactly on both databases.
contracts = sa.Table(
    "contracts",
    metadata,
    _id(),
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
    _id(),
    sa.Column(
        "contract_id",
        sa.Integer,
        sa.ForeignKey("contracts.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
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
    _id(),
    sa.Column(
        "line_id",
        sa.Integer,
        sa.ForeignKey("remittance_lines.id", ondelete="CASCADE"),
        nullable=False,
        unique=True,
    ),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("changed_at", UTCDateTime, nullable=False),
)

# Remittance code labels (CARC, RARC, groups) an admin imported; X12 owns the lists.
code_labels = sa.Table(
    "code_labels",
    metadata,
    _id(),
    sa.Column("list", sa.String(10), nullable=False),
    sa.Column("code", sa.String(10), nullable=False),
    sa.Column("meaning", sa.String(1000), nullable=False),
    sa.UniqueConstraint("list", "code", name="uq_code_labels_key"),
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
