"""The brief of a negotiation on the wire (the same data as ``accord brief``)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from accord.domain.interactions import Responsiveness
from accord.domain.offers import Offer
from accord.domain.term_labels import term_label
from accord.domain.terms import TermStatus
from accord.entrypoints.api.schemas.common import TermValueOut
from accord.entrypoints.api.schemas.negotiations import NegotiationSummary
from accord.entrypoints.api.schemas.organisations import ContactPublic, OrganisationPublic
from accord.entrypoints.api.schemas.record import InteractionPublic, OfferPublic
from accord.services.briefs import Brief

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

    @classmethod
    def of(cls, b: Brief) -> BriefPublic:
        n = b.negotiation

        def last(offer: Offer | None, name: str) -> TermValueOut | None:
            return offer.values.get(name) if offer is not None else None

        rows = []
        for t in n.terms:
            ours, theirs = last(b.latest_ours, t.name), last(b.latest_theirs, t.name)
            rows.append(
                BriefTermPublic(
                    name=t.name,
                    label=term_label(t),
                    status=t.status,
                    walk_away=t.walk_away,
                    target=t.target,
                    ours=ours,
                    theirs=theirs,
                    agreed_value=t.agreed_value,
                    theirs_beyond_walk_away=theirs is not None
                    and not t.is_within_walk_away(theirs),
                    text={
                        "walk_away": t.format(t.walk_away),
                        "target": t.format(t.target),
                        "ours": t.format(ours),
                        "theirs": t.format(theirs),
                        "agreed_value": t.format(t.agreed_value),
                    },
                )
            )
        return cls(
            negotiation=NegotiationSummary.of(n), ours=OrganisationPublic.of(b.ours),
            counterparty=OrganisationPublic.of(b.counterparty), preparation=b.preparation,
            days_to_deadline=(n.deadline - b.now.date()).days if n.deadline else None,
            terms=rows, last_offers=[OfferPublic.of(o) for o in b.last_offers],
            overdue=[InteractionPublic.of(i) for i in b.overdue],
            upcoming=[InteractionPublic.of(i) for i in b.upcoming],
            their_responsiveness=ResponsivenessPublic.of(b.their_responsiveness),
            our_responsiveness=ResponsivenessPublic.of(b.our_responsiveness),
            recency=[
                ContactRecencyPublic(contact=ContactPublic.of(r.contact),
                                     last_contact=r.last_contact, days=r.days)
                for r in b.recency
            ],
            signals=[SignalPublic(code=s.code, message=s.message) for s in b.signals],
            contacts=[ContactPublic.of(c) for c in b.contacts], now=b.now,
        )  # fmt: skip
