"""The contract modeller: the current fee schedule against proposed ones, over the
practice's real volumes, per code and in total, with the units rules and the
multiple-procedure reduction applied exactly as expected-vs-paid applies them.

Every line of the period is priced under each schedule (the same visits, so a proposal
that changes the units policy or the MPPR shows that effect too); the difference over the
period, scaled to 365 days, is the proposal's yearly revenue effect. Example::

    >>> from datetime import date
    >>> yearly_factor(date(2026, 1, 1), date(2026, 6, 30))
    Decimal('2.016574585635359116022099448')
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from accord.domain.economics.contracts import Contract
from accord.domain.economics.expected import MedicarePrices, expected_amounts
from accord.domain.economics.fee_schedule import MAX_PERCENT, RateBasis
from accord.domain.economics.service_lines import ServiceLine
from accord.errors import ValidationError

__all__ = ["CodeModel", "ContractModel", "model_contract", "raised", "yearly_factor"]

_ZERO = Decimal(0)
_CENTS = Decimal("0.01")


def yearly_factor(start: date, end: date) -> Decimal:
    """How many times the period ``start``..``end`` (inclusive) fits in 365 days."""
    days = (end - start).days + 1
    if days < 1:
        raise ValidationError(f"the period ends ({end}) before it starts ({start})", field="to")
    return Decimal(365) / days


def raised(contract: Contract, percent: Decimal) -> Contract:
    """The contract with every rate raised (or, negative, cut) by ``percent``."""
    if not percent.is_finite() or not -100 < percent <= MAX_PERCENT:
        raise ValidationError(f"expected a change above -100% and at most 1000%, found {percent}")
    factor = 1 + percent / 100
    entries = []
    for e in contract.entries:
        value = e.value * factor
        value = value.quantize(_CENTS if e.basis is RateBasis.AMOUNT else Decimal("0.001"),
                               rounding=ROUND_HALF_UP)  # fmt: skip
        entries.append(replace(e, value=value))
    return replace(contract, entries=tuple(entries))


@dataclass(frozen=True, slots=True)
class CodeModel:
    """One code: its volume and what it earns under the current and each proposed schedule.

    ``current`` and ``proposed[i]`` are ``None`` when that schedule has no rate for it.
    """

    code: str
    lines: int
    units: int
    current: Decimal | None
    proposed: tuple[Decimal | None, ...]


@dataclass(frozen=True, slots=True)
class ContractModel:
    """Totals over the period and per code; ``factor`` scales the period to a year."""

    payer: str
    start: date
    end: date
    factor: Decimal
    codes: tuple[CodeModel, ...]
    current: Decimal
    proposed: tuple[Decimal, ...]
    unpriced: int

    def yearly_effect(self, index: int) -> Decimal:
        """Proposal ``index``'s revenue change over a year, in dollars (cents)."""
        return ((self.proposed[index] - self.current) * self.factor).quantize(
            _CENTS, rounding=ROUND_HALF_UP
        )


def _price(
    lines: Sequence[ServiceLine], schedule: Contract, start: date, medicare: MedicarePrices
) -> list[Decimal | None]:
    # The schedule prices every line of the period, whatever its own term says: the
    # question is what these visits would have earned under it.
    whole = replace(schedule, effective=start, end=None, auto_renews=False)
    return [e.expected for e in expected_amounts(lines, [whole], medicare)]


def model_contract(
    lines: Sequence[ServiceLine],
    current: Contract,
    proposals: Sequence[Contract],
    medicare: MedicarePrices,
    *,
    start: date,
    end: date,
) -> ContractModel:
    """Price ``lines`` (one payer's, dated ``start``..``end``) under each schedule.

    A line the current schedule cannot price is left out of every total (``unpriced``),
    so the comparison is always over the same work.
    """
    factor = yearly_factor(start, end)
    own = [replace(line, payer=current.payer) for line in lines]
    schedules = [current, *(replace(p, payer=current.payer) for p in proposals)]
    priced = [_price(own, s, start, medicare) for s in schedules]
    kept = [i for i, amount in enumerate(priced[0]) if amount is not None]
    by_code: dict[str, list[int]] = defaultdict(list)
    for i in kept:
        by_code[own[i].code].append(i)

    def total(column: list[Decimal | None], rows: list[int]) -> Decimal | None:
        values = [column[i] for i in rows]
        return None if any(v is None for v in values) else sum((v or _ZERO for v in values), _ZERO)

    codes = tuple(
        CodeModel(
            code=code,
            lines=len(rows),
            units=sum(own[i].units for i in rows),
            current=total(priced[0], rows),
            proposed=tuple(total(column, rows) for column in priced[1:]),
        )
        for code, rows in sorted(by_code.items())
    )
    # a code a proposal does not price keeps its current amount in that proposal's total
    proposed_totals = []
    for k in range(len(proposals)):
        amounts = [c.proposed[k] if c.proposed[k] is not None else c.current for c in codes]
        proposed_totals.append(sum((a or _ZERO for a in amounts), _ZERO))
    return ContractModel(
        payer=current.payer,
        start=start,
        end=end,
        factor=factor,
        codes=codes,
        current=sum((c.current or _ZERO for c in codes), _ZERO),
        proposed=tuple(proposed_totals),
        unpriced=len(lines) - len(kept),
    )
