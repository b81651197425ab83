"""Use case of the therapy billing rules: units for a visit's timed minutes under a policy.

>>> billing_units({"97110": 33, "97140": 7}, UnitPolicy.MEDICARE).units
{'97110': 2, '97140': 1}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from accord.domain.economics.fee_schedule import check_code
from accord.domain.economics.units import UnitPolicy, assign_units, medicare_units

__all__ = ["UnitsResult", "billing_units"]


@dataclass(frozen=True, slots=True)
class UnitsResult:
    """Units per code under the policy asked for, and the total under each policy."""

    policy: UnitPolicy
    total_minutes: int
    units: dict[str, int]
    medicare_total: int
    per_code_total: int


def billing_units(minutes_by_code: Mapping[str, int], policy: UnitPolicy) -> UnitsResult:
    """Units per code for one visit, with both policies' totals for comparison."""
    for code in minutes_by_code:
        check_code(code)
    units = assign_units(minutes_by_code, policy)
    per_code = assign_units(minutes_by_code, UnitPolicy.PER_CODE)
    total = sum(minutes_by_code.values())
    return UnitsResult(policy, total, units, medicare_units(total), sum(per_code.values()))
