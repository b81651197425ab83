from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain.engine.analysis import analyze, disagreement_point
from accord.domain.engine.bargaining import nash_point
from accord.domain.engine.pareto import distance_to_frontier, pareto_frontier, pareto_indices
from tests.support.engine_factories import random_scenario


def brute_force_frontier(u1: np.ndarray, u2: np.ndarray) -> set[tuple[float, float]]:
    points = set(zip(u1.tolist(), u2.tolist(), strict=True))
    return {p for p in points if not any(q[0] >= p[0] and q[1] >= p[1] and q != p for q in points)}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=6), min_size=1, max_size=4),
    st.integers(min_value=0, max_value=10_000),
)
def test_pareto_frontier_matches_brute_force_on_random_domains(shape: list[int], seed: int) -> None:
    sc = random_scenario(tuple(shape), seed)
    fr = pareto_frontier(sc)
    got = set(zip(fr.ours.tolist(), fr.theirs.tolist(), strict=True))
    assert got == brute_force_frontier(sc.our_utilities, sc.their_utilities)
    assert len(fr) == len(got)  # one outcome per frontier point


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=3))
def test_prefiltered_frontier_equals_plain_sort_on_large_inputs(seed: int, quant: int) -> None:
    rng = np.random.default_rng(seed)
    n = 50_000
    u1 = rng.random(n)
    u2 = 1.0 - u1 + 0.2 * rng.random(n)
    if quant:  # many exact ties
        u1, u2 = np.round(u1, quant), np.round(u2, quant)
    fast = pareto_indices(u1, u2)
    order = np.lexsort((-u2, -u1))
    s2 = u2[order]
    best = np.maximum.accumulate(np.concatenate([[-np.inf], s2[:-1]]))
    assert np.array_equal(fast, order[s2 > best])


def test_frontier_is_the_same_when_built_term_by_term_in_small_blocks() -> None:
    sc = random_scenario((7, 6, 5, 4), seed=3)
    whole = pareto_frontier(sc)
    blocks = pareto_frontier(sc, chunk=97)
    assert np.array_equal(whole.indices, blocks.indices)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_nash_point_lies_on_the_frontier_and_maximises_the_nash_product(seed: int) -> None:
    sc = random_scenario((4, 3, 5), seed, reservations=(0.2, 0.3))
    an = analyze(sc)
    r1, r2 = disagreement_point(sc)
    u1, u2 = sc.our_utilities, sc.their_utilities
    ok = (u1 >= r1) & (u2 >= r2)
    if not ok.any():
        assert an.nash is None
        return
    assert an.nash is not None
    assert distance_to_frontier(an.frontier, an.nash.ours, an.nash.theirs) == 0.0
    best = float(np.max(np.where(ok, (u1 - r1) * (u2 - r2), -np.inf)))
    assert np.isclose((an.nash.ours - r1) * (an.nash.theirs - r2), best)


def test_nash_point_is_none_without_a_zone_of_agreement() -> None:
    sc = random_scenario((3, 3), seed=1)
    fr = pareto_frontier(sc)
    assert nash_point(fr, 1.5, 1.5) is None


def test_distance_to_frontier_is_positive_for_a_dominated_offer() -> None:
    sc = random_scenario((5, 5, 5), seed=11)
    fr = pareto_frontier(sc)
    worst = int(np.argmin(sc.our_utilities + sc.their_utilities))
    d = distance_to_frontier(fr, float(sc.our_utilities[worst]), float(sc.their_utilities[worst]))
    assert d > 0.0


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=7), min_size=1, max_size=5),
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=1, max_value=64),
)
def test_term_by_term_frontier_equals_the_enumerated_one(
    shape: list[int], seed: int, chunk: int
) -> None:
    from accord.domain.engine.pareto import additive_frontier

    sc = random_scenario(tuple(shape), seed)
    full = pareto_frontier(sc)
    parts = additive_frontier(sc, chunk=chunk)
    points = set(zip(parts.ours.tolist(), parts.theirs.tolist(), strict=True))
    assert points == set(zip(full.ours.tolist(), full.theirs.tolist(), strict=True))
    assert np.array_equal(sc.our_utilities[parts.indices], parts.ours)


def test_frontier_of_a_billion_packages_is_found_without_enumerating_them() -> None:
    sc = random_scenario((10,) * 9, seed=5)
    fr = pareto_frontier(sc)
    assert 0 < len(fr) < 10_000
    assert np.all(np.diff(fr.ours) < 0) and np.all(np.diff(fr.theirs) > 0)
