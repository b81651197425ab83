"""Scenario factories shared by the engine tests."""

from __future__ import annotations

import numpy as np

from accord.domain.engine.preferences import Preferences
from accord.domain.engine.scenario import Scenario
from accord.domain.engine.space import OutcomeSpace
from accord.domain.engine.terms import categorical_term


def random_scenario(
    shape: tuple[int, ...], seed: int, *, reservations: tuple[float, float] = (0.0, 0.0)
) -> Scenario:
    """A random linear-additive scenario with categorical terms of the given sizes."""
    rng = np.random.default_rng(seed)
    terms = tuple(
        categorical_term(f"t{k}", [f"v{j}" for j in range(n)]) for k, n in enumerate(shape)
    )

    def prefs(r: float) -> Preferences:
        w = rng.random(len(shape)) + 0.01
        vals = tuple(rng.random(n) for n in shape)
        return Preferences(w / w.sum(), tuple(v / v.max() for v in vals), r)

    return Scenario(
        f"random-{seed}",
        OutcomeSpace(terms),
        prefs(reservations[0]),
        prefs(reservations[1]),
        deadline_rounds=40,
    )


def opposed_scenario(shape: tuple[int, ...], seed: int) -> Scenario:
    """A random scenario where they value every level as the mirror of us (weights differ)."""
    base = random_scenario(shape, seed)
    theirs = Preferences(base.theirs.weights, tuple(1.0 - v for v in base.ours.values), 0.0)
    return Scenario(base.name, base.space, base.ours, theirs, deadline_rounds=40)
