"""Negotiating agents for the alternating-offers simulator.

Every agent sees the negotiation through a :class:`SideView` (its own utility of every
outcome, sorted once) and acts on outcome *indices*: no per-round Python objects.

* :class:`TimeDependentAgent` — concedes on a clock: target utility
  ``r + (max − r)·(1 − t^(1/e))``. ``e < 1`` is *Boulware* (hardball: holds out, then
  concedes late), ``e = 1`` linear, ``e > 1`` *conceder*.
* :class:`TitForTatAgent` — reciprocates: concedes as much as the counterpart's last
  move conceded (measured in its own utility).
* :class:`IntegrativeAgent` — win-win: learns the counterpart's priorities from its
  offers (frequency model) and, among packages equally good for itself, offers the
  one best for them — trading across terms; as its estimate of their priorities
  firms up it asks for no more than its share at the estimated Nash point plus
  ``generosity``, and no less until the deadline nears, when it concedes to the best
  offer they have made (never below its BATNA).
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

from accord.domain.engine.bargaining import nash_point
from accord.domain.engine.opponent import FrequencyModel
from accord.domain.engine.pareto import Frontier, pareto_indices
from accord.domain.engine.space import IntArray, OutcomeSpace
from accord.domain.engine.values import FloatArray

__all__ = [
    "ACCEPT",
    "WALK_AWAY",
    "Agent",
    "HumanAgent",
    "HumanPrompt",
    "IntegrativeAgent",
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


class IntegrativeAgent:
    """Win-win agent: trades across terms using a frequency model of the counterpart.

    Its target utility (for itself) moves in three phases:

    * *opening*: a Boulware clock (``exponent``) from its best package down; the
      ceiling comes down to its share at the estimated Nash point as it sees distinct
      offers from them (``evidence`` distinct offers give full confidence), so a Nash
      point estimated from one repeated offer does not give value away;
    * *fair play*: no more than that share plus ``generosity`` and no less than the
      share minus ``slack`` — a floor that, while the estimate rests on fewer than
      ``evidence`` distinct offers, gives way from half time to the endgame (down
      toward the best offer they have made, never below it), so a counterpart that
      will not move until it is offered enough is not met with a wall built on a
      guess;
    * *endgame* (from relative time ``endgame``): a smooth concession (power
      ``curve``) to the best offer they have made, or its BATNA if that is worse,
      reached when its last ``closing`` moves begin, never retreating; once their
      best offer meets the target it proposes it back.

    The opponent model learns from *distinct* offers only: a counterpart repeating its
    opening a hundred times has told us one thing, and counting the copies would
    drown the few moves that reveal its priorities (it keeps learning in the endgame,
    when most agents finally move).

    Every offer is, among packages worth the target to it (within ``window``, widened
    up to its previous offer), the one best for them as estimated — so, for a given
    estimate, its offers only ever get better for them while it concedes. It accepts
    an offer worth at least its own next offer; in its last ``closing`` moves, an
    offer within ``window`` of the best they have made; at its last answer, any offer
    above its BATNA — never one below its reservation value.
    Deterministic: no randomness anywhere.
    """

    def __init__(
        self,
        name: str = "win-win",
        *,
        exponent: float = 0.5,
        window: float = 0.05,
        endgame: float = 0.9,
        generosity: float | None = 0.0,
        slack: float = 0.05,
        evidence: int = 3,
        curve: float = 2.0,
        closing: int = 4,
    ) -> None:
        if not 0.0 < endgame < 1.0:
            raise ValueError("endgame must be a relative time strictly between 0 and 1")
        self.name = name
        self.endgame = endgame
        self.generosity = generosity
        self.exponent = exponent
        self.window = window
        self.slack = slack
        self.curve = curve
        self.closing = closing
        self.evidence = max(1, evidence)
        self._view: SideView | None = None
        self._model: FrequencyModel | None = None
        self._theirs: FloatArray | None = None
        self._share: float | None = None
        self._seen = 0
        self._distinct: set[int] = set()
        self._lowest = np.inf
        self._last_own = -1
        self._best_offer = -1
        self._best_seen = -np.inf
        self._step = 0.02

    def start(self, view: SideView, steps: int) -> None:
        """Reset the opponent model."""
        self._view = view
        self._model = FrequencyModel(view.space.shape)
        self._theirs = None
        self._share = None
        self._seen = 0
        self._distinct = set()
        self._lowest = np.inf
        self._last_own = -1
        self._best_offer = -1
        self._best_seen = -np.inf
        self._step = 2.0 / max(2, steps)  # relative time between two of our moves

    def _fair(self, t: float) -> float:
        """The target before the endgame: clock, capped near the estimated Nash share."""
        v = self._view
        assert v is not None
        clock = v.floor + (v.best - v.floor) * (1.0 - float(t ** (1.0 / self.exponent)))
        share = self._share
        if share is None or self.generosity is None:
            return clock
        confidence = min(1.0, len(self._distinct) / self.evidence)
        doubt = 1.0 - confidence
        ceiling = share + self.generosity + doubt * max(0.0, v.best - share)
        # a share estimated from few distinct offers is no reason to hold out either
        ramp = min(1.0, max(0.0, (t - 0.5) / (self.endgame - 0.5)))
        # ... but only down toward the best they have offered: that one is always there
        # to be accepted, so asking for less than it would give value away for nothing
        base = max(v.floor, self._best_seen)
        lower = share - self.slack - ramp * doubt * max(0.0, share - self.slack - base)
        return max(min(clock, ceiling), lower, v.floor)

    def _target(self, t: float) -> float:
        v = self._view
        assert v is not None
        if t < self.endgame:
            return self._fair(t)
        start = self._fair(self.endgame)
        last = max(v.floor, min(self._best_seen, start))
        # reach their best offer when time runs short, so they can still take it back
        close = max(self.endgame + self._step, 1.0 - self.closing * self._step)
        share = (t - self.endgame) / max(1e-9, close - self.endgame)
        target = start - (start - last) * min(1.0, share) ** self.curve
        self._lowest = min(self._lowest, target)  # never retreat in the endgame
        return self._lowest

    def propose(self, t: float) -> int:
        """Among packages worth the target to us, the one best for them (as estimated)."""
        v = self._view
        assert v is not None
        target = self._target(t)
        if t >= self.endgame and self._best_offer >= 0 and self._best_seen >= target:
            self._last_own = self._best_offer
            return self._best_offer  # their own best offer so far meets our target
        lo = int(np.searchsorted(v.sorted_utilities, target - 1e-12, side="left"))
        lo = min(lo, v.order.shape[0] - 1)
        hi = int(np.searchsorted(v.sorted_utilities, target + self.window, side="right"))
        band = v.order[lo : max(hi, lo + 1)]
        theirs = self._theirs
        if theirs is None or band.shape[0] == 1:
            choice = int(band[0])
        else:
            choice = int(band[int(np.argmax(theirs[band]))])
        last = self._last_own
        if theirs is not None and last >= 0 and theirs[choice] < theirs[last] - 1e-12:
            # never worse for them (as now estimated) than our last offer: among packages
            # between the target and that offer at least as good for them, concede most
            mine = float(v.utilities[last])
            if mine >= target:
                top = int(np.searchsorted(v.sorted_utilities, mine, side="right"))
                wide = v.order[lo:top]
                ok = wide[theirs[wide] >= theirs[last] - 1e-12]
                choice = int(ok[0]) if ok.shape[0] else last
        self._last_own = choice
        return choice

    def respond(self, t: float, offer: int) -> int:
        """Update the model with their offer, then accept or counter."""
        v, model = self._view, self._model
        assert v is not None and model is not None
        fresh = offer not in self._distinct
        if fresh:
            # a repeated offer says nothing new: counting it would drown the few
            # informative moves in copies of their opening
            model.observe(v.space.levels_of(offer))
        self._seen += 1
        self._distinct.add(offer)
        value = float(v.utilities[offer])
        record = value >= self._best_seen - self.window  # as good as their best, nearly
        if value > self._best_seen:
            self._best_seen, self._best_offer = value, offer
        distinct = len(self._distinct)
        small = v.space.cardinality <= 4096
        late = t >= self.endgame and v.space.cardinality <= 100_000
        if fresh and (distinct <= 3 or distinct % 4 == 0 or small or late):
            self._refresh(v, model)
        mine = self.propose(t)
        if value < v.reservation or value < v.floor:
            return mine  # never below our BATNA
        if value >= v.utilities[mine]:
            return ACCEPT
        if record and t >= 1.0 - self.closing * self._step:
            return ACCEPT  # time is short and this is the best they have offered
        if t > 1.0 - self._step + 1e-9:
            return ACCEPT  # our last answer: a deal above our BATNA beats none
        return mine

    def _refresh(self, v: SideView, model: FrequencyModel) -> None:
        theirs = model.utilities(v.space)
        self._theirs = theirs
        keep = pareto_indices(v.utilities, theirs)
        fr = Frontier(keep, v.utilities[keep], theirs[keep])
        nash = nash_point(fr, v.floor, float(theirs.min()))
        if nash is not None:
            self._share = max(v.floor, nash.ours)


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
