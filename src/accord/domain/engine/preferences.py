"""One side's preferences: weights, value functions per term, reservation value, BATNA.

A side may also carry a *discount factor* ``d`` (Genius domains do): an agreement
reached at relative time ``t`` is worth ``u · d**t`` to it, so waiting costs value.

Utilities are linear-additive: ``u(outcome) = Σ weight[t] · value[t][level of t]`` with
weights summing to 1 and values in [0, 1], so every utility lies in [0, 1]. The
*reservation value* is the utility of the side's BATNA (best alternative to a
negotiated agreement): an outcome below it is worse than walking away.

>>> from accord.domain.engine.terms import numeric_term
>>> from accord.domain.engine.values import LinearValue
>>> t = numeric_term("per_diem", 400, 600, resolution=100)
>>> p = build_preferences([t], {"per_diem": 1.0}, {"per_diem": LinearValue(False)})
>>> p.values[0].tolist()
[1.0, 0.5, 0.0]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from accord.domain.engine.terms import DiscreteTerm
from accord.domain.engine.values import CategoricalValue, FloatArray, LinearValue, ValueFunction
from accord.errors import ValidationError

__all__ = ["Preferences", "build_preferences", "normalise_weights"]


@dataclass(frozen=True, slots=True, eq=False)
class Preferences:
    """Weights and per-level values for every term, plus reservation value and BATNA."""

    weights: FloatArray
    values: tuple[FloatArray, ...]
    reservation: float = 0.0
    batna: str = ""
    estimated: bool = False
    walk_away: Mapping[str, int] = field(default_factory=dict)
    """Per-term walk-away levels (indices), when declared."""
    discount: float = 1.0
    """Discount factor ``d`` in (0, 1]: a utility ``u`` reached at relative time ``t``
    (0 → 1 of the deadline) is worth ``u · d**t`` (Genius semantics); 1 is no discount."""

    def __post_init__(self) -> None:
        d = self.discount
        if isinstance(d, bool) or not isinstance(d, int | float) or not 0.0 < d <= 1.0:
            raise ValidationError(
                f"discount factor must lie in (0, 1], got {d!r}", field="discount"
            )

    @property
    def discounted(self) -> bool:
        """True when time costs this side something (a discount factor below 1)."""
        return self.discount < 1.0

    def at_time(self, utility: float, t: float) -> float:
        """``utility`` reached at relative time ``t``, discounted: ``u · d**t``.

        >>> Preferences(np.ones(1), (np.ones(1),), discount=0.5).at_time(0.8, 1.0)
        0.4
        """
        if self.discount >= 1.0:
            return float(utility)
        return float(utility) * float(self.discount ** min(1.0, max(0.0, float(t))))

    def utility_of_levels(self, levels: Sequence[int]) -> float:
        """Utility of one outcome given as level indices, one per term."""
        return float(
            sum(w * v[i] for w, v, i in zip(self.weights, self.values, levels, strict=True))
        )

    def best_levels(self) -> tuple[int, ...]:
        """The ideal outcome for this side (first best level of each term)."""
        return tuple(int(np.argmax(v)) for v in self.values)

    def worst_levels(self) -> tuple[int, ...]:
        """The worst outcome for this side."""
        return tuple(int(np.argmin(v)) for v in self.values)

    def with_reservation(self, reservation: float) -> Preferences:
        """A copy with another reservation value."""
        return Preferences(
            self.weights,
            self.values,
            reservation,
            self.batna,
            self.estimated,
            self.walk_away,
            self.discount,
        )


def normalise_weights(
    raw: Mapping[str, float], names: Sequence[str], *, field: str, strict_sum: bool = False
) -> FloatArray:
    """Weights for ``names`` in order, scaled to sum to 1.

    Unknown names, negative or non-finite weights and an all-zero set are errors naming
    ``field``. Missing terms weigh 0. With ``strict_sum`` the given weights must
    already sum to 1 (or to 100, read as percentages).
    """
    unknown = [k for k in raw if k not in names]
    if unknown:
        raise ValidationError(
            f"weight for unknown term {unknown[0]!r}", field=f"{field}.{unknown[0]}"
        )
    out = np.zeros(len(names), dtype=np.float64)
    for i, name in enumerate(names):
        w = raw.get(name, 0.0)
        if isinstance(w, bool) or not isinstance(w, int | float) or not math.isfinite(w) or w < 0:
            raise ValidationError(
                f"weight must be a non-negative number, got {w!r}", field=f"{field}.{name}"
            )
        out[i] = float(w)
    total = float(out.sum())
    if total <= 0:
        raise ValidationError("weights are all zero and cannot be normalised", field=field)
    if strict_sum and not (math.isclose(total, 1.0, abs_tol=1e-6) or math.isclose(total, 100.0)):
        raise ValidationError(f"weights sum to {total:g}; they must sum to 1 (or 100)", field=field)
    return out / total


def build_preferences(
    terms: Sequence[DiscreteTerm],
    weights: Mapping[str, float],
    value_functions: Mapping[str, ValueFunction | CategoricalValue],
    *,
    reservation: float = 0.0,
    batna: str = "",
    estimated: bool = False,
    walk_away: Mapping[str, int] | None = None,
    field: str = "preferences",
    strict_sum: bool = False,
) -> Preferences:
    """Evaluate each term's value function on its levels and bundle the result.

    Terms without a value function get a rising linear one (numeric) or best-first
    ranking of their options (categorical).
    """
    names = [t.name for t in terms]
    unknown = [k for k in value_functions if k not in names]
    if unknown:
        raise ValidationError(f"unknown term {unknown[0]!r}", field=f"{field}.values.{unknown[0]}")
    if not math.isfinite(reservation) or not 0.0 <= reservation <= 1.0:
        raise ValidationError(
            f"reservation value must lie in [0, 1], got {reservation!r}",
            field=f"{field}.reservation",
        )
    w = normalise_weights(weights, names, field=f"{field}.weights", strict_sum=strict_sum)
    vals: list[FloatArray] = []
    for term in terms:
        fn = value_functions.get(term.name)
        where = f"{field}.values.{term.name}"
        try:
            vals.append(_evaluate(term, fn))
        except ValidationError as exc:
            if exc.field:
                raise
            raise ValidationError(exc.message, field=where) from exc
    return Preferences(
        weights=w,
        values=tuple(vals),
        reservation=float(reservation),
        batna=batna,
        estimated=estimated,
        walk_away=dict(walk_away or {}),
    )


def _evaluate(term: DiscreteTerm, fn: ValueFunction | CategoricalValue | None) -> FloatArray:
    if not term.numeric:
        cat = fn if fn is not None else CategoricalValue.ranked([str(x) for x in term.levels])
        if not isinstance(cat, CategoricalValue):
            raise ValidationError("a categorical term needs a categorical value function")
        return cat.evaluate_options([str(x) for x in term.levels])
    if isinstance(fn, CategoricalValue):
        raise ValidationError("a numeric term cannot have a categorical value function")
    numeric_fn: ValueFunction = fn if fn is not None else LinearValue(True)
    out = numeric_fn.evaluate(term.numeric_levels(), term.low, term.high)
    if np.any(~np.isfinite(out)) or np.any(out < -1e-12) or np.any(out > 1 + 1e-12):
        raise ValidationError("value function must give utilities in [0, 1]")
    return np.clip(out, 0.0, 1.0)
