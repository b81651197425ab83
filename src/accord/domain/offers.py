"""Offers and counteroffers: packages of term values put forward by either side."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from accord.domain.terms import Term, TermValue
from accord.errors import ValidationError

__all__ = ["Channel", "Offer", "Side", "TermMove", "check_package", "concession"]


class Side(enum.StrEnum):
    OURS = "ours"
    THEIRS = "theirs"

    @property
    def other(self) -> Side:
        return Side.THEIRS if self is Side.OURS else Side.OURS


class Channel(enum.StrEnum):
    """How something was said."""

    CALL = "call"
    VOICEMAIL = "voicemail"
    EMAIL = "email"
    MEETING = "meeting"
    LETTER = "letter"
    PORTAL = "portal"


@dataclass(eq=False)
class Offer:
    """A package of values for some or all terms, from one side, at one time."""

    side: Side
    at: datetime
    values: dict[str, TermValue]
    channel: Channel = Channel.EMAIL
    note: str = ""
    withdrawn_at: datetime | None = None
    """When the offer was withdrawn or replaced by a correction; kept in the history."""
    withdrawn_reason: str = ""
    corrects_id: int | None = None
    """The offer this one corrects, when it was recorded as a correction."""
    id: int | None = None

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


def check_package(
    terms: Sequence[Term], values: Mapping[str, TermValue], *, bounded: bool = True
) -> dict[str, TermValue]:
    """Validate an offer's values against the terms; return them coerced to each term's type.

    ``bounded=False`` lets numbers outside a term's range through (their quotes).
    """
    if not values:
        raise ValidationError("an offer needs a value for at least one term", field="values")
    by_name = {term.name: term for term in terms}
    checked: dict[str, TermValue] = {}
    for name, value in values.items():
        term = by_name.get(name)
        if term is None:
            known = ", ".join(sorted(by_name)) or "none yet"
            raise ValidationError(
                f"no term named {name!r} (terms: {known})", field=f"values.{name}"
            )
        checked[name] = term.coerce(value, field=f"values.{name}", bounded=bounded)
    return checked


@dataclass(frozen=True)
class TermMove:
    """How one side's value for one term changed between two of its offers."""

    term: str
    before: TermValue
    after: TermValue
    toward_other: bool  # True when the change gives ground to the other side


def concession(terms: Sequence[Term], side: Side, before: Offer, after: Offer) -> list[TermMove]:
    """The moves ``side`` made between two of its own offers, term by term.

    A move by *their* side toward *our* advantage is a concession by them; a move by
    *our* side toward *their* advantage is a concession by us.
    """
    by_name = {term.name: term for term in terms}
    moves: list[TermMove] = []
    for name, new in after.values.items():
        old = before.values.get(name)
        term = by_name.get(name)
        if old is None or term is None or old == new:
            continue
        gets_better_for_us = term.better_for_us(new, old)
        toward_other = gets_better_for_us if side is Side.THEIRS else not gets_better_for_us
        moves.append(TermMove(name, old, new, toward_other))
    return moves
