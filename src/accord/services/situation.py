"""One reading of a negotiation's situation, computed once for the CLI, API and web.

The ZOPA, the walk-away marks on their offers and the advice must not contradict each
other on one screen. The engine's ZOPA rests on their preferences, which are partly
estimated; their offers are facts. So when their latest offer is beyond our walk-away
on a term where we know nothing of their limit, the ZOPA is *unproven*: the estimate
says a deal within our limits could exist, but nothing they have offered shows it yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.domain.engine import NegotiationAnalysis
from accord.domain.engine.advice import package_targets
from accord.domain.negotiation import Negotiation
from accord.domain.offers import Side
from accord.domain.signals import beyond_walk_away

__all__ = ["ZOPA_STATES", "Situation", "read_situation"]

ZOPA_STATES = ("yes", "unproven", "no")
"""``yes``: packages within our limits beat both BATNAs and their offers do not say
otherwise; ``unproven``: only the estimate of their side says so; ``no``: none does."""


@dataclass(frozen=True, slots=True)
class Situation:
    """The situation in words: the ZOPA state, and where their latest offer crosses our
    walk-aways (the same rule as the red marks and the walk-away signal)."""

    zopa: str
    zopa_text: str
    their_latest_beyond: tuple[str, ...]
    conflict: str | None
    """Why no package within our limits can be advised, when none can."""


def _label(negotiation: Negotiation, name: str) -> str:
    """A term's label by name (the name itself for a term the record does not have)."""
    return next((t.label for t in negotiation.terms if t.name == name), name)


def read_situation(negotiation: Negotiation, result: NegotiationAnalysis) -> Situation:
    """Read the ZOPA against their offers as made and our walk-aways."""
    theirs = [o for o in negotiation.offers if o.side is Side.THEIRS]
    beyond = tuple(beyond_walk_away(negotiation, theirs[-1].values)) if theirs else ()
    zone = result.analysis.zopa
    advice = package_targets(result.analysis)
    if not zone.exists:
        blocked = ", ".join(_label(negotiation, n) for n in zone.blocking_terms) or "every term"
        return Situation(
            "no",
            "No deal within your limits (no ZOPA): no package within your walk-aways is "
            f"better for both sides than walking away (their BATNAs); it fails on {blocked}",
            beyond,
            advice.conflict,
        )
    count = f"{zone.acceptable_outcomes:,} of {zone.total_outcomes:,} packages"
    unknown = [
        negotiation.term(name).label for name in beyond
        if negotiation.term(name).their_walk_away is None
    ]  # fmt: skip
    if unknown:
        return Situation(
            "unproven",
            f"A deal may be possible (ZOPA unproven): on our estimate of their side, {count} "
            "within your walk-aways are better for both sides than walking away (their "
            "BATNAs), but their latest offer is beyond your walk-away on "
            f"{', '.join(unknown)} and we do not know their limit there",
            beyond,
            advice.conflict,
        )
    return Situation(
        "yes",
        f"A deal is possible (ZOPA): {count} within your walk-aways are better for both "
        "sides than walking away (their BATNAs)",
        beyond,
        advice.conflict,
    )
