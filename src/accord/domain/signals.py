"""Walk-away and mediation signals read from a negotiation's record.

Each signal says what was seen and why it matters; none decides for the user.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from accord.domain.counts import counted
from accord.domain.negotiation import Negotiation
from accord.domain.offers import Offer, Side, concession
from accord.domain.organisations import Contact
from accord.domain.terms import TermValue

__all__ = ["Signal", "beyond_walk_away", "walk_away_signals"]

STALL_ROUNDS = 3  # their consecutive offers without a concession before we flag it
RECENT_INTERACTIONS = 3


@dataclass(frozen=True)
class Signal:
    code: str
    message: str


def walk_away_signals(
    negotiation: Negotiation, contacts: Sequence[Contact], now: datetime
) -> list[Signal]:
    """Signals that it may be time to walk away or bring in a mediator."""
    if negotiation.stage.is_closed:
        return []
    theirs = [o for o in negotiation.offers if o.side is Side.THEIRS]
    found = (
        _no_movement(negotiation, theirs),
        _one_sided_concessions(negotiation),
        _decision_maker_absent(negotiation, contacts),
        _deadline_passed(negotiation, now),
        _beyond_walk_away(negotiation, theirs[-1] if theirs else None),
    )
    return [signal for signal in found if signal is not None]


def _no_movement(negotiation: Negotiation, theirs: list[Offer]) -> Signal | None:
    """Rounds with no movement from them."""
    still = 0
    for before, after in itertools.pairwise(theirs):
        moves = concession(negotiation.terms, Side.THEIRS, before, after)
        still = 0 if any(m.toward_other for m in moves) else still + 1
    if still >= STALL_ROUNDS - 1 and len(theirs) >= STALL_ROUNDS:
        return Signal(
            "no_movement",
            f"their last {still + 1} offers did not move toward us: consider a mediator "
            "or your BATNA",
        )
    return None


def _one_sided_concessions(negotiation: Negotiation) -> Signal | None:
    """Concessions only from us."""
    ours_gave = _conceded(negotiation, Side.OURS)
    theirs_gave = _conceded(negotiation, Side.THEIRS)
    if ours_gave >= 2 and theirs_gave == 0:
        return Signal(
            "one_sided_concessions",
            f"we conceded {ours_gave} times and they never did: stop conceding without "
            "something in return",
        )
    return None


def _decision_maker_absent(negotiation: Negotiation, contacts: Sequence[Contact]) -> Signal | None:
    """Decision makers absent from the last interactions."""
    makers = {c.id for c in contacts if c.is_decision_maker and c.id is not None}
    recent = negotiation.interactions[-RECENT_INTERACTIONS:]
    if (
        makers
        and len(recent) >= RECENT_INTERACTIONS
        and not any(i.contact_id in makers for i in recent)
    ):
        return Signal(
            "decision_maker_absent",
            f"no decision maker in the last {RECENT_INTERACTIONS} interactions: "
            "ask to involve someone who can agree",
        )
    return None


def _deadline_passed(negotiation: Negotiation, now: datetime) -> Signal | None:
    if negotiation.deadline is not None and negotiation.deadline < now.date():
        days = (now.date() - negotiation.deadline).days
        return Signal(
            "deadline_passed", f"the deadline passed {counted(days, 'day')} ago without agreement"
        )
    return None


def _beyond_walk_away(negotiation: Negotiation, last: Offer | None) -> Signal | None:
    """Their latest offer beyond our walk-away on any term: the same rule that marks the
    term "beyond walk-away" in the brief, so the two never contradict each other."""
    if last is None:
        return None
    beyond = beyond_walk_away(negotiation, last.values)
    named = [t for t in negotiation.terms if t.name in last.values]
    if not beyond:
        return None
    scope = (
        "every term it names"
        if len(beyond) == len(named)
        else (f"{len(beyond)} of the {len(named)} terms it names")
    )
    return Signal(
        "beyond_walk_away",
        f"their latest offer is beyond our walk-away on {scope}: " + ", ".join(beyond),
    )


def beyond_walk_away(negotiation: Negotiation, values: Mapping[str, TermValue]) -> list[str]:
    """The terms on which an offer's values lie beyond our walk-away, in term order.

    The one rule behind the red "beyond walk-away" marks, the walk-away signal and the
    analysis's reading of their offers.
    """
    return [
        t.name
        for t in negotiation.terms
        if t.name in values and not t.is_within_walk_away(values[t.name])
    ]


def _conceded(negotiation: Negotiation, side: Side) -> int:
    count = 0
    own = [o for o in negotiation.offers if o.side is side]
    for before, after in itertools.pairwise(own):
        if any(m.toward_other for m in concession(negotiation.terms, side, before, after)):
            count += 1
    return count
