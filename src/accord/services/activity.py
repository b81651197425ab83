"""Use cases for what happens during bargaining: offers and interactions."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from accord.domain.interactions import Interaction, InteractionDirection
from accord.domain.offers import Channel, Offer, Side
from accord.domain.terms import TermValue
from accord.errors import NotFoundError, ValidationError
from accord.services.editing import appends, editable, edits
from accord.services.ports import UnitOfWork

__all__ = ["complete_follow_up", "log_interaction", "record_offer"]


@appends
def record_offer(
    uow: UnitOfWork,
    now: datetime,
    negotiation_id: int,
    *,
    side: Side,
    values: Mapping[str, TermValue],
    at: datetime | None = None,
    channel: Channel = Channel.EMAIL,
    note: str = "",
    expected_version: int | None = None,
) -> Offer:
    """Record an offer by either side; values outside a term's range are rejected."""
    with uow:
        negotiation = editable(uow, negotiation_id, expected_version)
        offer = negotiation.record_offer(
            Offer(side=side, at=at or now, values=dict(values), channel=channel, note=note)
        )
        negotiation.touch(now)
        uow.commit()
        return offer


@appends
def log_interaction(
    uow: UnitOfWork,
    now: datetime,
    negotiation_id: int,
    *,
    channel: Channel,
    direction: InteractionDirection,
    at: datetime | None = None,
    contact_id: int | None = None,
    summary: str = "",
    their_points: str = "",
    our_questions: str = "",
    follow_up_due: datetime | None = None,
    replied_at: datetime | None = None,
    expected_version: int | None = None,
) -> Interaction:
    """Log a call, e-mail, meeting...: what they said, what we asked to clarify."""
    with uow:
        negotiation = editable(uow, negotiation_id, expected_version)
        if contact_id is not None:
            contact = uow.contacts.get(contact_id)
            if contact.organisation_id != negotiation.counterparty_id:
                raise ValidationError(
                    f"{contact.name} does not work for the counterparty", field="contact"
                )
            if contact_id not in negotiation.contact_ids:
                negotiation.contact_ids = [*negotiation.contact_ids, contact_id]
        interaction = negotiation.log_interaction(
            Interaction(
                at=at or now,
                channel=channel,
                direction=direction,
                contact_id=contact_id,
                summary=summary,
                their_points=their_points,
                our_questions=our_questions,
                follow_up_due=follow_up_due,
                replied_at=replied_at,
            )
        )
        negotiation.touch(now)
        uow.commit()
        return interaction


@edits
def complete_follow_up(
    uow: UnitOfWork,
    now: datetime,
    negotiation_id: int,
    interaction_id: int,
    *,
    replied_at: datetime | None = None,
    expected_version: int | None = None,
) -> Interaction:
    """Mark an interaction's follow-up done (and, optionally, when the reply came)."""
    with uow:
        negotiation = editable(uow, negotiation_id, expected_version)
        for interaction in negotiation.interactions:
            if interaction.id == interaction_id:
                interaction.follow_up_done = True
                if replied_at is not None:
                    if replied_at < interaction.at:
                        raise ValidationError(
                            "a reply cannot come before the message", field="replied_at"
                        )
                    interaction.replied_at = replied_at
                negotiation.touch(now)
                uow.commit()
                return interaction
        raise NotFoundError(f"negotiation {negotiation_id} has no interaction {interaction_id}")
