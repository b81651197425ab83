"""Interactions with the other side, and the relationship health read from them."""

from __future__ import annotations

import enum
import statistics
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from accord.domain.counts import counted
from accord.domain.offers import Channel
from accord.domain.organisations import Contact
from accord.errors import ValidationError

__all__ = [
    "ContactRecency",
    "Interaction",
    "InteractionDirection",
    "Responsiveness",
    "days_since_contact",
    "last_contact_at",
    "offer_reaches",
    "overdue_follow_ups",
    "responsiveness",
]


class InteractionDirection(enum.StrEnum):
    INBOUND = "inbound"  # they reached us
    OUTBOUND = "outbound"  # we reached them


@dataclass(eq=False)
class Interaction:
    """A call, voicemail, e-mail, meeting, letter or portal message.

    ``their_points`` is our summary of what they said (active listening);
    ``our_questions`` are the clarifying questions we asked. ``replied_at`` is when the
    message got its answer, from whichever side owed one.
    """

    at: datetime
    channel: Channel
    direction: InteractionDirection
    contact_id: int | None = None
    summary: str = ""
    their_points: str = ""
    our_questions: str = ""
    follow_up_due: datetime | None = None
    follow_up_done: bool = False
    replied_at: datetime | None = None
    withdrawn_at: datetime | None = None
    """When the entry was withdrawn or replaced by a correction; kept in the history."""
    withdrawn_reason: str = ""
    corrects_id: int | None = None
    id: int | None = None

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def __post_init__(self) -> None:
        if self.replied_at is not None and self.replied_at < self.at:
            raise ValidationError("a reply cannot come before the message", field="replied_at")


@dataclass(frozen=True)
class Responsiveness:
    """How promptly one side answers, from the interactions that needed an answer."""

    answered: int
    unanswered: int
    median_hours: float | None

    def describe(self) -> str:
        """How fast, in words: ``in about 7 days (median of 2 replies; 1 awaiting)``."""
        if self.median_hours is None:
            return "no replies yet" if self.unanswered else "nothing to answer yet"
        if self.median_hours < 1:
            when = "within the hour"
        elif self.median_hours < 48:
            when = f"in about {counted(round(self.median_hours), 'hour')}"
        else:
            when = f"in about {counted(round(self.median_hours / 24), 'day')}"
        awaiting = f"{self.unanswered:,} awaiting" if self.unanswered else "none awaiting"
        return f"{when} (median of {counted(self.answered, 'reply', 'replies')}; {awaiting})"


def responsiveness(interactions: Iterable[Interaction], *, who: str) -> Responsiveness:
    """How promptly ``who`` ('them' or 'us') answers.

    They answer our outbound messages; we answer their inbound ones.
    """
    wanted = InteractionDirection.OUTBOUND if who == "them" else InteractionDirection.INBOUND
    relevant = [i for i in interactions if i.direction is wanted]
    delays = [
        (i.replied_at - i.at).total_seconds() / 3600 for i in relevant if i.replied_at is not None
    ]
    return Responsiveness(
        answered=len(delays),
        unanswered=len(relevant) - len(delays),
        median_hours=statistics.median(delays) if delays else None,
    )


def overdue_follow_ups(interactions: Iterable[Interaction], now: datetime) -> list[Interaction]:
    """Follow-ups that were due before ``now`` and are not done, oldest first."""
    due = [
        i
        for i in interactions
        if i.follow_up_due is not None and not i.follow_up_done and i.follow_up_due < now
    ]
    return sorted(due, key=lambda i: i.follow_up_due or i.at)


@dataclass(frozen=True)
class ContactRecency:
    contact: Contact
    last_contact: datetime | None
    days: int | None


def offer_reaches(contact: Contact, listed: Collection[int | None]) -> bool:
    """True when an offer in a negotiation counts as contact with ``contact``: the
    negotiation lists them (``listed``: its contact ids), or they are a decision maker
    of its counterparty (offers are made to the people we negotiate with, even when no
    call or e-mail was logged beside them). The one rule of the brief and the contacts
    page."""
    return contact.id in listed or contact.is_decision_maker


def last_contact_at(interaction: datetime | None, offer: datetime | None) -> datetime | None:
    """The later of the last interaction and the last offer that reached the contact."""
    if interaction is None or (offer is not None and offer > interaction):
        return offer
    return interaction


def days_since_contact(
    contacts: Sequence[Contact],
    interactions: Iterable[Interaction],
    now: datetime,
    *,
    offers_at: Iterable[datetime] = (),
) -> list[ContactRecency]:
    """Days since the last contact with each contact (None when never).

    An offer exchanged in the negotiation counts as contact with everyone involved in
    it (``offers_at``): offers are made to the people we negotiate with, even when no
    call or e-mail was logged beside them.
    """
    last: dict[int, datetime] = {}
    for i in interactions:
        if i.contact_id is not None and (i.contact_id not in last or i.at > last[i.contact_id]):
            last[i.contact_id] = i.at
    latest_offer = max(offers_at, default=None)
    result = []
    for contact in contacts:
        when = last_contact_at(
            last.get(contact.id) if contact.id is not None else None, latest_offer
        )
        days = (now - when) // timedelta(days=1) if when is not None else None
        result.append(ContactRecency(contact, when, days))
    return result
