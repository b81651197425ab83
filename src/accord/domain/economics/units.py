"""Timed therapy minutes to billable units: Medicare's 8-minute rule and per-code rounding.

Medicare (CMS IOM 100-04 ch. 5 §20.2) adds the minutes of every timed code of a visit and
turns the total into units (8–22 minutes = 1, 23–37 = 2, …), then hands the units to
the codes: each code first gets its whole 15-minute units, and the units left go to the
codes with the most minutes left over. Many commercial payers instead round each code on
its own (the AMA's "rule of eights"), which pays more when several codes have a few
minutes each. Which one a payer uses is a contract term, so it is an explicit policy::

    >>> assign_units({"97112": 24, "97110": 23}, UnitPolicy.MEDICARE)
    {'97112': 2, '97110': 1}
    >>> assign_units({"97110": 10, "97140": 10, "97530": 10}, UnitPolicy.PER_CODE)
    {'97110': 1, '97140': 1, '97530': 1}
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from accord.errors import ValidationError

__all__ = ["UNIT_MINUTES", "UnitPolicy", "assign_units", "medicare_units", "per_code_units"]

UNIT_MINUTES = 15
"""One timed unit is 15 minutes; 8 minutes (just over half) earn the first unit."""
_HALF_UNIT = 8


class UnitPolicy(StrEnum):
    """How a payer turns timed minutes into units."""

    MEDICARE = "medicare"
    """Total timed minutes of the visit, then units handed to codes (the 8-minute rule)."""
    PER_CODE = "per-code"
    """Each code's minutes rounded on their own (8 or more minutes earn a unit)."""


def _check_minutes(minutes: int, what: str) -> None:
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0:
        raise ValidationError(f"expected whole minutes, 0 or more, found {minutes!r}", field=what)


def _round_units(minutes: int) -> int:
    # 8–22 → 1, 23–37 → 2: each unit after the first needs a further full 15 minutes,
    # so adding 7 and dividing by 15 gives the rule without a table.
    return 0 if minutes < _HALF_UNIT else (minutes + _HALF_UNIT - 1) // UNIT_MINUTES


def medicare_units(total_minutes: int) -> int:
    """Units Medicare pays for a visit's total timed minutes (``medicare_units(47) == 3``)."""
    _check_minutes(total_minutes, "minutes")
    return _round_units(total_minutes)


def per_code_units(minutes_by_code: Mapping[str, int]) -> dict[str, int]:
    """Each code's minutes rounded on their own: ``{"97110": 10} → {"97110": 1}``."""
    for code, minutes in minutes_by_code.items():
        _check_minutes(minutes, code)
    return {code: _round_units(minutes) for code, minutes in minutes_by_code.items()}


def _medicare_assignment(minutes_by_code: Mapping[str, int]) -> dict[str, int]:
    for code, minutes in minutes_by_code.items():
        _check_minutes(minutes, code)
    total = medicare_units(sum(minutes_by_code.values()))
    units = {code: minutes // UNIT_MINUTES for code, minutes in minutes_by_code.items()}
    # Whole units never exceed the total's units (floor of parts ≤ rounded whole), so the
    # rest is what the left-over minutes earn together.
    left = total - sum(units.values())
    order = list(minutes_by_code)
    # Most left-over minutes first; CMS's example 2 (20 and 20 minutes) lets either code
    # take the unit, so ties go to the code with more minutes, then to the first listed.
    ranked = sorted(
        order,
        key=lambda c: (
            -(minutes_by_code[c] % UNIT_MINUTES),
            -minutes_by_code[c],
            order.index(c),
        ),
    )
    for code in ranked[:left]:
        units[code] += 1
    return units


def assign_units(minutes_by_code: Mapping[str, int], policy: UnitPolicy) -> dict[str, int]:
    """Units per timed code of one visit (same patient, same day) under ``policy``.

    Codes keep their input order; a code can get 0 units (too few minutes on its own).
    """
    if policy is UnitPolicy.MEDICARE:
        return _medicare_assignment(minutes_by_code)
    return per_code_units(minutes_by_code)
