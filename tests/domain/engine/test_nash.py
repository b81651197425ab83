"""The Nash point is the standard one: gains over both reservation values (issue 9 §6).

Checked against an independent brute force over every package of random Genius-like
domains (random weights and evaluations, reservation values anywhere in [0, 1), often
below a side's worst package, where a clipped disagreement point would differ) and
over the ANAC domains in the shared fixtures.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from accord.adapters.scenarios import load_scenario
from accord.domain.engine.analysis import analyze
from accord.domain.engine.scenario import Scenario
from tests.support.engine_factories import random_scenario


def _brute_force_nash(sc: Scenario) -> float | None:
    """The largest Nash product over every package at or above both reservation values."""
    u1, u2 = sc.our_utilities, sc.their_utilities
    r1, r2 = sc.ours.reservation, sc.theirs.reservation
    ok = (u1 >= r1) & (u2 >= r2)
    if not ok.any():
        return None
    return float(np.max((u1[ok] - r1) * (u2[ok] - r2)))


def _check(sc: Scenario) -> None:
    an = analyze(sc)
    assert an.disagreement == (sc.ours.reservation, sc.theirs.reservation)
    best = _brute_force_nash(sc)
    if best is None:
        assert an.nash is None
        return
    assert an.nash is not None
    r1, r2 = an.disagreement
    assert abs((an.nash.ours - r1) * (an.nash.theirs - r2) - best) <= 1e-12


def test_nash_maximises_gains_over_the_reservation_values_on_random_domains() -> None:
    rng = np.random.default_rng(9)
    for seed in range(300):
        shape = tuple(int(x) for x in rng.integers(2, 7, size=int(rng.integers(2, 5))))
        reservations = (float(rng.random() * 0.6), float(rng.random() * 0.6))
        _check(random_scenario(shape, seed, reservations=reservations))


@pytest.mark.parametrize(
    "domain", ["y2011/Laptop", "y2013/Icecream", "y2013/Lunch", "y2012/CameraB"]
)
def test_nash_matches_brute_force_on_anac_domains(shared_fixtures: Path, domain: str) -> None:
    _check(load_scenario(shared_fixtures / "anac" / domain))


def test_a_reservation_below_the_worst_package_still_counts_in_the_product() -> None:
    # The clipped disagreement point max(r, worst) picks another package here.
    differs = 0
    for seed in range(200):
        sc = random_scenario((4, 3, 5), seed, reservations=(0.0, 0.0))
        an = analyze(sc)
        assert an.nash is not None
        low1, low2 = float(sc.our_utilities.min()), float(sc.their_utilities.min())
        fr = an.frontier
        clipped = int(fr.indices[int(np.argmax((fr.ours - low1) * (fr.theirs - low2)))])
        differs += clipped != an.nash.index
    assert differs > 0
