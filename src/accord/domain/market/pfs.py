"""Medicare Physician Fee Schedule arithmetic: payment from RVUs, GPCIs and the conversion factor.

Payment = (work RVU × work GPCI + PE RVU × PE GPCI + MP RVU × MP GPCI) × conversion factor,
rounded to cents, where the PE RVU is the non-facility or the facility one. Example::

    >>> rvu = RelativeValues("97110", "", "A", Decimal("0.45"), Decimal("0.43"),
    ...                      Decimal("0.43"), Decimal("0.01"), Decimal("32.3465"), "5")
    >>> payment(rvu, NATIONAL, facility=False)
    Decimal('28.79')
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "CENTS",
    "NATIONAL",
    "Gpci",
    "RelativeValues",
    "payment",
    "unrounded_payment",
]

CENTS = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class RelativeValues:
    """One line of CMS's PPRRVU file: a HCPCS code (and modifier) with its RVUs.

    ``mult_proc`` is CMS's multiple-procedure indicator (``"5"``: therapy reduction of the
    practice expense; ``"2"``: standard surgical reduction). ``pe_nonfacility`` is ``None``
    when CMS marks the non-facility amount "NA" (the service is not paid in an office).
    """

    code: str
    modifier: str
    status: str
    work: Decimal
    pe_nonfacility: Decimal | None
    pe_facility: Decimal | None
    malpractice: Decimal
    conversion_factor: Decimal
    mult_proc: str = ""


@dataclass(frozen=True, slots=True)
class Gpci:
    """Geographic practice cost indices of one Medicare payment locality."""

    mac: str
    state: str
    locality: str
    name: str
    work: Decimal
    pe: Decimal
    malpractice: Decimal

    @property
    def key(self) -> str:
        """``MAC-locality``, the identity CMS uses (a locality number alone is not unique)."""
        return f"{self.mac}-{self.locality}"


NATIONAL = Gpci("", "", "", "NATIONAL", Decimal(1), Decimal(1), Decimal(1))
"""All indices at 1.0: the national (unadjusted) amount."""


def unrounded_payment(rvu: RelativeValues, gpci: Gpci, *, facility: bool) -> Decimal | None:
    """The fee schedule amount before rounding, or ``None`` when not payable in that setting."""
    pe = rvu.pe_facility if facility else rvu.pe_nonfacility
    if pe is None:
        return None
    total = rvu.work * gpci.work + pe * gpci.pe + rvu.malpractice * gpci.malpractice
    return total * rvu.conversion_factor


def payment(rvu: RelativeValues, gpci: Gpci, *, facility: bool) -> Decimal | None:
    """The fee schedule amount in dollars and cents (half-up), or ``None`` if not payable."""
    amount = unrounded_payment(rvu, gpci, facility=facility)
    if amount is None:
        return None
    return amount.quantize(CENTS, rounding=ROUND_HALF_UP)
