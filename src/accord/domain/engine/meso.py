"""MESOs — multiple equivalent simultaneous offers.

Presenting several packages at once that are worth (nearly) the same to us but differ
for the counterparty shows flexibility and makes them reveal what they value: the one
they pick tells us their priorities. :func:`mesos` picks ``k`` packages within
``tolerance`` of a target utility for us that are spread as far apart as possible in
the counterparty's (declared or estimated) utility, preferring packages on or near the
Pareto frontier.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.domain.engine.scenario import Scenario
from accord.errors import ValidationError

__all__ = ["Meso", "mesos"]


@dataclass(frozen=True, slots=True)
class Meso:
    """One package of a MESO set."""

    index: int
    ours: float
    theirs: float
    description: str


def mesos(
    scenario: Scenario, target: float, *, k: int = 3, tolerance: float = 0.03
) -> tuple[Meso, ...]:
    """Up to ``k`` packages of utility ``target ± tolerance`` for us, most varied for them.

    Packages below their reservation value are left out when enough others remain.
    Among packages equivalent for us, the set is chosen greedily: first the best one
    for them, then each time the package whose utility for them, and whose levels, are
    farthest from those already chosen.
    """
    if k < 1:
        raise ValidationError("k must be at least 1", field="k")
    if not -1e-9 <= target <= 1.0 + 1e-9:
        raise ValidationError("target utility must lie in [0, 1]", field="target")
    u1, u2 = scenario.our_utilities, scenario.their_utilities
    band = np.flatnonzero(np.abs(u1 - target) <= tolerance)
    if band.size == 0:  # nothing in the band: take the packages nearest the target
        band = np.argsort(np.abs(u1 - target), kind="stable")[: max(k * 10, 10)]
    acceptable = band[u2[band] >= scenario.theirs.reservation]
    if acceptable.size >= k:  # a package below their BATNA is no real option for them
        band = acceptable
    # among packages identical for them keep the best for us, then limit the pool
    pool = band[np.lexsort((-u1[band], -u2[band]))]
    _, first = np.unique(np.round(u2[pool], 9), return_index=True)
    pool = pool[np.sort(first)][:2000]
    space = scenario.space
    lv = space.levels_of(pool)
    chosen = [0]
    while len(chosen) < min(k, pool.size):
        d_util = np.min(np.abs(u2[pool][:, None] - u2[pool[chosen]][None, :]), axis=1)
        d_lv = np.min((lv[:, None, :] != lv[chosen][None, :, :]).sum(axis=2), axis=1)
        score = d_util + 0.01 * d_lv
        score[chosen] = -1.0
        nxt = int(np.argmax(score))
        if score[nxt] <= 0:
            break
        chosen.append(nxt)
    out = [int(pool[c]) for c in chosen]
    return tuple(Meso(i, float(u1[i]), float(u2[i]), space.describe(i)) for i in out)
