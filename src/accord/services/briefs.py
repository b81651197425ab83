"""The one-screen brief of a negotiation: where it stands and what needs doing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from accord.domain.deadlines import days_to_deadline
from accord.domain.interactions import (
    ContactRecency,
    Interaction,
    Responsiveness,
    days_since_contact,
    offer_reaches,
    overdue_follow_ups,
    responsiveness,
)
from accord.domain.negotiation import Negotiation
from accord.domain.offers import Offer, Side
from accord.domain.organisations import Contact, Organisation
from accord.domain.signals import Signal, beyond_walk_away, walk_away_signals
from accord.services.ports import UnitOfWork

__all__ = ["Brief", "prepare_brief"]

LAST_OFFERS = 4


@dataclass(frozen=True)
class Brief:
    """Everything the brief shows, computed once for the CLI, the API and the web page."""

    negotiation: Negotiation
    ours: Organisation
    counterparty: Organisation
    contacts: list[Contact]
    last_offers: list[Offer]
    latest_ours: Offer | None
    latest_theirs: Offer | None
    overdue: list[Interaction]
    upcoming: list[Interaction]
    their_responsiveness: Responsiveness
    our_responsiveness: Responsiveness
    recency: list[ContactRecency]
    signals: list[Signal]
    preparation: float
    now: datetime
    days_to_deadline: int | None = None
    theirs_beyond: tuple[str, ...] = ()
    """The terms on which their latest offer is beyond our walk-away (the one rule of
    the red marks, the signal and the analysis's reading)."""


def prepare_brief(uow: UnitOfWork, now: datetime, negotiation_id: int) -> Brief:
    """Gather the brief of one negotiation as of ``now``."""
    with uow:
        negotiation = uow.negotiations.get(negotiation_id)
        ours = uow.organisations.get(negotiation.our_org_id)
        counterparty = uow.organisations.get(negotiation.counterparty_id)
        contacts = list(uow.contacts.list(negotiation.counterparty_id))
    interactions = negotiation.interactions
    # The people an offer in this negotiation reaches: the one rule of "last contact".
    involved = [c for c in contacts if offer_reaches(c, negotiation.contact_ids)]
    pending = [i for i in interactions if i.follow_up_due is not None and not i.follow_up_done]
    return Brief(
        negotiation=negotiation,
        ours=ours,
        counterparty=counterparty,
        contacts=involved,
        last_offers=negotiation.offers[-LAST_OFFERS:],
        latest_ours=negotiation.latest_offer(Side.OURS),
        latest_theirs=negotiation.latest_offer(Side.THEIRS),
        overdue=overdue_follow_ups(interactions, now),
        upcoming=sorted(
            (i for i in pending if i.follow_up_due is not None and i.follow_up_due >= now),
            key=lambda i: i.follow_up_due or now,
        ),
        their_responsiveness=responsiveness(interactions, who="them"),
        our_responsiveness=responsiveness(interactions, who="us"),
        recency=days_since_contact(
            involved, interactions, now, offers_at=[o.at for o in negotiation.offers]
        ),
        signals=walk_away_signals(negotiation, contacts, now),
        preparation=negotiation.checklist.completeness(),
        now=now,
        days_to_deadline=days_to_deadline(negotiation.deadline, now),
        theirs_beyond=tuple(beyond_walk_away(negotiation, latest.values))
        if (latest := negotiation.latest_offer(Side.THEIRS)) is not None
        else (),
    )
