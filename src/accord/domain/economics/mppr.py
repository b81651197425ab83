"""The therapy multiple-procedure payment reduction (MPPR), unit by unit.

Since 2013-04-01 Medicare pays, for one patient on one day, the unit of "always therapy"
service with the highest practice-expense (PE) amount in full and cuts the PE part of
every other unit (of any code) by 50%; work and malpractice are never cut. When two units
have the same PE amount the one with the higher total fee-schedule amount is the one paid
in full (CMS's rule; the order the lines were billed in does not matter). Example::

    >>> lines = [MpprLine(units=2, practice_expense=Decimal("13.91"), total=Decimal("28.79")),
    ...          MpprLine(units=1, practice_expense=Decimal("12.94"), total=Decimal("27.49"))]
    >>> [str(r) for r in mppr_reductions(lines)]
    ['6.9550', '6.4700']

The first unit of the first line is paid in full; its second unit and the other line's
unit each lose half their PE.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["THERAPY_PE_REDUCTION", "MpprLine", "full_unit_line", "mppr_reductions"]

THERAPY_PE_REDUCTION = Decimal("0.50")
"""Share of the practice expense taken off every unit after the one paid in full."""


@dataclass(frozen=True, slots=True)
class MpprLine:
    """One billed line of a patient-day, in dollars per unit.

    ``practice_expense`` is the PE part of one unit, ``total`` the whole amount of one unit;
    ``reducible`` is false for codes the therapy reduction does not touch.
    """

    units: int
    practice_expense: Decimal
    total: Decimal
    reducible: bool = True


def full_unit_line(lines: Sequence[MpprLine]) -> int | None:
    """Index of the line whose first unit is paid in full, or ``None`` if none is reducible.

    Highest PE per unit; ties go to the higher total amount, then to the earlier line (equal
    on both, the choice changes no dollar).
    """
    best: int | None = None
    for i, line in enumerate(lines):
        if not line.reducible or line.units <= 0:
            continue
        if best is None:
            best = i
            continue
        top = lines[best]
        if (line.practice_expense, line.total) > (top.practice_expense, top.total):
            best = i
    return best


def mppr_reductions(lines: Sequence[MpprLine]) -> list[Decimal]:
    """The dollars taken off each line (unrounded), all lines being one patient-day."""
    full = full_unit_line(lines)
    out: list[Decimal] = []
    for i, line in enumerate(lines):
        if not line.reducible or line.units <= 0:
            out.append(Decimal(0))
            continue
        reduced_units = line.units - 1 if i == full else line.units
        out.append(line.practice_expense * THERAPY_PE_REDUCTION * reduced_units)
    return out
