"""Negotiating agents for the alternating-offers simulator.

Every agent sees the negotiation through a :class:`SideView` (its own utility of every
outcome, sorted once) and acts on outcome *indices*: no per-round Python objects.

* :class:`TimeDependentAgent` — concedes on a clock: target utility
  ``r + (max − r)·(1 − t^(1/e))``. ``e < 1`` is *Boulware* (hardball: holds out, then
  concedes late), ``e = 1`` linear, ``e > 1`` *conceder*.
* :class:`TitForTatAgent` — reciprocates: concedes as much as the counterpart's last
  move conceded (measured in its own utility).
* ``IntegrativeAgent`` (in :mod:`accord.domain.engine.integrative_agent`) — win-win:
  learns the counterpart's priorities from its offers (frequency model) and, among
  packages equally good for itself, offers the one best for them — trading across
  terms; as its estimate of their priorities firms up it asks for no more than its
  share at the estimated Nash point plus ``generosity``, and no less until the
  deadline nears, when it concedes to the best offer they have made (never below its
  BATNA).
* :class:`HumanAgent` — asks a callback (the terminal, a test) for each move.

An agent answers each offer with :data:`ACCEPT`, :data:`WALK_AWAY` or a counter-offer
index. Acceptance follows "AC-next": accept when the offer is worth at least what the
agent would offer now.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from accord.domain.engine.space import IntArray, OutcomeSpace
from accord.domain.engine.values import FloatArray

__all__ = [
    "ACCEPT",
    "WALK_AWAY",
    "Agent",
    "HumanAgent",
    "HumanPrompt",
    "SideView",
    "TimeDependentAgent",
    "TitForTatAgent",
]

ACCEPT = -1
"""Answer meaning: the offer on the table is accepted."""
WALK_AWAY = -2
"""Answer meaning: the agent ends the negotiation without agreement."""


@dataclass(frozen=True, slots=True, eq=False)
class SideView:
    """One side's utilities of every outcome, with a sorted copy for fast lookup."""

    space: OutcomeSpace
    utilities: FloatArray
    order: IntArray
    """Outcome indices by ascending utility."""
    sorted_utilities: FloatArray
    reservation: float
    best: float
    floor: float
    """The lowest utility the side will concede to: max(reservation, worst outcome)."""

    @classmethod
    def of(cls, space: OutcomeSpace, utilities: FloatArray, reservation: float) -> SideView:
        """Sort the utilities once; every agent of this side shares the result."""
        order = np.argsort(utilities, kind="stable").astype(np.int64)
        su = utilities[order]
        return cls(
            space,
            utilities,
            order,
            su,
            reservation,
            float(su[-1]),
            max(reservation, float(su[0])),
        )

    def at_least(self, target: float) -> int:
        """The outcome with the lowest utility that is still at least ``target``."""
        pos = int(np.searchsorted(self.sorted_utilities, target - 1e-12, side="left"))
        return int(self.order[min(pos, self.order.shape[0] - 1)])


class Agent(Protocol):
    """What the simulator needs from an agent."""

    name: str

    def start(self, view: SideView, steps: int) -> None:
        """Reset for a new negotiation of at most ``steps`` offers in total."""
        ...

    def propose(self, t: float) -> int:
        """First offer (outcome index) at relative time ``t`` in [0, 1]."""
        ...

    def respond(self, t: float, offer: int) -> int:
        """ACCEPT, WALK_AWAY or a counter-offer to the counterpart's ``offer``."""
        ...


class TimeDependentAgent:
    """Concedes along ``r + (max − r)(1 − t^(1/e))`` whatever the counterpart does."""

    def __init__(self, name: str, exponent: float) -> None:
        if exponent <= 0:
            raise ValueError("exponent must be positive")
        self.name = name
        self.exponent = exponent
        self._view: SideView | None = None

    def start(self, view: SideView, steps: int) -> None:
        """Remember the side's utilities; the plan depends on time only."""
        del steps
        self._view = view

    def targets(self, t: FloatArray) -> FloatArray:
        """Target utilities at relative times ``t``."""
        v = self._require()
        return v.floor + (v.best - v.floor) * (1.0 - np.power(t, 1.0 / self.exponent))

    def plan(self, t: FloatArray) -> IntArray:
        """Offers at relative times ``t`` (the simulator's vectorised fast path)."""
        v = self._require()
        pos = np.searchsorted(v.sorted_utilities, self.targets(t) - 1e-12, side="left")
        out: IntArray = v.order[np.minimum(pos, v.order.shape[0] - 1)]
        return out

    def propose(self, t: float) -> int:
        """The cheapest outcome meeting the target at ``t``."""
        v = self._require()
        target = v.floor + (v.best - v.floor) * (1.0 - t ** (1.0 / self.exponent))
        return v.at_least(target)

    def respond(self, t: float, offer: int) -> int:
        """Accept when the offer is worth at least our own next offer."""
        v = self._require()
        mine = self.propose(t)
        return ACCEPT if v.utilities[offer] >= v.utilities[mine] else mine

    def _require(self) -> SideView:
        if self._view is None:
            raise RuntimeError("agent not started")
        return self._view


class TitForTatAgent:
    """Relative tit-for-tat: mirrors the counterpart's concessions, capped by a clock."""

    def __init__(self, name: str = "tit-for-tat", *, endgame: float = 0.9) -> None:
        self.name = name
        self.endgame = endgame
        self._view: SideView | None = None
        self._target = 1.0
        self._last_seen: float | None = None

    def start(self, view: SideView, steps: int) -> None:
        """Start at the best outcome."""
        del steps
        self._view = view
        self._target = view.best
        self._last_seen = None

    def propose(self, t: float) -> int:
        """Offer at the current target."""
        v = self._view
        assert v is not None
        target = self._target
        if t > self.endgame:  # avoid deadlock with a hardliner: concede linearly at the end
            share = (t - self.endgame) / (1.0 - self.endgame)
            target = min(target, v.best - share * (v.best - v.floor))
        return v.at_least(max(target, v.floor))

    def respond(self, t: float, offer: int) -> int:
        """Concede as much as they just did, then accept if their offer meets ours."""
        v = self._view
        assert v is not None
        seen = float(v.utilities[offer])
        if self._last_seen is not None and seen > self._last_seen:
            self._target = max(v.floor, self._target - (seen - self._last_seen))
        self._last_seen = seen if self._last_seen is None else max(seen, self._last_seen)
        mine = self.propose(t)
        return ACCEPT if seen >= v.utilities[mine] else mine


@dataclass(frozen=True, slots=True)
class HumanPrompt:
    """The state a human decides on: time, and the offer on the table (if any)."""

    t: float
    offer: int | None


class HumanAgent:
    """An agent whose moves come from a callback (terminal input, a moves file, a test).

    The callback receives a :class:`HumanPrompt` and returns ACCEPT, WALK_AWAY or an
    outcome index.
    """

    def __init__(self, decide: Callable[[HumanPrompt], int], name: str = "you") -> None:
        self.name = name
        self._decide = decide

    def start(self, view: SideView, steps: int) -> None:
        """Nothing to prepare: the human keeps their own counsel."""
        del view, steps

    def propose(self, t: float) -> int:
        """Ask for an opening offer (accepting is not possible without an offer)."""
        move = self._decide(HumanPrompt(t, None))
        return WALK_AWAY if move == ACCEPT else move

    def respond(self, t: float, offer: int) -> int:
        """Ask what to do about their offer."""
        return self._decide(HumanPrompt(t, offer))
