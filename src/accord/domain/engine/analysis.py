"""Everything the engine can say about a scenario, in one call.

>>> # analysis = analyze(scenario)
>>> # analysis.nash.ours, analysis.zopa.exists, analysis.mesos[0].description
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.domain.engine.bargaining import (
    BargainingPoint,
    kalai_smorodinsky_point,
    max_welfare_point,
    nash_point,
)
from accord.domain.engine.limits import Limits, limits_of
from accord.domain.engine.meso import Meso, mesos
from accord.domain.engine.pareto import Frontier, distance_to_frontier, pareto_frontier
from accord.domain.engine.scenario import Scenario
from accord.domain.engine.zopa import Zopa, zopa

__all__ = ["OfferPosition", "ScenarioAnalysis", "analyze", "disagreement_point", "position_of"]


@dataclass(frozen=True, slots=True)
class OfferPosition:
    """Where one package lies: both utilities and its distance to the frontier."""

    index: int
    description: str
    ours: float
    theirs: float
    distance_to_frontier: float
    distance_to_nash: float | None
    snapped_to: str | None = None
    """When ``description`` is an offer as made: the grid package the engine analysed it
    as, if that differs (``None`` when the offer lies on the grid)."""


@dataclass(frozen=True, slots=True, eq=False)
class ScenarioAnalysis:
    """ZOPA, frontier, bargaining points and MESOs of one scenario.

    ``nash``, ``kalai_smorodinsky`` and ``max_welfare`` are *reference points* over every
    package; they may cross one of our walk-aways (see ``limits.crossings``). What the
    engine advises lies within our limits: ``within_frontier`` and ``within_nash`` (the
    fair split among the packages within our limits), the ``mesos`` and the ZOPA count.
    """

    scenario: Scenario
    frontier: Frontier
    zopa: Zopa
    nash: BargainingPoint | None
    kalai_smorodinsky: BargainingPoint | None
    max_welfare: BargainingPoint | None
    mesos: tuple[Meso, ...]
    limits: Limits
    within_frontier: Frontier
    """The Pareto frontier of the packages within our limits (full-space indices)."""
    within_nash: BargainingPoint | None
    disagreement: tuple[float, float]
    """The disagreement point the Nash and Kalai–Smorodinsky points measure gains from."""


def disagreement_point(scenario: Scenario) -> tuple[float, float]:
    """Both sides' reservation values: the standard Nash disagreement point.

    Gains in the Nash product are measured over the reservation values (the utility of
    each side's BATNA), as in Nash (1950) and Genius, even when a reservation value lies
    below a side's worst package.
    """
    return scenario.ours.reservation, scenario.theirs.reservation


def analyze(scenario: Scenario, *, meso_count: int = 3) -> ScenarioAnalysis:
    """Frontier, ZOPA, Nash / Kalai–Smorodinsky / max-welfare points and MESOs.

    Nothing here enumerates the outcome space beyond the frontier's own limit, so a
    space of 10⁸ packages is analysed in well under a second.
    """
    frontier = pareto_frontier(scenario)
    r1, r2 = disagreement_point(scenario)
    nash = nash_point(frontier, r1, r2)
    ks = kalai_smorodinsky_point(frontier, r1, r2)
    welfare = max_welfare_point(frontier, r1, r2)
    limits = limits_of(scenario)
    if limits.declared:
        inner = limits.inner
        inner_frontier = pareto_frontier(inner)
        within = Frontier(
            limits.to_full(inner_frontier.indices), inner_frontier.ours, inner_frontier.theirs
        )
        within_nash = nash_point(within, r1, r2)
        target = within_nash.ours if within_nash is not None else float(within.ours.max())
        inner_mesos = mesos(inner, target, k=meso_count)
        full = limits.to_full(np.array([m.index for m in inner_mesos], dtype=np.int64))
        packages = tuple(
            Meso(int(i), m.ours, m.theirs, scenario.space.describe(int(i)))
            for i, m in zip(full, inner_mesos, strict=True)
        )
        zone = _within_zopa(zopa(scenario, frontier=frontier), zopa(inner, frontier=inner_frontier))
    else:
        within, within_nash = frontier, nash
        target = nash.ours if nash is not None else scenario.space.utility_bounds(scenario.ours)[1]
        packages = mesos(scenario, target, k=meso_count)
        zone = zopa(scenario, frontier=frontier)
    return ScenarioAnalysis(
        scenario, frontier, zone, nash, ks, welfare, packages, limits, within, within_nash,
        (r1, r2),
    )  # fmt: skip


def _within_zopa(full: Zopa, inner: Zopa) -> Zopa:
    """The ZOPA among the packages within our limits, with the per-term zones of the
    full space (those already compare both sides' walk-aways)."""
    # a term where their stated walk-away and ours do not overlap leaves no package
    # within both sides' limits, whatever the utilities say
    declared = tuple(t.term for t in full.terms if t.exists is False)
    exists = inner.exists and not declared
    blocking = () if exists else (declared or inner.blocking_terms)
    return Zopa(
        exists,
        inner.acceptable_outcomes if exists else 0,
        full.total_outcomes,
        inner.best_shortfall,
        full.terms,
        blocking,
    )


def position_of(analysis: ScenarioAnalysis, index: int) -> OfferPosition:
    """Utilities of a package and its distances to the frontier and the Nash point."""
    sc = analysis.scenario
    at = np.array([index], dtype=np.int64)
    u1 = float(sc.space.utilities_of(sc.ours, at)[0])
    u2 = float(sc.space.utilities_of(sc.theirs, at)[0])
    d_nash = analysis.nash.distance(u1, u2) if analysis.nash is not None else None
    return OfferPosition(
        index,
        sc.space.describe(index),
        u1,
        u2,
        distance_to_frontier(analysis.frontier, u1, u2),
        d_nash,
    )
