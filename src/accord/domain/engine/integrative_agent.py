"""The win-win negotiating agent of the alternating-offers simulator.

It trades across terms: from the counterpart's distinct offers it learns their
priorities (a frequency model), estimates the Nash point of the outcome space, and
offers, among packages worth its target to itself, the one best for them. The other
agents and the :class:`~accord.domain.engine.agents.SideView` they share are in
:mod:`accord.domain.engine.agents`.
"""

from __future__ import annotations

import numpy as np

from accord.domain.engine.agents import ACCEPT, SideView
from accord.domain.engine.bargaining import nash_point
from accord.domain.engine.opponent import FrequencyModel
from accord.domain.engine.pareto import Frontier, pareto_indices
from accord.domain.engine.values import FloatArray

__all__ = ["IntegrativeAgent"]


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
