"""Walk-away and mediation signals read from a negotiation's record.

Each signal says what was seen and why it matters; none decides for the user.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from accord.domain.negotiation import Negotiation
from accord.domain.offers import Side, concession
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
    signals: list[Signal] = []
    theirs = [o for o in negotiation.offers if o.side is Side.THEIRS]

    # 1. Rounds with no movement from them.
    still = 0
    for before, after in itertools.pairwise(theirs):
        moves = concession(negotiation.terms, Side.THEIRS, before, after)
        still = 0 if any(m.toward_other for m in moves) else still + 1
    if still >= STALL_ROUNDS - 1 and len(theirs) >= STALL_ROUNDS:
        signals.append(
            Signal(
                "no_movement",
                f"their last {still + 1} offers did not move toward us: consider a mediator "
                "or your BATNA",
            )
        )

    # 2. Concessions only from us.
    ours_gave = _conceded(negotiation, Side.OURS)
    theirs_gave = _conceded(negotiation, Side.THEIRS)
    if ours_gave >= 2 and theirs_gave == 0:
        signals.append(
            Signal(
                "one_sided_concessions",
                f"we conceded {ours_gave} times and they never did: stop conceding without "
                "something in return",
            )
        )

    # 3. Decision makers absent from the last interactions.
    makers = {c.id for c in contacts if c.is_decision_maker and c.id is not None}
    recent = negotiation.interactions[-RECENT_INTERACTIONS:]
    if (
        makers
        and len(recent) >= RECENT_INTERACTIONS
        and not any(i.contact_id in makers for i in recent)
    ):
        signals.append(
            Signal(
                "decision_maker_absent",
                f"no decision maker in the last {RECENT_INTERACTIONS} interactions: "
                "ask to involve someone who can agree",
            )
        )

    # 4. Deadline passed.
    if negotiation.deadline is not None and negotiation.deadline < now.date():
        days = (now.date() - negotiation.deadline).days
        signals.append(
            Signal("deadline_passed", f"the deadline passed {days} day(s) ago without agreement")
        )

    # 5. Their latest offer beyond our walk-away on any term: the same rule that marks
    # the term "beyond walk-away" in the brief, so the two never contradict each other.
    last = theirs[-1] if theirs else None
    if last is not None:
        beyond = beyond_walk_away(negotiation, last.values)
        named = [t for t in negotiation.terms if t.name in last.values]
        if beyond:
            scope = (
                "every term it names"
                if len(beyond) == len(named)
                else (f"{len(beyond)} of the {len(named)} terms it names")
            )
            signals.append(
                Signal(
                    "beyond_walk_away",
                    f"their latest offer is beyond our walk-away on {scope}: " + ", ".join(beyond),
                )
            )
    return signals


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
