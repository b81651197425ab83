"""The outcome space: every combination of term levels, addressed by one integer.

Outcome ``k`` is the mixed-radix number whose digits are level indices (C order, the
first term most significant — as :func:`numpy.ravel_multi_index`). Linear-additive
utilities over the whole grid are built by broadcasting each term's value vector, so
no per-outcome Python object is ever created.

>>> from accord.domain.engine.terms import categorical_term
>>> s = OutcomeSpace((categorical_term("a", ["x", "y"]), categorical_term("b", ["p", "q", "r"])))
>>> s.cardinality, s.levels_of(5).tolist()
(6, [1, 2])
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import reduce

import numpy as np
import numpy.typing as npt

from accord.domain.engine.preferences import Preferences
from accord.domain.engine.terms import DiscreteTerm
from accord.domain.engine.values import FloatArray
from accord.errors import ValidationError

__all__ = ["MAX_OUTCOMES", "IntArray", "OutcomeSpace"]

IntArray = npt.NDArray[np.int64]

MAX_OUTCOMES = 50_000_000
"""Largest outcome space the engine enumerates (chunked beyond ``chunk`` outcomes)."""


@dataclass(frozen=True, slots=True)
class OutcomeSpace:
    """The Cartesian product of the terms' levels."""

    terms: tuple[DiscreteTerm, ...]

    def __post_init__(self) -> None:
        if not self.terms:
            raise ValidationError("a scenario needs at least one term", field="terms")
        names = [t.name for t in self.terms]
        for i, n in enumerate(names):
            if n in names[:i]:
                raise ValidationError(f"duplicate term name {n!r}", field=f"terms[{i}].name")

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of levels of each term."""
        return tuple(t.size for t in self.terms)

    @property
    def cardinality(self) -> int:
        """Number of outcomes."""
        return reduce(lambda a, b: a * b, self.shape, 1)

    @property
    def names(self) -> tuple[str, ...]:
        """Term names in order."""
        return tuple(t.name for t in self.terms)

    def levels_of(self, index: int | IntArray) -> IntArray:
        """Level indices of outcome(s): shape ``(k,)`` for one, ``(n, k)`` for many."""
        arr = np.unravel_index(np.asarray(index, dtype=np.int64), self.shape)
        return np.stack(arr, axis=-1).astype(np.int64)

    def index_of(self, levels: Sequence[int] | IntArray) -> int:
        """Outcome index of one tuple of level indices."""
        return int(np.ravel_multi_index(tuple(int(x) for x in levels), self.shape))

    def offer_index(self, offer: Mapping[str, object], *, field: str = "offer") -> int:
        """Outcome index of an offer given as ``{term name: value}`` covering every term."""
        unknown = [k for k in offer if k not in self.names]
        if unknown:
            raise ValidationError(f"unknown term {unknown[0]!r}", field=f"{field}.{unknown[0]}")
        missing = [n for n in self.names if n not in offer]
        if missing:
            raise ValidationError(f"offer has no value for term {missing[0]!r}", field=field)
        levels = [t.level_of(offer[t.name], field=f"{field}.{t.name}") for t in self.terms]
        return self.index_of(levels)

    def offer_of(self, index: int) -> dict[str, str | float]:
        """The offer ``{term name: level value}`` of an outcome index."""
        lv = self.levels_of(index)
        return {t.name: t.levels[int(i)] for t, i in zip(self.terms, lv, strict=True)}

    def describe(self, index: int) -> str:
        """One-line text of an outcome: ``per_diem=450 USD/day, days=20``."""
        lv = self.levels_of(index)
        return ", ".join(f"{t.name}={t.label(int(i))}" for t, i in zip(self.terms, lv, strict=True))

    def utilities(self, prefs: Preferences) -> FloatArray:
        """Utility of every outcome, built by broadcasting (``cardinality`` floats)."""
        if self.cardinality > MAX_OUTCOMES:
            raise ValidationError(
                f"outcome space has {self.cardinality:,} outcomes; at most {MAX_OUTCOMES:,} "
                "are supported (use a coarser resolution)",
                field="terms",
            )
        k = len(self.terms)
        total: FloatArray = np.zeros((), dtype=np.float64)
        for i, (w, v) in enumerate(zip(prefs.weights, prefs.values, strict=True)):
            shape = [1] * k
            shape[i] = v.shape[0]
            total = total + (w * v).reshape(shape)
        return np.ascontiguousarray(np.broadcast_to(total, self.shape)).reshape(-1)

    def utilities_of(self, prefs: Preferences, indices: IntArray) -> FloatArray:
        """Utility of the given outcome indices only."""
        idx = np.asarray(indices, dtype=np.int64)
        return self.utilities_at(prefs, np.unravel_index(idx, self.shape))

    def utilities_at(self, prefs: Preferences, digits: tuple[IntArray, ...]) -> FloatArray:
        """Utility of outcomes given as one array of level indices per term."""
        out = np.zeros(digits[0].shape, dtype=np.float64)
        for w, v, d in zip(prefs.weights, prefs.values, digits, strict=True):
            out += w * v[d]
        return out

    def utility_bounds(self, prefs: Preferences) -> tuple[float, float]:
        """Lowest and highest utility of any outcome, without enumerating the space.

        Exactly the minimum and maximum of :meth:`utilities`: floating-point addition
        is monotone, so the sum of each term's worst (best) weighted value is the
        smallest (largest) sum.
        """
        ends = np.array([prefs.worst_levels(), prefs.best_levels()], dtype=np.int64)
        lo, hi = self.utilities_of(prefs, np.ravel_multi_index(tuple(ends.T), self.shape))
        return float(lo), float(hi)

    def chunks(self, chunk: int) -> Iterator[IntArray]:
        """Outcome indices in consecutive blocks of at most ``chunk``."""
        n = self.cardinality
        for start in range(0, n, chunk):
            yield np.arange(start, min(n, start + chunk), dtype=np.int64)
