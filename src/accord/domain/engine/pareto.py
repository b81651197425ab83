"""The Pareto frontier: outcomes no other outcome beats for both sides.

For two objectives the frontier is found in O(n log n): sort outcomes by our utility
descending (ties: theirs descending) and keep each outcome whose utility for them
beats the running maximum of everything before it. Exact on any discrete space.
Spaces larger than ``chunk`` outcomes are never enumerated: linear-additive
utilities let the frontier be built term by term (:func:`additive_frontier`), in
blocks of bounded size.

>>> import numpy as np
>>> pareto_indices(np.array([1.0, 0.5, 0.2, 0.4]), np.array([0.0, 0.5, 1.0, 0.3])).tolist()
[0, 1, 2]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.domain.engine.scenario import Scenario
from accord.domain.engine.space import IntArray
from accord.domain.engine.values import FloatArray

__all__ = [
    "DEFAULT_CHUNK",
    "Frontier",
    "additive_frontier",
    "distance_to_frontier",
    "pareto_frontier",
    "pareto_indices",
]

DEFAULT_CHUNK = 4_000_000
"""Outcomes evaluated at once when building a frontier block by block."""


@dataclass(frozen=True, slots=True, eq=False)
class Frontier:
    """Pareto-optimal outcomes, ordered from best-for-us to best-for-them."""

    indices: IntArray
    ours: FloatArray
    theirs: FloatArray

    def __len__(self) -> int:
        return int(self.indices.shape[0])


def pareto_indices(u1: FloatArray, u2: FloatArray) -> IntArray:
    """Positions of the Pareto-optimal points of ``(u1, u2)``, by ``u1`` descending.

    Of several points with identical utilities for both sides only the first (lowest
    position) is kept. Large inputs are first thinned with the frontier of a strided
    sample: a point strictly dominated by a sample frontier point cannot be optimal,
    which typically leaves a tiny fraction for the exact sort.
    """
    n = u1.shape[0]
    if n < _PREFILTER_FROM:
        return _sorted_frontier(u1, u2)
    step = max(1, n // min(_SAMPLE, max(256, n // 100)))
    s1, s2 = u1[::step], u2[::step]
    k = _sorted_frontier(s1, s2)
    a1, a2 = s1[k], s2[k]  # a1 strictly decreasing, a2 strictly increasing
    # the sample frontier point with the largest u2 among those with a1 >= u1
    j = np.searchsorted(-a1, -u1, side="right") - 1
    jj = np.maximum(j, 0)
    b1, b2 = a1[jj], a2[jj]
    dominated = (j >= 0) & ((b2 > u2) | ((b2 == u2) & (b1 > u1)))
    cand = np.flatnonzero(~dominated)
    return cand[_sorted_frontier(u1[cand], u2[cand])].astype(np.int64)


_PREFILTER_FROM = 2_000
_SAMPLE = 4_096


def _sorted_frontier(u1: FloatArray, u2: FloatArray) -> IntArray:
    n = u1.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((-u2, -u1))
    s2 = u2[order]
    # a point is on the frontier when its u2 beats every u2 seen before it
    best_before = np.empty_like(s2)
    best_before[0] = -np.inf
    np.maximum.accumulate(s2[:-1], out=best_before[1:])
    return order[s2 > best_before].astype(np.int64)


def pareto_frontier(scenario: Scenario, *, chunk: int = DEFAULT_CHUNK) -> Frontier:
    """The exact Pareto frontier of a scenario.

    Up to ``chunk`` outcomes, every outcome is evaluated and filtered. Beyond, the
    space is never enumerated: see :func:`additive_frontier`.
    """
    space = scenario.space
    if space.cardinality <= chunk:
        u1, u2 = scenario.our_utilities, scenario.their_utilities
        keep = pareto_indices(u1, u2)
        return Frontier(keep, u1[keep], u2[keep])
    return additive_frontier(scenario, chunk=chunk)


def additive_frontier(scenario: Scenario, *, chunk: int = DEFAULT_CHUNK) -> Frontier:
    """Exact frontier of linear-additive utilities without enumerating the space.

    A package is a sum of one point per term, and a sum is Pareto-optimal only if each
    of its parts is Pareto-optimal among the packages of those terms (otherwise the
    better part would give a better sum). So the frontier is built term by term:
    combine the frontier so far with the current term's optimal levels, keep the
    optimal combinations. Each combination step is processed in blocks of at most
    ``chunk`` candidates, so memory stays bounded however large the space.
    """
    space = scenario.space
    s1 = np.zeros(1)
    s2 = np.zeros(1)
    sidx = np.zeros(1, dtype=np.int64)
    for i, term in enumerate(space.terms):
        a1 = scenario.ours.weights[i] * scenario.ours.values[i]
        a2 = scenario.theirs.weights[i] * scenario.theirs.values[i]
        lv = pareto_indices(a1, a2)
        rows = max(1, chunk // lv.shape[0])
        parts: list[tuple[FloatArray, FloatArray, IntArray]] = []
        for r in range(0, s1.shape[0], rows):
            c1 = (s1[r : r + rows, None] + a1[lv][None, :]).ravel()
            c2 = (s2[r : r + rows, None] + a2[lv][None, :]).ravel()
            ci = (sidx[r : r + rows, None] * term.size + lv[None, :]).ravel()
            keep = pareto_indices(c1, c2)
            parts.append((c1[keep], c2[keep], ci[keep]))
        s1 = np.concatenate([p[0] for p in parts])
        s2 = np.concatenate([p[1] for p in parts])
        sidx = np.concatenate([p[2] for p in parts])
        if len(parts) > 1:
            keep = pareto_indices(s1, s2)
            s1, s2, sidx = s1[keep], s2[keep], sidx[keep]
    # re-evaluate exactly as the full grid does, so utilities match bit for bit
    u1 = space.utilities_of(scenario.ours, sidx)
    u2 = space.utilities_of(scenario.theirs, sidx)
    keep = pareto_indices(u1, u2)
    return Frontier(sidx[keep], u1[keep], u2[keep])


def distance_to_frontier(frontier: Frontier, ours: float, theirs: float) -> float:
    """Euclidean distance in utility space from a point to the nearest frontier outcome.

    Zero for an outcome on the frontier; the larger it is, the more value both sides
    leave on the table.
    """
    if len(frontier) == 0:
        return 0.0
    d = np.hypot(frontier.ours - ours, frontier.theirs - theirs)
    return float(d.min())
