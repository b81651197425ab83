"""Expected vs paid: what a contract says a service line is worth, against what came in.

For every line the contract in force on its date of service gives a rate per unit; the
payer's units rule caps the units of timed codes by their minutes; the therapy
multiple-procedure reduction (when the contract applies it) is computed across all the
lines of the same patient-day *before* any line is judged, or the second and later units
of a visit would all look underpaid. The comparison is with the allowed amount (paid +
what the patient owes), because a deductible or coinsurance is not an underpayment.

A % of Medicare rate, and the reduction's practice-expense share, need Medicare's amount
for the code: the caller passes those as :class:`MedicarePrice` by (code, modifier,
year), looked up for the practice's locality.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from accord.domain.economics.contracts import Contract, contract_in_force
from accord.domain.economics.fee_schedule import FeeScheduleEntry, RateBasis
from accord.domain.economics.mppr import MpprLine, mppr_reductions
from accord.domain.economics.service_lines import ServiceLine
from accord.domain.economics.units import assign_units

__all__ = [
    "PRICING_MODIFIERS",
    "ExpectedLine",
    "MedicarePrice",
    "MedicarePrices",
    "expected_amounts",
    "medicare_key",
]

CENTS = Decimal("0.01")
_HUNDRED = Decimal(100)
PRICING_MODIFIERS = ("26", "TC", "53")
"""Modifiers Medicare prices separately (professional, technical component, discontinued)."""


@dataclass(frozen=True, slots=True)
class MedicarePrice:
    """Medicare's amount for one unit of a code, and its practice-expense part, in dollars.

    ``therapy_reduction`` is true for codes under the therapy MPPR (CMS indicator 5).
    """

    total: Decimal
    practice_expense: Decimal
    therapy_reduction: bool


MedicarePrices = Mapping[tuple[str, str, int], MedicarePrice]
"""Medicare prices by (code, pricing modifier or ``""``, schedule year)."""


def medicare_key(line: ServiceLine, year: int) -> tuple[str, str, int]:
    """The (code, modifier, year) under which Medicare prices ``line``."""
    modifier = next((m for m in line.modifiers if m in PRICING_MODIFIERS), "")
    return line.code, modifier, year


@dataclass(frozen=True, slots=True)
class ExpectedLine:
    """A service line with what its contract says it should have been allowed.

    ``expected`` is ``None`` when the line cannot be priced; ``problem`` then says why.
    ``variance`` is allowed (or paid + patient responsibility) minus expected: negative
    when the payer allowed less than the contract says.
    """

    line: ServiceLine
    contract: Contract | None
    entry: FeeScheduleEntry | None
    payable_units: int
    rate_per_unit: Decimal | None
    mppr_reduction: Decimal
    expected: Decimal | None
    compared: Decimal
    problem: str = ""

    @property
    def variance(self) -> Decimal | None:
        """Compared (allowed) minus expected, in dollars; ``None`` when not priced."""
        return None if self.expected is None else self.compared - self.expected


def _rate(
    line: ServiceLine, entry: FeeScheduleEntry, medicare: MedicarePrices
) -> tuple[Decimal | None, str]:
    if entry.basis is RateBasis.AMOUNT:
        return entry.value, ""
    if entry.basis is RateBasis.PERCENT_OF_CHARGES:
        if line.units == 0:
            return Decimal(0), ""
        return entry.value / _HUNDRED * line.charge / line.units, ""
    year = entry.medicare_year or line.date_of_service.year
    price = medicare.get(medicare_key(line, year))
    if price is None:
        return None, f"no Medicare {year} amount for {line.code}"
    return entry.value / _HUNDRED * price.total, ""


@dataclass
class _Priced:
    line: ServiceLine
    contract: Contract | None
    entry: FeeScheduleEntry | None = None
    rate: Decimal | None = None
    units: int = 0
    problem: str = ""


def _reduce(priced: list[_Priced], medicare: MedicarePrices) -> list[Decimal]:
    visit_units = sum(p.units for p in priced if p.rate is not None)
    mppr_lines = []
    for p in priced:
        year = p.entry.medicare_year if p.entry and p.entry.medicare_year else None
        year = year or p.line.date_of_service.year
        price = medicare.get(medicare_key(p.line, year))
        if p.rate is None or p.units == 0:
            mppr_lines.append(MpprLine(p.units, Decimal(0), Decimal(0), reducible=False))
        elif price is None:
            if visit_units > 1 and not p.problem:
                # Without Medicare's split the reduction cannot be computed; a full price
                # would flag the payer's correct reduction as an underpayment.
                p.problem = (
                    f"no Medicare {year} amount for {p.line.code}: its share of the "
                    "multiple-procedure reduction is unknown"
                )
            mppr_lines.append(MpprLine(p.units, Decimal(0), Decimal(0), reducible=False))
        elif price.therapy_reduction and price.total > 0:
            # The contract's rate carries Medicare's practice-expense share of the code.
            pe = p.rate * price.practice_expense / price.total
            mppr_lines.append(MpprLine(p.units, pe, p.rate))
        else:
            mppr_lines.append(MpprLine(p.units, Decimal(0), p.rate, reducible=False))
    return mppr_reductions(mppr_lines)


def _price_visit(
    lines: Sequence[ServiceLine],
    in_force: Callable[[str, date], Contract | None],
    medicare: MedicarePrices,
) -> list[ExpectedLine]:
    priced: list[_Priced] = []
    for line in lines:
        contract = in_force(line.payer, line.date_of_service)
        p = _Priced(line, contract, units=line.units)
        if contract is None:
            p.problem = f"no {line.payer} contract in force on {line.date_of_service}"
        else:
            p.entry = contract.rate_for(line.code, line.modifiers, line.place_of_service)
            if p.entry is None:
                p.problem = f"no rate for {line.code} in the {line.payer} fee schedule"
            else:
                p.rate, p.problem = _rate(line, p.entry, medicare)
        priced.append(p)
    # Units rule: the visit's timed minutes, assigned under the contract's policy, cap the
    # units billed (a line never earns more units than it billed).
    contract = next((p.contract for p in priced if p.contract), None)
    timed = {str(i): p.line.minutes for i, p in enumerate(priced) if p.line.minutes is not None}
    if contract is not None and timed:
        earned = assign_units(timed, contract.units_policy)
        for key, units in earned.items():
            p = priced[int(key)]
            p.units = min(p.line.units, units)
    reductions = [Decimal(0)] * len(priced)
    if contract is not None and contract.mppr:
        reductions = _reduce(priced, medicare)
    out = []
    for p, reduction in zip(priced, reductions, strict=True):
        expected = None
        if p.rate is not None and not p.problem:
            expected = (p.rate * p.units - reduction).quantize(CENTS, rounding=ROUND_HALF_UP)
        out.append(
            ExpectedLine(
                line=p.line,
                contract=p.contract,
                entry=p.entry,
                payable_units=p.units,
                rate_per_unit=p.rate,
                mppr_reduction=reduction.quantize(CENTS, rounding=ROUND_HALF_UP),
                expected=expected,
                compared=p.line.allowed_or_derived,
                problem=p.problem,
            )
        )
    return out


def expected_amounts(
    lines: Iterable[ServiceLine], contracts: Sequence[Contract], medicare: MedicarePrices
) -> list[ExpectedLine]:
    """Price every line against its payer's contract; the result keeps the input order.

    Lines are grouped by payer, visit and date of service so that the units rule and the
    reduction see the whole patient-day.
    """
    ordered = list(lines)
    visits: dict[tuple[str, str, date], list[int]] = defaultdict(list)
    for i, line in enumerate(ordered):
        visits[line.payer.casefold(), line.visit, line.date_of_service].append(i)
    result: list[ExpectedLine | None] = [None] * len(ordered)
    found: dict[tuple[str, date], Contract | None] = {}

    def in_force(payer: str, day: date) -> Contract | None:
        # one search per payer and day: a year's lines fall on a few hundred days
        if (payer, day) not in found:
            found[payer, day] = contract_in_force(contracts, payer, day)
        return found[payer, day]

    for indexes in visits.values():
        for i, priced in zip(
            indexes, _price_visit([ordered[i] for i in indexes], in_force, medicare), strict=True
        ):
            result[i] = priced
    return [r for r in result if r is not None]
