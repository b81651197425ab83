"""MESOs — multiple equivalent simultaneous offers.

Presenting several packages at once that are worth (nearly) the same to us but differ
for the counterparty shows flexibility and makes them reveal what they value: the one
they pick tells us their priorities. :func:`mesos` picks ``k`` packages within
``tolerance`` of a target utility for us that are spread as far apart as possible in
the counterparty's (declared or estimated) utility.

No package is enumerated. On the space split in two halves
(:class:`~accord.domain.engine.split_space.SplitSpace`) the packages within the band
for us are, for each suffix, one run of prefixes found exactly by binary search; the
ones acceptable to them are counted exactly too. A band of at most ``explicit``
packages is listed whole, so the choice is the same as over the enumerated space.
A larger band is sampled: for each suffix, the band's best and worst package for them
(exact range maximum and minimum) and evenly spaced packages between, so the band's
best package for them — the first MESO — is always found. With nothing in the band, the
packages nearest the target are found the same way (:meth:`SplitSpace.kth_distance`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.domain.engine.scenario import Scenario
from accord.domain.engine.space import IntArray
from accord.domain.engine.split_space import SplitSpace
from accord.domain.engine.values import FloatArray
from accord.errors import ValidationError

__all__ = ["EXPLICIT", "POOL", "Meso", "mesos"]

POOL = 2000
"""Most distinct utilities for them that the greedy choice compares."""
EXPLICIT = 200_000
"""Bands of at most this many packages are listed whole; larger ones are sampled."""
_SAMPLES = 50_000
"""Packages sampled evenly from a band too large to list (besides each suffix's best
and worst for them)."""
_STREAM = 1 << 18
"""Packages evaluated at once on the slow path (nothing in the band and a vast number
of packages exactly as near the target)."""


@dataclass(frozen=True, slots=True)
class Meso:
    """One package of a MESO set."""

    index: int
    ours: float
    theirs: float
    description: str


def mesos(
    scenario: Scenario,
    target: float,
    *,
    k: int = 3,
    tolerance: float = 0.03,
    explicit: int = EXPLICIT,
) -> tuple[Meso, ...]:
    """Up to ``k`` packages of utility ``target ± tolerance`` for us, most varied for them.

    Packages below their reservation value are left out when enough others remain.
    Among packages equivalent for us, the set is chosen greedily: first the best one
    for them, then each time the package whose utility for them, and whose levels, are
    farthest from those already chosen. When more than :data:`POOL` distinct utilities
    for them remain, the greedy choice compares ``POOL`` of them spread evenly from
    their best to their worst. Without any package in the band, the ``10 k`` packages
    nearest the target for us are used. A band of at most ``explicit`` packages is
    listed whole (the same choice as among every package); a larger one is sampled.

    >>> from accord.domain.engine.preferences import Preferences
    >>> from accord.domain.engine.space import OutcomeSpace
    >>> from accord.domain.engine.terms import categorical_term
    >>> space = OutcomeSpace((categorical_term("a", ["x", "y"]), categorical_term("b", ["p", "q"])))
    >>> us = Preferences(np.array([0.5, 0.5]), (np.array([1.0, 0.0]), np.array([1.0, 0.0])))
    >>> them = Preferences(np.array([0.8, 0.2]), (np.array([0.0, 1.0]), np.array([1.0, 0.0])))
    >>> [m.description for m in mesos(Scenario("s", space, us, them), 0.5, k=2)]
    ['a=y, b=p', 'a=x, b=q']
    """
    if k < 1:
        raise ValidationError("k must be at least 1", field="k")
    if not -1e-9 <= target <= 1.0 + 1e-9:
        raise ValidationError("target utility must lie in [0, 1]", field="target")
    space = scenario.space
    split = SplitSpace.of(scenario)
    band = _band(split, target, tolerance, k, explicit)
    if band is None:
        band = _nearest(split, target, max(k * 10, 10), explicit)
    digits = np.unravel_index(band, space.shape)
    u1 = space.utilities_at(scenario.ours, digits)
    u2 = space.utilities_at(scenario.theirs, digits)
    acceptable = u2 >= scenario.theirs.reservation
    if np.count_nonzero(acceptable) >= k:  # a package below their BATNA is no real option
        band, u1, u2 = band[acceptable], u1[acceptable], u2[acceptable]
    # among packages identical for them keep the best for us
    by_ours = np.argsort(-u1, kind="stable")
    ranked = by_ours[np.argsort(-u2[by_ours], kind="stable")]  # = lexsort((-u1, -u2))
    first = _first_of_each(np.round(u2[ranked], 9))
    ranked = ranked[_spread_evenly(u2[ranked[first]], first)]
    chosen = _farthest(space.levels_of(band[ranked]), u2[ranked], k)
    return tuple(
        Meso(int(band[ranked[c]]), float(u1[ranked[c]]), float(u2[ranked[c]]),
             space.describe(int(band[ranked[c]])))
        for c in chosen
    )  # fmt: skip


def _runs(
    split: SplitSpace, target: float, tolerance: float
) -> tuple[IntArray, IntArray, FloatArray, IntArray]:
    """Per suffix with packages in the band ``|our utility − target| <= tolerance``:
    the run of sorted prefix positions ``[start, stop)`` in it, the partial sum of
    theirs that makes a package acceptable to them, and the suffix."""
    r2 = split.scenario.theirs.reservation
    starts, stops, thresholds, suffixes = [], [], [], []
    for blk in split.suffix_blocks():
        starts.append(split.first_ours(blk, lambda u: u - target >= -tolerance))
        stops.append(split.first_ours(blk, lambda u: u - target > tolerance))
        thresholds.append(split.their_threshold(blk, r2))
        suffixes.append(blk.suffixes)
    start, stop = np.concatenate(starts), np.concatenate(stops)
    some = stop > start
    threshold, suffix = np.concatenate(thresholds)[some], np.concatenate(suffixes)[some]
    return start[some], stop[some], threshold, suffix


def _band(
    split: SplitSpace, target: float, tolerance: float, k: int, explicit: int
) -> IntArray | None:
    """Packages with ``|our utility − target| <= tolerance`` (None when there are none):
    all of them, or only those acceptable to them when at least ``k`` are, listed whole
    up to ``explicit`` packages, sampled beyond."""
    start, stop, threshold, suffix = _runs(split, target, tolerance)
    size = int((stop - start).sum())
    if size == 0:
        return None
    fits = split.count_from(start, threshold) - split.count_from(stop, threshold)
    if int(fits.sum()) >= k:
        size = int(fits.sum())
        live = fits > 0
        start, stop, threshold, suffix = start[live], stop[live], threshold[live], suffix[live]
    else:
        threshold = np.full(start.shape[0], -np.inf)
    if size <= explicit:
        pos, suf = split.listing(start, stop, threshold, suffix)
        return np.sort(split.packages(pos, suf))
    best, worst = split.extremes(start, stop)
    per_row = max(1, _SAMPLES // start.shape[0])
    steps = (np.arange(per_row) + 0.5) / per_row
    spaced = start[:, None] + ((stop - start)[:, None] * steps[None, :]).astype(np.int64)
    pos = np.concatenate([best, worst, spaced.ravel()])
    suf = np.concatenate([suffix, suffix, np.repeat(suffix, per_row)])
    return _distinct(split.packages(pos, suf))


def _nearest(split: SplitSpace, target: float, m: int, explicit: int) -> IntArray:
    """The ``m`` packages nearest the target for us, ties to the lower index.

    Every package at most the ``m``-th smallest distance away is listed; only when
    exact ties make that more than ``explicit`` packages is the space streamed.
    """
    reach = split.kth_distance(target, m)
    start, stop, _, suffix = _runs(split, target, reach)
    if int((stop - start).sum()) > max(explicit, m):
        return _streamed_nearest(split.scenario, target, m)
    pos, suf = split.listing(start, stop, np.full(start.shape[0], -np.inf), suffix)
    idx = np.sort(split.packages(pos, suf))
    d = np.abs(split.scenario.space.utilities_of(split.scenario.ours, idx) - target)
    out: IntArray = idx[np.argsort(d, kind="stable")[:m]]
    return out


def _streamed_nearest(scenario: Scenario, target: float, m: int) -> IntArray:
    """:func:`_nearest` by evaluating every package, a block at a time."""
    space = scenario.space
    best = np.zeros(0, dtype=np.int64)
    dist = np.zeros(0)
    for idx in space.chunks(_STREAM):
        d = np.abs(space.utilities_of(scenario.ours, idx) - target)
        if d.shape[0] > m:
            keep = np.flatnonzero(d <= np.partition(d, m - 1)[m - 1])
            idx, d = idx[keep], d[keep]
        cand, cd = np.concatenate([best, idx]), np.concatenate([dist, d])
        order = np.argsort(cd, kind="stable")[:m]
        best, dist = cand[order], cd[order]
    return best


def _distinct(indices: IntArray) -> IntArray:
    """Sorted distinct values (``np.unique`` without its hashing pass, slow here)."""
    s = np.sort(indices)
    out: IntArray = s[np.concatenate([[True], s[1:] != s[:-1]])]
    return out


def _first_of_each(values: FloatArray) -> IntArray:
    """Position of the first occurrence of each distinct value, in order of position."""
    order = np.argsort(values, kind="stable")
    v = values[order]
    out: IntArray = np.sort(order[np.concatenate([[True], v[1:] != v[:-1]])])
    return out


def _spread_evenly(theirs: FloatArray, positions: IntArray) -> IntArray:
    """At most :data:`POOL` of ``positions`` (utilities ``theirs``, descending): all of
    them when few enough, else the highest and lowest in each of ``POOL / 2`` equal
    slices of the range, so the pool spans their best to their worst."""
    if positions.shape[0] <= POOL:
        return positions
    top, bottom = float(theirs[0]), float(theirs[-1])
    slices = POOL // 2
    slice_of = np.minimum(((top - theirs) / (top - bottom) * slices).astype(np.int64), slices - 1)
    change = np.flatnonzero(np.diff(slice_of)) + 1
    highest = np.concatenate([[0], change])
    lowest = np.concatenate([change - 1, [theirs.shape[0] - 1]])
    out: IntArray = positions[np.union1d(highest, lowest)]
    return out


def _farthest(levels: IntArray, theirs: FloatArray, k: int) -> list[int]:
    """Greedy: the first (best for them), then each time the farthest from those chosen
    in their utility, plus 0.01 per term level that differs."""
    chosen = [0]
    while len(chosen) < min(k, theirs.shape[0]):
        d_util = np.min(np.abs(theirs[:, None] - theirs[chosen][None, :]), axis=1)
        d_lv = np.min((levels[:, None, :] != levels[chosen][None, :, :]).sum(axis=2), axis=1)
        score = d_util + 0.01 * d_lv
        score[chosen] = -1.0
        nxt = int(np.argmax(score))
        if score[nxt] <= 0:
            break
        chosen.append(nxt)
    return chosen
