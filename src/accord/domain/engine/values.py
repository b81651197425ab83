"""Value functions: how much one side likes each level of one term, on a 0–1 scale.

A value function turns the discretised levels of a term into numbers in [0, 1]
(1 = the best level for that side). Four shapes cover healthcare terms:

* :class:`LinearValue` — increasing or decreasing over the allowed range
  (a per diem is *lower better* for a payer, *higher better* for a facility);
* :class:`PiecewiseLinearValue` — a curve through (value, utility) points
  (e.g. 20 skilled-nursing days is ideal, fewer or more is worse);
* :class:`TableValue` — a utility per listed numeric level;
* :class:`CategoricalValue` — a utility per option (``"included"``, ``"excluded"``).

>>> import numpy as np
>>> LinearValue(higher_better=False).evaluate(np.array([400.0, 500.0, 600.0]), 400.0, 600.0)
array([1. , 0.5, 0. ])
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import numpy.typing as npt

from accord.errors import ValidationError

__all__ = [
    "CategoricalValue",
    "FloatArray",
    "LinearValue",
    "PiecewiseLinearValue",
    "TableValue",
    "ValueFunction",
]

FloatArray = npt.NDArray[np.float64]


class ValueFunction(Protocol):
    """Maps the levels of one term to utilities in [0, 1]."""

    def evaluate(self, levels: FloatArray, low: float, high: float) -> FloatArray:
        """Utilities of numeric ``levels`` of a term whose range is ``[low, high]``."""
        ...


@dataclass(frozen=True, slots=True)
class LinearValue:
    """Utility rises (or falls) linearly from one end of the range to the other."""

    higher_better: bool = True

    def evaluate(self, levels: FloatArray, low: float, high: float) -> FloatArray:
        """1 at the best end of ``[low, high]``, 0 at the worst."""
        if high == low:
            return np.ones_like(levels, dtype=np.float64)
        scaled = (levels - low) / (high - low)
        out = scaled if self.higher_better else 1.0 - scaled
        return np.clip(out, 0.0, 1.0).astype(np.float64)


@dataclass(frozen=True, slots=True)
class PiecewiseLinearValue:
    """Utility interpolated through ``(value, utility)`` points sorted by value."""

    points: tuple[tuple[float, float], ...]

    def __post_init__(self) -> None:
        if len(self.points) < 2:
            raise ValidationError("a piecewise value function needs at least two points")
        xs = [p[0] for p in self.points]
        if any(b <= a for a, b in itertools.pairwise(xs)):
            raise ValidationError("piecewise points must have strictly increasing values")
        if any(not 0.0 <= p[1] <= 1.0 for p in self.points):
            raise ValidationError("piecewise utilities must lie in [0, 1]")

    def evaluate(self, levels: FloatArray, low: float, high: float) -> FloatArray:
        """Linear interpolation between the points, flat beyond the ends."""
        del low, high
        xs = np.array([p[0] for p in self.points], dtype=np.float64)
        ys = np.array([p[1] for p in self.points], dtype=np.float64)
        return np.interp(levels, xs, ys).astype(np.float64)


@dataclass(frozen=True, slots=True)
class TableValue:
    """Utility of each listed numeric level; unlisted levels are interpolated."""

    table: Mapping[float, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.table:
            raise ValidationError("a table value function needs at least one entry")
        if any(not 0.0 <= u <= 1.0 for u in self.table.values()):
            raise ValidationError("table utilities must lie in [0, 1]")

    def evaluate(self, levels: FloatArray, low: float, high: float) -> FloatArray:
        """Exact for listed levels, linear between them."""
        del low, high
        keys = sorted(self.table)
        xs = np.array(keys, dtype=np.float64)
        ys = np.array([self.table[k] for k in keys], dtype=np.float64)
        return np.interp(levels, xs, ys).astype(np.float64)


@dataclass(frozen=True, slots=True)
class CategoricalValue:
    """Utility of each option of a categorical term."""

    utilities: Mapping[str, float]

    @classmethod
    def ranked(cls, options: Sequence[str]) -> CategoricalValue:
        """Options listed best-first get evenly spaced utilities from 1 down to 0."""
        n = len(options)
        if n == 0:
            raise ValidationError("a categorical term needs at least one option")
        if n == 1:
            return cls({options[0]: 1.0})
        return cls({o: 1.0 - i / (n - 1) for i, o in enumerate(options)})

    def evaluate_options(self, options: Sequence[str]) -> FloatArray:
        """Utilities of ``options`` in order; an option without a utility is an error."""
        missing = [o for o in options if o not in self.utilities]
        if missing:
            raise ValidationError(f"no utility given for option(s) {missing}")
        out = np.array([float(self.utilities[o]) for o in options], dtype=np.float64)
        if np.any(out < 0.0) or np.any(out > 1.0):
            raise ValidationError("categorical utilities must lie in [0, 1]")
        return out
