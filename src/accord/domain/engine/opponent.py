"""The counterpart model: what their offers tell us about them.

:class:`FrequencyModel` estimates their priorities the classic way (as in the
"HardHeaded" agent): a level they keep offering is one they value, and a term they
rarely move on is one they weigh heavily. :func:`read_counterpart` turns an offer
history into a :class:`CounterpartReading`: concession curve and rate, style
(hardball vs cooperative) with a confidence, estimated term weights, a predicted
settlement range, and walk-away / mediation signals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from accord.domain.engine.preferences import Preferences
from accord.domain.engine.scenario import Scenario
from accord.domain.engine.space import IntArray, OutcomeSpace
from accord.domain.engine.values import FloatArray

__all__ = ["CounterpartReading", "FrequencyModel", "read_counterpart"]


class FrequencyModel:
    """Frequency-based estimate of the counterpart's linear-additive utility."""

    def __init__(self, shape: Sequence[int]) -> None:
        self.counts = [np.zeros(n, dtype=np.float64) for n in shape]
        self.unchanged = np.zeros(len(shape), dtype=np.float64)
        self._last: IntArray | None = None
        self.observed = 0

    def observe(self, levels: IntArray) -> None:
        """Record one of their offers (its level index per term)."""
        for c, lv in zip(self.counts, levels, strict=True):
            c[int(lv)] += 1.0
        if self._last is not None:
            self.unchanged += levels == self._last
        self._last = np.asarray(levels).copy()
        self.observed += 1

    def weights(self) -> FloatArray:
        """Estimated term weights (equal before any repeated offer)."""
        w: FloatArray = (1.0 + self.unchanged) / float((1.0 + self.unchanged).sum())
        return w

    def values(self) -> tuple[FloatArray, ...]:
        """Estimated value of every level, 1 for their most-offered level."""
        return tuple((c + 1.0) / (c.max() + 1.0) for c in self.counts)

    def preferences(self, reservation: float = 0.0) -> Preferences:
        """The estimate as :class:`Preferences` (flagged ``estimated``)."""
        return Preferences(self.weights(), self.values(), reservation, estimated=True)

    def utilities(self, space: OutcomeSpace) -> FloatArray:
        """Estimated utility of every outcome."""
        return space.utilities(self.preferences())


@dataclass(frozen=True, slots=True)
class CounterpartReading:
    """What their offers say about them."""

    offers: int
    concession_curve: tuple[float, ...]
    """Our utility of each of their offers, in order (rising = they concede)."""
    concession_rate: float
    """Average change per offer of our utility of their offers (least squares)."""
    style: str
    """``hardball``, ``cooperative`` or ``mixed`` (``unknown`` with too few offers)."""
    confidence: float
    reasons: tuple[str, ...]
    estimated_weights: dict[str, float]
    settlement_low: float
    settlement_high: float
    """Predicted settlement range, in our utility."""
    walk_away_signal: str | None
    mediation_signal: str | None


def read_counterpart(
    scenario: Scenario,
    their_offers: Sequence[int],
    our_offers: Sequence[int] = (),
    *,
    t: float | None = None,
    their_curve: Sequence[float] | None = None,
    our_curve: Sequence[float] | None = None,
) -> CounterpartReading:
    """Read their offer history (outcome indices, oldest first) at relative time ``t``.

    ``their_curve`` and ``our_curve``, when given, are our utilities of the offers as
    made (not snapped to the grid): concessions and reciprocity are measured on them.
    """
    space = scenario.space
    u_ours = scenario.our_utilities
    theirs = np.asarray(their_offers, dtype=np.int64)
    ours = np.asarray(our_offers, dtype=np.int64)
    mine = np.asarray(our_curve, dtype=float) if our_curve is not None else u_ours[ours]
    model = FrequencyModel(space.shape)
    levels = space.levels_of(theirs) if theirs.size else np.zeros((0, len(space.terms)), np.int64)
    for row in levels:
        model.observe(row)
    weights = {n: float(w) for n, w in zip(space.names, model.weights(), strict=True)}
    curve = u_ours[theirs] if theirs.size else np.zeros(0)
    if their_curve is not None:
        curve = np.asarray(their_curve, dtype=float)
    n = int(curve.shape[0])
    rate = float(np.polyfit(np.arange(n), curve, 1)[0]) if n >= 2 else 0.0
    if n < 2:
        best = float(curve.max()) if n else float(u_ours.min())
        return CounterpartReading(
            n, tuple(map(float, curve)), 0.0, "unknown", 0.0,
            ("too few offers to judge",), weights, best, best, None, None,
        )  # fmt: skip
    hi = float(u_ours.max())
    features = _hardball_features(scenario, levels, curve, mine)
    style, confidence, reasons = _style(features, n)
    best = float(curve.max())
    remaining = n if t is None or t <= 0 else max(0.0, n * (1.0 - t) / t)
    ceiling = float(mine[-1]) if mine.size else hi
    high = float(np.clip(best + max(rate, 0.0) * remaining, best, max(best, ceiling)))
    return CounterpartReading(
        n,
        tuple(map(float, curve)),
        rate,
        style,
        confidence,
        reasons,
        weights,
        best,
        high,
        _walk_away_signal(curve, t),
        _mediation_signal(mine, curve),
    )


def _hardball_features(
    scenario: Scenario, levels: IntArray, curve: FloatArray, mine: FloatArray
) -> dict[str, float]:
    """Each sign of hardball in their offers, from 0 (none) to 1 (strong)."""
    u_ours = scenario.our_utilities
    steps = np.diff(curve)
    lo, hi = float(u_ours.min()), float(u_ours.max())
    anchor = (float(curve[0]) - lo) / max(hi - lo, 1e-12)
    conceded = steps > 0.01
    mean_step = float(steps[conceded].mean()) if conceded.any() else 0.0
    freq = float(conceded.mean())
    trades = _trade_share(scenario, levels)
    reciprocity = _reciprocity(mine, curve)
    features = {
        "extreme anchor": 1.0 - min(1.0, anchor / 0.3),
        "small concessions": 1.0 - min(1.0, mean_step / 0.06),
        "rare concessions": 1.0 - min(1.0, freq / 0.6),
        "no trades across terms": 1.0 - min(1.0, trades / 0.4),
    }
    if reciprocity is not None:  # unmeasurable (too few moves) is not "no reciprocity"
        features["no reciprocity"] = 1.0 - max(0.0, reciprocity)
    return features


def _style(features: dict[str, float], n: int) -> tuple[str, float, tuple[str, ...]]:
    """(style, confidence, the reasons in words) from the features over ``n`` offers."""
    score = float(np.mean(list(features.values())))
    style = "hardball" if score >= 0.6 else "cooperative" if score <= 0.4 else "mixed"
    strength = min(1.0, abs(score - 0.5) * 2.5)
    confidence = round(strength * min(1.0, n / 6.0), 2)
    if style == "hardball":
        reasons = tuple(k for k, v in features.items() if v >= 0.6)
    elif style == "cooperative":
        reasons = tuple(k.replace("no ", "").replace("small", "real").replace("rare", "frequent")
                        .replace("extreme anchor", "moderate anchor")
                        for k, v in features.items() if v <= 0.4)  # fmt: skip
    else:
        reasons = ("signals point both ways",)
    return style, confidence, reasons


def _trade_share(scenario: Scenario, levels: IntArray) -> float:
    """Share of their moves that improve one term for us while worsening another."""
    if levels.shape[0] < 2:
        return 0.0
    deltas = np.stack(
        [v[levels[1:, i]] - v[levels[:-1, i]] for i, v in enumerate(scenario.ours.values)], axis=1
    )
    moved = np.any(deltas != 0, axis=1)
    trade = np.any(deltas > 1e-9, axis=1) & np.any(deltas < -1e-9, axis=1)
    return float(trade.sum() / max(1, moved.sum()))


def _reciprocity(ours: FloatArray, curve: FloatArray) -> float | None:
    """Correlation of our concessions with their following concessions (−1..1), or
    None when there are too few moves on either side to measure it."""
    if ours.size < 3:
        return None
    our_moves = -np.diff(ours)
    their_moves = np.diff(curve)
    m = min(our_moves.shape[0], their_moves.shape[0])
    a, b = our_moves[:m], their_moves[:m]
    if m < 2:
        return None
    if a.std() < 1e-9 or b.std() < 1e-9:
        # steady moves on both sides: reciprocal when both conceded, else not
        return 1.0 if (a > 1e-9).all() and (b > 1e-9).all() else 0.0
    return float(np.corrcoef(a, b)[0, 1])


def _walk_away_signal(curve: FloatArray, t: float | None) -> str | None:
    if curve.shape[0] >= 3 and curve[-1] < curve[:-1].max() - 0.02:
        return "they withdrew a concession: their latest offer is worse for us than an earlier one"
    late = t is not None and t >= 0.7
    if curve.shape[0] >= 4 and late and np.all(np.abs(np.diff(curve[-4:])) < 0.005):
        return "no movement in their last four offers this late: they may be ready to walk away"
    return None


def _mediation_signal(ours: FloatArray, curve: FloatArray) -> str | None:
    if ours.size < 3 or curve.shape[0] < 3:
        return None
    our_stall = np.all(np.abs(np.diff(ours[-3:])) < 0.005)
    their_stall = np.all(np.abs(np.diff(curve[-3:])) < 0.005)
    gap = float(ours[-1] - curve.max())
    if our_stall and their_stall and gap > 0.15:
        return f"both sides stalled with a gap of {gap:.2f} in our utility: consider mediation"
    return None
