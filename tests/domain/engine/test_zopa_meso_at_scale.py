"""ZOPA and MESOs on the split space, against the exhaustive versions in exhaustive.py."""

from __future__ import annotations

import itertools
import tracemalloc

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain.engine.analysis import analyze, disagreement_point
from accord.domain.engine.meso import Meso, mesos
from accord.domain.engine.preferences import Preferences
from accord.domain.engine.scenario import Scenario
from accord.domain.engine.split_space import SplitSpace
from accord.domain.engine.zopa import zopa
from tests.domain.engine.exhaustive import exhaustive_mesos, exhaustive_zopa_count
from tests.support.engine_factories import random_scenario

shapes = st.lists(st.integers(min_value=1, max_value=7), min_size=1, max_size=5)


def coarse(prefs: Preferences, reservation: float) -> Preferences:
    """Values on a grid of quarters: many packages share a utility exactly."""
    return Preferences(prefs.weights, tuple(np.round(v * 4) / 4 for v in prefs.values), reservation)


def scenario_with_ties(shape: tuple[int, ...], seed: int, pick: tuple[float, float]) -> Scenario:
    """A scenario whose reservation values are utilities some packages have exactly."""
    base = random_scenario(shape, seed)
    ours, theirs = coarse(base.ours, 0.0), coarse(base.theirs, 0.0)
    plain = Scenario(base.name, base.space, ours, theirs)
    r1 = float(np.quantile(plain.our_utilities, pick[0], method="lower"))
    r2 = float(np.quantile(plain.their_utilities, pick[1], method="lower"))
    return Scenario(base.name, base.space, ours.with_reservation(r1), theirs.with_reservation(r2))


def spread_for_them(chosen: tuple[Meso, ...]) -> float:
    """The smallest difference for them between two chosen packages."""
    theirs = sorted(m.theirs for m in chosen)
    return min((b - a for a, b in itertools.pairwise(theirs)), default=0.0)


@settings(max_examples=80, deadline=None)
@given(
    shapes,
    st.integers(min_value=0, max_value=10_000),
    st.tuples(st.floats(0, 1), st.floats(0, 1)),
    st.booleans(),
)
def test_zopa_counts_the_same_packages_and_closest_miss_as_enumerating_them(
    shape: list[int], seed: int, pick: tuple[float, float], ties: bool
) -> None:
    if ties:
        sc = scenario_with_ties(tuple(shape), seed, pick)
    else:
        sc = random_scenario(tuple(shape), seed, reservations=(pick[0], pick[1]))
    count, shortfall = exhaustive_zopa_count(sc)
    z = zopa(sc)
    assert (z.exists, z.acceptable_outcomes, z.best_shortfall) == (count > 0, count, shortfall)
    assert z.total_outcomes == sc.space.cardinality


@settings(max_examples=40, deadline=None)
@given(shapes, st.integers(min_value=0, max_value=10_000), st.floats(0, 1), st.floats(0, 1))
def test_split_space_counts_exactly_at_thresholds_that_packages_reach_exactly(
    shape: list[int], seed: int, a: float, b: float
) -> None:
    sc = scenario_with_ties(tuple(shape), seed, (a, b))
    r1, r2 = sc.ours.reservation, sc.theirs.reservation
    expected = int(np.count_nonzero((sc.our_utilities >= r1) & (sc.their_utilities >= r2)))
    assert SplitSpace.of(sc).count_acceptable(r1, r2) == expected


@settings(max_examples=80, deadline=None)
@given(
    shapes,
    st.integers(min_value=0, max_value=10_000),
    st.floats(0, 1),
    st.integers(min_value=1, max_value=6),
    st.sampled_from([0.0, 0.001, 0.03, 0.1]),
    st.booleans(),
)
def test_mesos_are_the_same_as_choosing_among_every_package(
    shape: list[int], seed: int, target: float, k: int, tolerance: float, ties: bool
) -> None:
    if ties:
        sc = scenario_with_ties(tuple(shape), seed, (0.3, 0.4))
    else:
        sc = random_scenario(tuple(shape), seed, reservations=(0.2, 0.4))
    expected = exhaustive_mesos(sc, target, k=k, tolerance=tolerance)
    assert mesos(sc, target, k=k, tolerance=tolerance) == expected


@settings(max_examples=25, deadline=None)
@given(shapes, st.integers(min_value=0, max_value=10_000))
def test_utility_bounds_are_the_lowest_and_highest_utility_of_any_package(
    shape: list[int], seed: int
) -> None:
    sc = scenario_with_ties(tuple(shape), seed, (0.5, 0.5))
    for prefs, every in ((sc.ours, sc.our_utilities), (sc.theirs, sc.their_utilities)):
        assert sc.space.utility_bounds(prefs) == (float(every.min()), float(every.max()))


def test_mesos_from_a_sampled_band_start_with_their_best_and_spread_no_less() -> None:
    for seed in range(6):
        sc = random_scenario((7, 7, 7, 7, 6), seed, reservations=(0.2, 0.3))
        target = 0.4 + 0.05 * seed
        old = exhaustive_mesos(sc, target, k=4)
        sampled = mesos(sc, target, k=4, explicit=500)
        assert sampled[0].theirs == old[0].theirs
        assert all(abs(m.ours - target) <= 0.03 for m in sampled)
        assert all(m.theirs >= sc.theirs.reservation for m in sampled)
        assert spread_for_them(sampled) >= spread_for_them(old)


def test_mesos_spread_across_the_whole_band_when_it_holds_more_than_the_pool() -> None:
    for seed in range(4):
        sc = random_scenario((8, 8, 8, 8, 8, 4), seed, reservations=(0.2, 0.2))
        old = exhaustive_mesos(sc, 0.6, k=3)
        new = mesos(sc, 0.6, k=3)
        assert new[0] == old[0]  # the band's best package for them, as before
        assert spread_for_them(new) >= 2 * spread_for_them(old)


def test_degenerate_spaces_with_few_distinct_utilities_lose_no_option_when_sampled() -> None:
    base = random_scenario((2,) * 16, seed=5)
    flat = np.full(16, 1 / 16)
    ours = Preferences(flat, tuple(np.round(v) for v in base.ours.values), 0.2)
    theirs = Preferences(flat, tuple(np.round(v) for v in base.theirs.values), 0.3)
    sc = Scenario("binary", base.space, ours, theirs)
    old = exhaustive_mesos(sc, 0.5, k=5)
    sampled = mesos(sc, 0.5, k=5, explicit=1000)
    assert [m.theirs for m in sampled] == [m.theirs for m in old]


def test_a_hundred_million_packages_are_analysed_without_enumerating_them() -> None:
    sc = random_scenario((10,) * 8, seed=8, reservations=(0.45, 0.45))
    tracemalloc.start()
    try:
        an = analyze(sc, meso_count=4)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert sc.space.cardinality == 100_000_000
    assert "our_utilities" not in vars(sc) and "their_utilities" not in vars(sc)
    assert peak < 150e6
    assert an.zopa.exists and 0 < an.zopa.acceptable_outcomes < sc.space.cardinality
    assert an.nash is not None and len(an.mesos) == 4
    assert all(abs(m.ours - an.nash.ours) <= 0.03 for m in an.mesos)
    assert disagreement_point(sc) == (0.45, 0.45)


def test_without_a_zopa_on_a_huge_space_the_closest_miss_comes_from_the_frontier() -> None:
    sc = random_scenario((10,) * 8, seed=9, reservations=(0.95, 0.95))
    z = zopa(sc)
    assert not z.exists and z.acceptable_outcomes == 0
    assert 0 < z.best_shortfall < 0.95
    assert z.blocking_terms


def gapped_scenario(seed: int, *, ties: bool) -> Scenario:
    """One heavy two-level term for us: no package lies near the middle of our scale."""
    base = random_scenario((10,) * 5, seed)
    weights = np.array([0.9] + [0.025] * 4)
    rest = tuple(np.round(v) if ties else v for v in base.ours.values[1:])
    ours = Preferences(weights, ((np.arange(10) >= 5).astype(float), *rest), 0.0)
    return Scenario("gapped", base.space, ours, base.theirs.with_reservation(0.3))


def test_with_nothing_in_the_band_the_nearest_packages_are_the_same_as_enumerating() -> None:
    for seed in range(4):
        for ties in (False, True):
            sc = gapped_scenario(seed, ties=ties)
            for k in (1, 3, 8):
                expected = exhaustive_mesos(sc, 0.5, k=k)
                assert mesos(sc, 0.5, k=k) == expected
                assert mesos(sc, 0.5, k=k, explicit=20) == expected  # streamed when tied
