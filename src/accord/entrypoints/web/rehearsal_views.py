"""What the rehearsal page shows: its terms, your steps, the turn awaiting a move and the
debrief (the page's JSON twin carries the same)."""

from __future__ import annotations

from pydantic import BaseModel

from accord.entrypoints.http.schemas.analysis import PackageMoneyPublic
from accord.services.rehearsal_web import TermGuide

__all__ = ["Choice", "DebriefView", "StepView", "TermHelp", "TranscriptRow", "TurnView"]


class Choice(BaseModel):
    ref: str
    name: str
    description: str


class TermHelp(BaseModel):
    """A term as the move form asks for it: a list to pick from, or a number field."""

    name: str
    label: str
    values: list[str]
    """Every value as a move writes it."""
    shown: list[str]
    """The same values as people read them (``$350/day``)."""
    unit: str
    summary: str
    """``from $350 to $650/day, in steps of $25``; ``yes or no``."""
    pick: bool
    low: float | None = None
    high: float | None = None
    step: float | None = None

    @classmethod
    def of(cls, guide: TermGuide, label: str | None = None) -> TermHelp:
        """The term's guide, under the negotiation's label for it when there is one."""
        return cls(name=guide.name, label=label or guide.label, values=list(guide.values),
                   shown=list(guide.shown), unit=guide.unit, summary=guide.summary,
                   pick=guide.pick, low=guide.low, high=guide.high, step=guide.step)  # fmt: skip


class StepView(BaseModel):
    round: int
    rounds: int
    their_offer: str | None
    your_utility_of_their_offer: float | None
    coach: str | None
    move: str
    your_offer: str | None
    your_utility: float | None
    their_utility: float | None


class TurnView(BaseModel):
    round: int
    rounds: int
    their_offer: str | None
    your_utility_of_their_offer: float | None
    coach: str | None
    suggested_move: str
    """Your last offer (your ideal package at first), as a move."""
    suggested_values: dict[str, str] = {}
    """The same by term: the move form's fields start with it."""
    their_money: PackageMoneyPublic | None = None
    """Their offer in dollars (a stored negotiation's rehearsal)."""


class TranscriptRow(BaseModel):
    who: str
    package: str
    your_utility: float
    their_utility: float


class DebriefView(BaseModel):
    agreement: str | None
    ended_by: str
    rounds: int
    your_utility: float
    their_utility: float
    nash: str | None
    nash_your_utility: float | None
    nash_their_utility: float | None
    distance_to_nash: float | None
    distance_to_frontier: float
    missed_trades: list[str]
    transcript: list[TranscriptRow]
    discounted_your_utility: float | None = None
    """Utilities discounted for the time taken (u·d^t), when the scenario has a discount."""
    discounted_their_utility: float | None = None
