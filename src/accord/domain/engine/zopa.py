"""ZOPA — the zone of possible agreement — per term and overall.

Overall, the ZOPA is the set of packages both sides prefer to their BATNA (utility at
or above each side's reservation value). Per term, when both sides declared a
walk-away level, it is the range of levels acceptable to both. When there is no
overall ZOPA, :func:`zopa` names the terms that cause it: those where no level is
good for both sides, weighted by how much the less-interested side cares.

No package is enumerated: the count of acceptable packages is exact dominance counting
over the space split in two halves (:class:`~accord.domain.engine.split_space.SplitSpace`),
and when there are none, the closest miss lies on the Pareto frontier (a package that
is at least as good for both sides misses by no more), which is built term by term.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.domain.engine.pareto import Frontier, additive_frontier
from accord.domain.engine.scenario import Scenario
from accord.domain.engine.split_space import SplitSpace

__all__ = ["TermZopa", "Zopa", "zopa"]


@dataclass(frozen=True, slots=True)
class TermZopa:
    """The agreement zone on one term (``None`` bounds when a walk-away is unknown)."""

    term: str
    exists: bool | None
    """True/False when both walk-aways are known, None otherwise."""
    low: str | None
    high: str | None
    conflict: float
    """0 = some level is ideal for both sides; up to 1 = the sides want opposite ends and
    both care about it (lesser weight × how far the best shared level falls short)."""


@dataclass(frozen=True, slots=True)
class Zopa:
    """Overall ZOPA: how many packages are acceptable to both, and per-term detail."""

    exists: bool
    acceptable_outcomes: int
    total_outcomes: int
    best_shortfall: float
    """When there is no ZOPA: the smallest amount by which the nearer-to-agreement
    package misses one side's reservation value (0 when a ZOPA exists)."""
    terms: tuple[TermZopa, ...]
    blocking_terms: tuple[str, ...]


def zopa(scenario: Scenario, *, frontier: Frontier | None = None) -> Zopa:
    """Compute the ZOPA of a scenario, per term and overall.

    ``frontier``, when the caller already has the Pareto frontier, saves rebuilding it
    (it is only needed when there is no ZOPA). Time and memory grow with about the
    square root of the number of packages.
    """
    r1, r2 = scenario.ours.reservation, scenario.theirs.reservation
    count = SplitSpace.of(scenario).count_acceptable(r1, r2)
    shortfall = 0.0
    if count == 0:
        fr = frontier if frontier is not None else additive_frontier(scenario)
        worst_gap = np.maximum(r1 - fr.ours, r2 - fr.theirs)
        shortfall = float(worst_gap.min())
    per_term: list[TermZopa] = []
    for i, term in enumerate(scenario.space.terms):
        v1, v2 = scenario.ours.values[i], scenario.theirs.values[i]
        shared = float(np.max(np.minimum(v1, v2)))
        weight = float(min(scenario.ours.weights[i], scenario.theirs.weights[i]))
        conflict = weight * (1.0 - shared)
        exists: bool | None = None
        low = high = None
        a = scenario.ours.walk_away.get(term.name)
        b = scenario.theirs.walk_away.get(term.name)
        if a is not None and b is not None:
            ours_ok = v1 >= v1[a] - 1e-12
            theirs_ok = v2 >= v2[b] - 1e-12
            both = np.flatnonzero(ours_ok & theirs_ok)
            exists = bool(both.size)
            if both.size:
                low, high = term.label(int(both[0])), term.label(int(both[-1]))
        per_term.append(TermZopa(term.name, exists, low, high, conflict))
    blocking: tuple[str, ...] = ()
    if count == 0:
        by_conflict = sorted(per_term, key=lambda t: -t.conflict)
        declared = [t.term for t in per_term if t.exists is False]
        blocking = tuple(declared) or tuple(t.term for t in by_conflict if t.conflict > 0.05)
        if not blocking and by_conflict:
            blocking = (by_conflict[0].term,)
    return Zopa(count > 0, count, scenario.space.cardinality, shortfall, tuple(per_term), blocking)
