"""A contract's fee schedule: one rate per code × modifier × place of service.

A rate is a dollar amount per unit, a percentage of Medicare's amount (of a stated
Medicare schedule year) or a percentage of the billed charge. Codes are HCPCS (five
letters or digits, CPT being the numeric ones: ``97110``, ``G0283``), modifiers two
letters or digits (``GP``, ``59``), places of service two digits (``11`` office); an
empty modifier or place of service means "any". Example::

    >>> FeeScheduleEntry("97110", "", "11", RateBasis.PERCENT_OF_MEDICARE,
    ...                  Decimal("110"), medicare_year=2025).describe()
    '110% of Medicare 2025'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from accord.errors import ValidationError

__all__ = [
    "MAX_PERCENT",
    "FeeScheduleEntry",
    "RateBasis",
    "check_code",
    "check_modifier",
    "check_money",
    "check_place_of_service",
]

_HCPCS = re.compile(r"[A-Z0-9]{5}")
_MODIFIER = re.compile(r"[A-Z0-9]{2}")
_POS = re.compile(r"[0-9]{2}")
MAX_PERCENT = Decimal(1000)
"""A rate above 1,000% of anything is a typing slip, not a contract."""
_MAX_MONEY = Decimal("10000000")  # per unit: far above any therapy or surgery fee


class RateBasis(StrEnum):
    """What a fee-schedule rate is expressed in."""

    AMOUNT = "amount"
    """Dollars per unit."""
    PERCENT_OF_MEDICARE = "percent_of_medicare"
    """A percentage of Medicare's fee-schedule amount for the code, of a stated year."""
    PERCENT_OF_CHARGES = "percent_of_charges"
    """A percentage of the practice's billed charge."""


@lru_cache(maxsize=8192)  # a practice bills a few hundred codes, over millions of lines
def check_code(code: str) -> str:
    """A HCPCS code, upper-cased: five letters or digits (``97110``, ``G0283``)."""
    value = code.strip().upper()
    if not _HCPCS.fullmatch(value):
        raise ValidationError(
            f"expected a HCPCS code of 5 letters or digits, found {code!r}", field="code"
        )
    return value


@lru_cache(maxsize=8192)
def check_modifier(modifier: str) -> str:
    """A modifier, upper-cased, or ``""`` for none: two letters or digits."""
    value = modifier.strip().upper()
    if value and not _MODIFIER.fullmatch(value):
        raise ValidationError(
            f"expected a 2-character modifier, found {modifier!r}", field="modifier"
        )
    return value


def check_place_of_service(place: str) -> str:
    """A CMS place-of-service code (two digits: ``11`` office), or ``""`` for any."""
    value = place.strip()
    if value and not _POS.fullmatch(value):
        raise ValidationError(
            f"expected a 2-digit place of service, found {place!r}", field="place_of_service"
        )
    return value


def check_money(amount: Decimal, what: str) -> Decimal:
    """A finite, non-negative dollar amount below ten million."""
    if not amount.is_finite() or amount < 0 or amount > _MAX_MONEY:
        raise ValidationError(
            f"expected a dollar amount from 0 to 10,000,000, found {amount}", field=what
        )
    return amount


@dataclass(frozen=True, slots=True)
class FeeScheduleEntry:
    """One rate of a fee schedule; validated on creation.

    ``value`` is dollars for :attr:`RateBasis.AMOUNT`, a percentage (``110`` = 110%)
    otherwise; ``medicare_year`` is required for a percentage of Medicare and only then.
    """

    code: str
    modifier: str
    place_of_service: str
    basis: RateBasis
    value: Decimal
    medicare_year: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", check_code(self.code))
        object.__setattr__(self, "modifier", check_modifier(self.modifier))
        object.__setattr__(self, "place_of_service", check_place_of_service(self.place_of_service))
        if self.basis is RateBasis.AMOUNT:
            check_money(self.value, "rate")
        elif not self.value.is_finite() or not 0 < self.value <= MAX_PERCENT:
            raise ValidationError(
                f"expected a percentage above 0 and at most 1000, found {self.value}", field="rate"
            )
        if self.basis is RateBasis.PERCENT_OF_MEDICARE:
            if self.medicare_year is None or not 1992 <= self.medicare_year <= 2100:
                raise ValidationError(
                    "a % of Medicare rate needs the year of the Medicare schedule (1992–2100), "
                    f"found {self.medicare_year}",
                    field="medicare_year",
                )
        elif self.medicare_year is not None:
            raise ValidationError(
                "a Medicare year belongs only to a % of Medicare rate", field="medicare_year"
            )

    @property
    def key(self) -> tuple[str, str, str]:
        """``(code, modifier, place of service)``: unique within a fee schedule."""
        return self.code, self.modifier, self.place_of_service

    def describe(self) -> str:
        """The rate in words: ``$28.79 per unit``, ``110% of Medicare 2025``."""
        if self.basis is RateBasis.AMOUNT:
            return f"${self.value:,.2f} per unit"
        if self.basis is RateBasis.PERCENT_OF_MEDICARE:
            return f"{self.value.normalize():f}% of Medicare {self.medicare_year}"
        return f"{self.value.normalize():f}% of billed charges"
