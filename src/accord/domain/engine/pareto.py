"""The Pareto frontier: outcomes no other outcome beats for both sides.

For two objectives the frontier is found in O(n log n): sort outcomes by our utility
descending (ties: theirs descending) and keep each outcome whose utility for them
beats the running maximum of everything before it. Exact on any discrete space;
spaces larger than ``chunk`` outcomes are processed block by block (the frontier of
the union is the frontier of the blocks' frontiers), so memory stays bounded.

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

__all__ = ["DEFAULT_CHUNK", "Frontier", "distance_to_frontier", "pareto_frontier", "pareto_indices"]

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
    """The exact Pareto frontier of a scenario (block by block beyond ``chunk``)."""
    space = scenario.space
    if space.cardinality <= chunk:
        u1, u2 = scenario.our_utilities, scenario.their_utilities
        keep = pareto_indices(u1, u2)
        return Frontier(keep, u1[keep], u2[keep])
    cand_idx: list[IntArray] = []
    for block in space.chunks(chunk):
        b1 = space.utilities_of(scenario.ours, block)
        b2 = space.utilities_of(scenario.theirs, block)
        keep = pareto_indices(b1, b2)
        cand_idx.append(block[keep])
    idx = np.concatenate(cand_idx)
    c1 = space.utilities_of(scenario.ours, idx)
    c2 = space.utilities_of(scenario.theirs, idx)
    keep = pareto_indices(c1, c2)
    return Frontier(idx[keep], c1[keep], c2[keep])


def distance_to_frontier(frontier: Frontier, ours: float, theirs: float) -> float:
    """Euclidean distance in utility space from a point to the nearest frontier outcome.

    Zero for an outcome on the frontier; the larger it is, the more value both sides
    leave on the table.
    """
    if len(frontier) == 0:
        return 0.0
    d = np.hypot(frontier.ours - ours, frontier.theirs - theirs)
    return float(d.min())
