"""The multiple-procedure payment reduction (MPPR) for therapy and surgery.

Therapy (CMS indicator ``5``): when several units of "always therapy" services are billed for
one patient on one day, the unit with the highest practice expense is paid in full and the
practice-expense part of every later unit is cut by 50% (work and malpractice are untouched).
Surgery (indicator ``2``): the highest-paid procedure at 100%, the others at 50%.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from accord.domain.economics.mppr import THERAPY_PE_REDUCTION, MpprLine, mppr_reductions
from accord.domain.market.pfs import CENTS, Gpci, RelativeValues, payment

__all__ = ["THERAPY_PE_REDUCTION", "ReducedLine", "reduce_multiple_procedures"]


@dataclass(frozen=True, slots=True)
class ReducedLine:
    """One billed line after the reduction: full and reduced amounts for its units."""

    code: str
    units: int
    full_amount: Decimal
    paid_amount: Decimal


def _per_unit(rvu: RelativeValues, gpci: Gpci, facility: bool) -> tuple[Decimal, Decimal]:
    """Practice-expense part and whole amount of one unit, unrounded."""
    pe = (rvu.pe_facility if facility else rvu.pe_nonfacility) or Decimal(0)
    pe_part = pe * gpci.pe * rvu.conversion_factor
    other = (rvu.work * gpci.work + rvu.malpractice * gpci.malpractice) * rvu.conversion_factor
    return pe_part, pe_part + other


def reduce_multiple_procedures(
    lines: Sequence[tuple[RelativeValues, int]], gpci: Gpci, *, facility: bool = False
) -> list[ReducedLine]:
    """Apply the MPPR to the lines ``(rvu, units)`` billed for one patient on one day.

    Lines whose indicator is neither ``5`` nor ``2`` are paid in full. Example: two units
    of 97110 and one of 97140, national GPCIs: 97110's first unit in full, the rest with
    half their practice expense. Equal practice expense goes to the higher total amount
    (:func:`accord.domain.economics.mppr.full_unit_line`), not to the earlier line.
    """
    therapy = [
        MpprLine(units, *_per_unit(rvu, gpci, facility), reducible=rvu.mult_proc == "5")
        for rvu, units in lines
    ]
    reductions = mppr_reductions(therapy)
    surgical = sorted(
        (i for i, (rvu, _) in enumerate(lines) if rvu.mult_proc == "2"),
        key=lambda i: -(payment(lines[i][0], gpci, facility=facility) or Decimal(0)),
    )
    out: list[ReducedLine] = []
    for i, (rvu, units) in enumerate(lines):
        unit_full = payment(rvu, gpci, facility=facility) or Decimal(0)
        full = unit_full * units
        if rvu.mult_proc == "5":
            raw = therapy[i].total * units - reductions[i]
            paid = raw.quantize(CENTS, rounding=ROUND_HALF_UP)
        elif rvu.mult_proc == "2" and surgical and i != surgical[0]:
            paid = (full / 2).quantize(CENTS, rounding=ROUND_HALF_UP)
        else:
            paid = full
        out.append(ReducedLine(rvu.code, units, full, paid))
    return out
