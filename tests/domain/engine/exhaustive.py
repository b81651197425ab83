"""The exhaustive ZOPA and MESOs: every package enumerated. A test oracle only.

These are the engine's former implementations, kept verbatim in substance so that the
split-space versions (which never enumerate) can be compared with them on spaces small
enough to enumerate. ``pool`` is the former fixed cap of 2,000 distinct utilities.
"""

from __future__ import annotations

import numpy as np

from accord.domain.engine.meso import Meso
from accord.domain.engine.scenario import Scenario


def exhaustive_zopa_count(scenario: Scenario) -> tuple[int, float]:
    """Packages acceptable to both sides, and the best shortfall when there are none."""
    u1, u2 = scenario.our_utilities, scenario.their_utilities
    r1, r2 = scenario.ours.reservation, scenario.theirs.reservation
    ok = (u1 >= r1) & (u2 >= r2)
    count = int(np.count_nonzero(ok))
    shortfall = 0.0
    if count == 0:
        shortfall = float(np.maximum(r1 - u1, r2 - u2).min())
    return count, shortfall


def exhaustive_mesos(
    scenario: Scenario, target: float, *, k: int = 3, tolerance: float = 0.03, pool: int = 2000
) -> tuple[Meso, ...]:
    """The former ``mesos``: band by enumeration, top ``pool`` utilities for them, greedy."""
    u1, u2 = scenario.our_utilities, scenario.their_utilities
    band = np.flatnonzero(np.abs(u1 - target) <= tolerance)
    if band.size == 0:
        band = np.argsort(np.abs(u1 - target), kind="stable")[: max(k * 10, 10)]
    acceptable = band[u2[band] >= scenario.theirs.reservation]
    if acceptable.size >= k:
        band = acceptable
    ranked = band[np.lexsort((-u1[band], -u2[band]))]
    _, first = np.unique(np.round(u2[ranked], 9), return_index=True)
    ranked = ranked[np.sort(first)][:pool]
    space = scenario.space
    lv = space.levels_of(ranked)
    chosen = [0]
    while len(chosen) < min(k, ranked.size):
        d_util = np.min(np.abs(u2[ranked][:, None] - u2[ranked[chosen]][None, :]), axis=1)
        d_lv = np.min((lv[:, None, :] != lv[chosen][None, :, :]).sum(axis=2), axis=1)
        score = d_util + 0.01 * d_lv
        score[chosen] = -1.0
        nxt = int(np.argmax(score))
        if score[nxt] <= 0:
            break
        chosen.append(nxt)
    out = [int(ranked[c]) for c in chosen]
    return tuple(Meso(i, float(u1[i]), float(u2[i]), space.describe(i)) for i in out)
