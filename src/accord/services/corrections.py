"""Use cases: withdraw or correct an offer or an interaction, keeping the original.

Nothing is deleted. A withdrawn entry stays in the negotiation's history with when and
why; a correction is a new entry that names the one it replaces, which is withdrawn.
Withdrawn entries count in no analysis, signal or relationship figure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import TypeVar

from accord.domain.interactions import Interaction
from accord.domain.offers import Offer
from accord.domain.terms import TermValue
from accord.errors import NotFoundError, ValidationError
from accord.services.editing import editable
from accord.services.ports import UnitOfWork

__all__ = ["correct_interaction", "correct_offer", "withdraw_interaction", "withdraw_offer"]


def withdraw_offer(
    uow: UnitOfWork,
    now: datetime,
    negotiation_id: int,
    offer_id: int,
    reason: str,
    *,
    expected_version: int | None = None,
) -> Offer:
    """Withdraw an offer: kept in the history with the reason, out of the analysis."""
    with uow:
        negotiation = editable(uow, negotiation_id, expected_version)
        offer = negotiation.withdraw_offer(offer_id, now, reason)
        negotiation.touch(now)
        uow.commit()
        return offer


def correct_offer(
    uow: UnitOfWork,
    now: datetime,
    negotiation_id: int,
    offer_id: int,
    reason: str,
    *,
    values: Mapping[str, TermValue],
    at: datetime | None = None,
    note: str | None = None,
    expected_version: int | None = None,
) -> Offer:
    """Replace an offer's values (a typo, a misheard figure); the original is kept.

    The correction keeps the original's side, channel and time unless told otherwise.
    """
    with uow:
        negotiation = editable(uow, negotiation_id, expected_version)
        original = _find(negotiation.offer_history, offer_id, "offer")
        corrected = Offer(
            side=original.side,
            at=at or original.at,
            values=dict(values),
            channel=original.channel,
            note=original.note if note is None else note,
        )
        offer = negotiation.correct_offer(offer_id, corrected, now, reason)
        negotiation.touch(now)
        uow.commit()
        return offer


def withdraw_interaction(
    uow: UnitOfWork,
    now: datetime,
    negotiation_id: int,
    interaction_id: int,
    reason: str,
    *,
    expected_version: int | None = None,
) -> Interaction:
    """Withdraw a logged interaction: kept in the history, out of relationship health."""
    with uow:
        negotiation = editable(uow, negotiation_id, expected_version)
        interaction = negotiation.withdraw_interaction(interaction_id, now, reason)
        negotiation.touch(now)
        uow.commit()
        return interaction


def correct_interaction(
    uow: UnitOfWork,
    now: datetime,
    negotiation_id: int,
    interaction_id: int,
    reason: str,
    *,
    changes: Mapping[str, object],
    expected_version: int | None = None,
) -> Interaction:
    """Replace a logged interaction by a corrected copy; the original is kept, withdrawn.

    ``changes`` names the fields to change (summary, their_points, our_questions, at,
    channel, direction, follow_up_due, replied_at); the others are copied.
    """
    with uow:
        negotiation = editable(uow, negotiation_id, expected_version)
        original = _find(negotiation.interaction_history, interaction_id, "interaction")
        allowed = {
            "summary", "their_points", "our_questions", "at", "channel", "direction",
            "follow_up_due", "replied_at",
        }  # fmt: skip
        unknown = sorted(set(changes) - allowed)
        if unknown:
            raise ValidationError(
                f"an interaction has no field {', '.join(unknown)}", field="changes"
            )
        corrected = replace(
            original, id=None, withdrawn_at=None, withdrawn_reason="", corrects_id=None,
            **changes,  # type: ignore[arg-type]
        )  # fmt: skip
        interaction = negotiation.correct_interaction(interaction_id, corrected, now, reason)
        negotiation.touch(now)
        uow.commit()
        return interaction


_Entry = TypeVar("_Entry", Offer, Interaction)


def _find(entries: list[_Entry], entry_id: int, what: str) -> _Entry:
    for entry in entries:
        if entry.id == entry_id:
            return entry
    raise NotFoundError(f"no {what} {entry_id} in this negotiation")
