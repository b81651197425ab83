"""Our per-term walk-aways as hard limits on every package the engine advises.

A user reads a walk-away as a line per term ("never more than 575 USD a day", "never
fewer than 24 visits"), not as one point on a utility scale. So a level is *within our
limit* on a term when we value it at least as much as our walk-away level there (for a
lower-is-better term: at or below the walk-away; higher-is-better: at or above it), and
a package is within our limits when every term is. Terms without a walk-away are not
limited.

The packages within our limits form a smaller scenario of the same kind (each term keeps
only its allowed levels; utilities are unchanged), so the frontier, the Nash point and
the MESOs within our limits are found by the same exact algorithms, on spaces of any size,
and mapped back to the full space's indices.

>>> from accord.domain.engine.preferences import Preferences
>>> from accord.domain.engine.space import OutcomeSpace
>>> from accord.domain.engine.terms import numeric_term
>>> space = OutcomeSpace((numeric_term("visits", 20, 30, resolution=2),))
>>> us = Preferences(np.ones(1), (np.linspace(0, 1, 6),), walk_away={"visits": 2})
>>> them = Preferences(np.ones(1), (np.linspace(1, 0, 6),))
>>> limits = limits_of(Scenario("s", space, us, them))
>>> [c.text for c in limits.crossings(0)]
['visits 20 (your walk-away 24)']
>>> limits.inner.space.terms[0].levels
(24.0, 26.0, 28.0, 30.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from accord.domain.engine.preferences import Preferences
from accord.domain.engine.scenario import Scenario
from accord.domain.engine.space import IntArray, OutcomeSpace
from accord.domain.engine.terms import DiscreteTerm

__all__ = ["Crossing", "Limits", "limits_of"]

BoolArray = np.ndarray[tuple[int], np.dtype[np.bool_]]
_EPS = 1e-12


@dataclass(frozen=True, slots=True)
class Crossing:
    """One term of a package beyond our walk-away."""

    term: str
    value: str
    limit: str
    title: str = ""
    """What people read for the term (its label); empty: the name."""

    @property
    def text(self) -> str:
        """``Visit cap (visits) 20 (your walk-away 24)``."""
        return f"{self.title or self.term} {self.value} (your walk-away {self.limit})"


@dataclass(frozen=True, eq=False)
class Limits:
    """Which levels of each term lie within our walk-away, and the scenario they leave."""

    scenario: Scenario
    keep: tuple[IntArray, ...]
    """Per term, the full space's level indices within our limit (ascending)."""

    @property
    def declared(self) -> bool:
        """True when at least one of our walk-aways limits a term."""
        return any(
            k.shape[0] < t.size for k, t in zip(self.keep, self.scenario.space.terms, strict=True)
        )

    @cached_property
    def inner(self) -> Scenario:
        """The scenario of the packages within our limits (same utilities)."""
        sc = self.scenario
        terms = tuple(
            DiscreteTerm(t.name, tuple(t.levels[int(i)] for i in k), t.kind, t.unit, t.title)  # type: ignore[arg-type]
            for t, k in zip(sc.space.terms, self.keep, strict=True)
        )
        return Scenario(
            sc.name,
            OutcomeSpace(terms),
            self._restrict(sc.ours),
            self._restrict(sc.theirs),
            description=sc.description,
            our_label=sc.our_label,
            their_label=sc.their_label,
            deadline_rounds=sc.deadline_rounds,
            tags=sc.tags,
        )

    def _restrict(self, prefs: Preferences) -> Preferences:
        names = self.scenario.space.names
        walk: dict[str, int] = {}
        for name, level in prefs.walk_away.items():
            kept = np.flatnonzero(self.keep[names.index(name)] == level)
            if kept.size:  # a walk-away beyond our limit has no level here
                walk[name] = int(kept[0])
        return Preferences(
            prefs.weights,
            tuple(v[k] for v, k in zip(prefs.values, self.keep, strict=True)),
            prefs.reservation,
            prefs.batna,
            prefs.estimated,
            walk,
            prefs.discount,
        )

    def to_full(self, inner_indices: IntArray) -> IntArray:
        """Full-space indices of packages given by their index in :attr:`inner`."""
        levels = self.inner.space.levels_of(np.asarray(inner_indices, dtype=np.int64))
        levels = levels.reshape(-1, len(self.keep))
        digits = tuple(k[levels[:, j]] for j, k in enumerate(self.keep))
        out: IntArray = np.ravel_multi_index(digits, self.scenario.space.shape).astype(np.int64)
        return out

    def within(self, index: int) -> bool:
        """True when the package respects every walk-away of ours."""
        return not self.crossings(index)

    def crossings(self, index: int) -> tuple[Crossing, ...]:
        """The terms on which package ``index`` goes beyond our walk-away."""
        sc = self.scenario
        levels = sc.space.levels_of(index)
        out = []
        for t, (term, level) in enumerate(zip(sc.space.terms, levels, strict=True)):
            walk = sc.ours.walk_away.get(term.name)
            if walk is not None and int(level) not in self.keep[t]:
                out.append(
                    Crossing(term.name, term.label(int(level)), term.label(walk), term.shown)
                )
        return tuple(out)

    def mask(self) -> BoolArray:
        """Within our limits, for every package of the (enumerable) full space."""
        sc = self.scenario
        allowed = np.ones((), dtype=bool)
        k = len(sc.space.terms)
        for i, (term, keep) in enumerate(zip(sc.space.terms, self.keep, strict=True)):
            ok = np.zeros(term.size, dtype=bool)
            ok[keep] = True
            shape = [1] * k
            shape[i] = term.size
            allowed = allowed & ok.reshape(shape)
        flat: BoolArray = np.broadcast_to(allowed, sc.space.shape).reshape(-1)
        return flat


def limits_of(scenario: Scenario) -> Limits:
    """Our per-term walk-aways of ``scenario`` as hard limits."""
    keep = []
    for term, values in zip(scenario.space.terms, scenario.ours.values, strict=True):
        walk = scenario.ours.walk_away.get(term.name)
        if walk is None:
            keep.append(np.arange(term.size, dtype=np.int64))
        else:
            keep.append(np.flatnonzero(values >= values[walk] - _EPS).astype(np.int64))
    return Limits(scenario, tuple(keep))
