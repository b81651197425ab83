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


@dataclass(frozen=True, slots=True, eq=False)
class ScenarioAnalysis:
    """ZOPA, frontier, bargaining points and MESOs of one scenario."""

    scenario: Scenario
    frontier: Frontier
    zopa: Zopa
    nash: BargainingPoint | None
    kalai_smorodinsky: BargainingPoint | None
    max_welfare: BargainingPoint | None
    mesos: tuple[Meso, ...]


def disagreement_point(scenario: Scenario) -> tuple[float, float]:
    """Each side's reservation value, or its lowest utility when that is higher.

    Gains in the Nash product are measured from here; a reservation value below
    the worst outcome changes nothing about what a side can get.
    """
    space = scenario.space
    r1 = max(scenario.ours.reservation, space.utility_bounds(scenario.ours)[0])
    r2 = max(scenario.theirs.reservation, space.utility_bounds(scenario.theirs)[0])
    return r1, r2


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
    target = nash.ours if nash is not None else scenario.space.utility_bounds(scenario.ours)[1]
    packages = mesos(scenario, target, k=meso_count)
    zone = zopa(scenario, frontier=frontier)
    return ScenarioAnalysis(scenario, frontier, zone, nash, ks, welfare, packages)


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
