"""The read model: what the lists across negotiations show, without loading negotiations.

The pipeline, the contacts and the outcomes read thousands of negotiations at once. They
do not need terms, offers or interactions, only counts, dates and sums of them, which
the store computes in SQL (:mod:`accord.adapters.store.summaries`) and returns as these
small frozen rows. Plain dataclasses: no SQLAlchemy here, so services and their tests
use them as they use the domain.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from accord.domain.interactions import InteractionDirection, Responsiveness
from accord.domain.negotiation import NegotiationKind
from accord.domain.offers import Channel
from accord.domain.organisations import Contact
from accord.domain.stages import Stage

__all__ = ["AgreementMonth", "AgreementRow", "ContactRow", "FollowUpRow", "NegotiationRow"]


@dataclass(frozen=True, slots=True)
class FollowUpRow:
    """An interaction whose follow-up a list flags, with the fields of
    :class:`~accord.domain.interactions.Interaction`.

    A plain row rather than the mapped domain class: building thousands of mapped
    objects for a read-only list cost the pipeline more than its queries.
    """

    id: int
    at: datetime
    channel: Channel
    direction: InteractionDirection
    contact_id: int | None
    summary: str
    their_points: str
    our_questions: str
    follow_up_due: datetime | None
    follow_up_done: bool
    replied_at: datetime | None
    # A listed follow-up is never withdrawn (the lists leave withdrawn entries out).
    withdrawn_at: datetime | None = None
    withdrawn_reason: str = ""
    corrects_id: int | None = None


@dataclass(frozen=True)
class NegotiationRow:
    """One negotiation as a list shows it.

    ``next_follow_up`` is the earliest pending follow-up due at or after the time asked
    about; ``overdue`` the follow-ups due before it and not done, oldest first.
    """

    id: int
    title: str
    kind: NegotiationKind
    stage: Stage
    our_org_id: int
    counterparty_id: int
    counterparty: str
    deadline: date | None
    is_demo: bool
    version: int
    offers: int
    next_follow_up: datetime | None
    overdue: tuple[FollowUpRow, ...]


@dataclass(frozen=True)
class AgreementRow:
    """One recorded agreement and its figures (None where not costed / no rate changed)."""

    negotiation_id: int
    title: str
    kind: NegotiationKind
    counterparty: str
    effective: date
    agreed_at: datetime | None
    hard_savings: Decimal | None
    soft_savings: Decimal
    revenue_effect: Decimal | None
    is_demo: bool


@dataclass(frozen=True)
class AgreementMonth:
    """Totals of the agreements effective in one month (``YYYY-MM``)."""

    month: str
    agreements: int
    hard_savings: Decimal
    soft_savings: Decimal
    revenue_effect: Decimal


@dataclass(frozen=True)
class ContactRow:
    """A contact with what the interactions across every negotiation say about them."""

    contact: Contact
    organisation: str
    negotiations: tuple[tuple[int, str], ...]  # (id, title) of the latest naming them, by id
    negotiation_count: int  # how many negotiations name them in all
    interactions: int
    last_contact: datetime | None  # the latest interaction with them
    responsiveness: Responsiveness
    last_offer: datetime | None = None
    """The latest standing offer that reached them (``offer_reaches``)."""
