"""Terms at stake, discretised into the levels the engine reasons over.

A :class:`DiscreteTerm` is one negotiable term (per diem, days, therapy included,
payment days, …) with a finite tuple of levels. Continuous ranges are cut at a stated
``resolution`` (the step between levels) by :func:`numeric_term`; categorical terms
keep their options. Offers name levels by value; :meth:`DiscreteTerm.level_of` turns a
value into a level index and raises :class:`~accord.errors.ValidationError` naming the
field when the value is outside the range or not an option.

>>> t = numeric_term("per_diem", 400, 600, resolution=50, field="terms[0]")
>>> t.levels
(400.0, 450.0, 500.0, 550.0, 600.0)
>>> t.level_of(530, field="offer.per_diem")
3
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from accord.errors import ValidationError

__all__ = [
    "MAX_LEVELS",
    "DiscreteTerm",
    "categorical_term",
    "default_resolution",
    "numeric_term",
]

MAX_LEVELS = 10_000
"""Most levels one term may have after discretisation (keeps spaces computable)."""


@dataclass(frozen=True, slots=True)
class DiscreteTerm:
    """One term with its levels: numbers (sorted ascending) or option strings."""

    name: str
    levels: tuple[float, ...] | tuple[str, ...]
    kind: str = "categorical"
    unit: str = ""
    title: str = ""
    """What people read for the term (its label); empty: the name."""

    @property
    def shown(self) -> str:
        """The term as messages name it: its title, else its name."""
        return self.title or self.name

    @property
    def numeric(self) -> bool:
        """True when the levels are numbers."""
        return bool(self.levels) and not isinstance(self.levels[0], str)

    @property
    def size(self) -> int:
        """Number of levels."""
        return len(self.levels)

    @property
    def low(self) -> float:
        """Smallest numeric level (0 for categorical terms)."""
        return float(self.levels[0]) if self.numeric else 0.0

    @property
    def high(self) -> float:
        """Largest numeric level (0 for categorical terms)."""
        return float(self.levels[-1]) if self.numeric else 0.0

    def numeric_levels(self) -> np.ndarray[tuple[int], np.dtype[np.float64]]:
        """The levels as a float array (indices for categorical terms)."""
        if self.numeric:
            return np.asarray(self.levels, dtype=np.float64)
        return np.arange(self.size, dtype=np.float64)

    def level_of(self, value: object, *, field: str) -> int:
        """Index of the level for ``value``; numbers snap to the nearest level."""
        if self.numeric:
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                raise ValidationError(f"expected a number, got {value!r}", field=field)
            try:
                x = float(value)
            except ValueError as exc:
                raise ValidationError(f"expected a number, got {value!r}", field=field) from exc
            if not math.isfinite(x):
                raise ValidationError(f"expected a finite number, got {value!r}", field=field)
            low, high = self.low, self.high
            tol = 1e-9 * max(1.0, abs(low), abs(high))
            if x < low - tol or x > high + tol:
                raise ValidationError(
                    f"{x:g} is outside the range {low:g}–{high:g} of {self.shown}",
                    field=field,
                )
            arr = self.numeric_levels()
            return int(np.argmin(np.abs(arr - x)))
        text = _option_text(value)
        if text not in self.levels and set(self.levels) == {"yes", "no"}:
            text = _YES_NO.get(text.strip().lower(), text)
        try:
            return self.levels.index(text)
        except ValueError:
            raise ValidationError(
                f"{value!r} is not an option of {self.shown} "
                f"(options: {', '.join(map(str, self.levels))})",
                field=field,
            ) from None

    def label(self, index: int) -> str:
        """Human-readable level, with the unit when there is one."""
        level = self.levels[index]
        if isinstance(level, str):
            return level
        text = f"{level:,.2f}".rstrip("0").rstrip(".")
        return f"{text} {self.unit}".strip()


_YES_NO = {"true": "yes", "y": "yes", "1": "yes", "included": "yes",
           "false": "no", "n": "no", "0": "no", "excluded": "no"}  # fmt: skip


def _option_text(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def numeric_term(
    name: str,
    low: float,
    high: float,
    *,
    resolution: float | None = None,
    kind: str = "units",
    unit: str = "",
    field: str = "term",
) -> DiscreteTerm:
    """A numeric term over ``[low, high]`` cut every ``resolution`` (both ends kept).

    Without a resolution, a round step is chosen (:func:`default_resolution`).
    """
    for label, v in (("min", low), ("max", high)):
        if not math.isfinite(v):
            raise ValidationError(f"range {label} must be a finite number", field=f"{field}.range")
    if high < low:
        raise ValidationError(
            f"inverted range: min {low:g} is above max {high:g}", field=f"{field}.range"
        )
    if high == low:
        raise ValidationError(f"empty range: min and max are both {low:g}", field=f"{field}.range")
    if resolution is None:
        resolution = default_resolution(low, high)
    if not resolution > 0 or not math.isfinite(resolution):
        raise ValidationError("resolution must be a positive number", field=f"{field}.resolution")
    steps = math.floor((high - low) / resolution + 1e-9)
    if steps + 2 > MAX_LEVELS:
        raise ValidationError(
            f"resolution {resolution:g} gives more than {MAX_LEVELS} levels",
            field=f"{field}.resolution",
        )
    levels = [float(low) + i * float(resolution) for i in range(steps + 1)]
    if high - levels[-1] > 1e-9 * max(1.0, abs(high)):
        levels.append(float(high))
    rounded = tuple(round(x, 10) for x in levels)
    return DiscreteTerm(name=name, levels=rounded, kind=kind, unit=unit)


def default_resolution(low: float, high: float) -> float:
    """A round step giving 6–21 levels: whole numbers for short integral ranges.

    >>> default_resolution(350, 650), default_resolution(10, 30), default_resolution(0, 1)
    (20.0, 1.0, 0.05)
    """
    span = high - low
    if float(low).is_integer() and float(high).is_integer() and 5 <= span <= 20:
        return 1.0
    raw = span / 20
    magnitude = 10.0 ** math.floor(math.log10(raw))
    for mult in (1.0, 2.0, 2.5, 5.0, 10.0):
        if raw <= mult * magnitude + 1e-12:
            return round(mult * magnitude, 12)
    return 10.0 * magnitude


def categorical_term(
    name: str,
    options: Sequence[str],
    *,
    kind: str = "categorical",
    unit: str = "",
    field: str = "term",
) -> DiscreteTerm:
    """A term whose levels are the given options (at least one, no duplicates)."""
    opts = tuple(_option_text(o) for o in options)
    if not opts:
        raise ValidationError(
            "a categorical term needs at least one option", field=f"{field}.options"
        )
    if len(set(opts)) != len(opts):
        raise ValidationError("options must be distinct", field=f"{field}.options")
    return DiscreteTerm(name=name, levels=opts, kind=kind, unit=unit)
