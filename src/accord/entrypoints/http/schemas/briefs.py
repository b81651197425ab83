"""The brief of a negotiation on the wire (the same data as ``accord brief``)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from accord.domain.interactions import Responsiveness
from accord.domain.terms import TermStatus
from accord.entrypoints.http.schemas.analysis import PackageMoneyPublic
from accord.entrypoints.http.schemas.common import TermValueOut
from accord.entrypoints.http.schemas.negotiations import NegotiationSummary
from accord.entrypoints.http.schemas.organisations import ContactPublic, OrganisationPublic
from accord.entrypoints.http.schemas.record import InteractionPublic, OfferPublic
from accord.services.brief_data import brief_data
from accord.services.briefs import Brief
from accord.services.package_money import PackagePricer

__all__ = [
    "BriefPublic",
    "BriefTermPublic",
    "ContactRecencyPublic",
    "ResponsivenessPublic",
    "SignalPublic",
]


class ResponsivenessPublic(BaseModel):
    answered: int
    unanswered: int
    median_hours: float | None
    text: str

    @classmethod
    def of(cls, r: Responsiveness) -> ResponsivenessPublic:
        return cls(answered=r.answered, unanswered=r.unanswered, median_hours=r.median_hours,
                   text=r.describe())  # fmt: skip


class ContactRecencyPublic(BaseModel):
    contact: ContactPublic
    last_contact: datetime | None
    days: int | None


class SignalPublic(BaseModel):
    code: str
    message: str


class BriefTermPublic(BaseModel):
    """One row of the brief's term table, with display text for each value."""

    name: str
    label: str = ""
    """What screens show for the term (``97110 therapeutic exercise — rate per unit``)."""
    status: TermStatus
    walk_away: TermValueOut | None
    target: TermValueOut | None
    ours: TermValueOut | None
    theirs: TermValueOut | None
    agreed_value: TermValueOut | None
    theirs_beyond_walk_away: bool
    medicare: float | None = None
    """Medicare's amount for the term's code in the negotiation's region, when known."""
    medicare_note: str | None = None
    """Why the term has no Medicare figure, in plain words (a per diem, an uncoded rate)."""
    text: dict[str, str]


class BriefPublic(BaseModel):
    negotiation: NegotiationSummary
    ours: OrganisationPublic
    counterparty: OrganisationPublic
    preparation: float
    days_to_deadline: int | None
    terms: list[BriefTermPublic]
    last_offers: list[OfferPublic]
    overdue: list[InteractionPublic]
    upcoming: list[InteractionPublic]
    their_responsiveness: ResponsivenessPublic
    our_responsiveness: ResponsivenessPublic
    recency: list[ContactRecencyPublic]
    signals: list[SignalPublic]
    contacts: list[ContactPublic]
    now: datetime

    target_money: PackageMoneyPublic | None = None
    """Our target for every term, as one package in dollars."""
    our_latest_money: PackageMoneyPublic | None = None
    their_latest_money: PackageMoneyPublic | None = None
    term_labels: dict[str, str] = {}
    """Each term's label by name (``rate_97110`` → ``97110 therapeutic exercise — …``)."""
    potential_source: str | None = None
    """Where a case's potential cost comes from, in words."""
    acceptance_hint: str | None = None

    @classmethod
    def of(cls, b: Brief, pricer: PackagePricer | None = None) -> BriefPublic:
        """The brief (``services/brief_data.py``'s shape); with ``pricer``, its money."""
        return cls.model_validate(brief_data(b, pricer))
