"""What a package of term values is worth in dollars, for the negotiation it belongs to.

Two readings, by the kind of negotiation:

* **Case management** (single case agreement, length of stay, …): the *episode cost* —
  each per diem × the days of the package, each rate per unit × the visits (or units) of
  the package — and the *saving* against the potential cost (what the episode would cost
  without the negotiation). Services the package includes cost nothing more; services it
  leaves out are billed separately and named, since the record holds no price for them.
* **Contract rates**: the *yearly revenue* — each rate × its term's yearly volume — and
  the *change* against the same volumes at the current rates.

Example: per diem $690/day, 21 days, therapy included, potential cost $18,720::

    episode cost = 690 × 21 = $14,490;  saving = 18,720 − 14,490 = $4,230
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from accord.domain.term_labels import term_label
from accord.domain.terms import Term, TermKind, TermValue

__all__ = ["MoneyLine", "PackageMoney", "dollars", "episode_cost", "yearly_revenue"]

CENTS = Decimal("0.01")
_QUANTITIES = (TermKind.DAYS, TermKind.VISITS, TermKind.UNITS)


def _cents(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(CENTS, rounding=ROUND_HALF_UP)


def dollars(amount: Decimal | None, *, signed: bool = False) -> str:
    """``$14,490.00``; with ``signed`` a change reads ``+$1,200.00`` or ``−$300.00``."""
    if amount is None:
        return "—"
    if signed:
        sign = "+" if amount > 0 else ("−" if amount < 0 else "±")
        return f"{sign}${abs(amount):,.2f}"
    return f"-${abs(amount):,.2f}" if amount < 0 else f"${amount:,.2f}"


@dataclass(frozen=True, slots=True)
class MoneyLine:
    """One priced part of a package: ``per diem $690.00/day × 21 days = $14,490.00``."""

    term: str
    label: str
    amount: Decimal
    reference: Decimal | None
    """The same line at the reference (current rates), when the rate term has one."""
    working: str


@dataclass(frozen=True, slots=True)
class PackageMoney:
    """A package in dollars: episode cost and saving, or yearly revenue and change."""

    basis: str
    """``episode`` (case management) or ``yearly`` (contract rates)."""
    total: Decimal | None
    """Episode cost, or yearly revenue at the negotiation's volumes (``None``: not priced)."""
    reference: Decimal | None
    """Potential cost of the episode, or yearly revenue at the current rates."""
    lines: tuple[MoneyLine, ...]
    notes: tuple[str, ...]

    @property
    def difference(self) -> Decimal | None:
        """The saving (potential − episode cost) or the change (new − current revenue)."""
        if self.total is None or self.reference is None:
            return None
        if self.basis == "episode":
            return self.reference - self.total
        return self.total - self.reference

    @property
    def headline(self) -> str:
        """One line in words: ``episode cost $14,490.00 · saving $4,230.00``."""
        if self.total is None:
            return "not priced: " + "; ".join(self.notes) if self.notes else "not priced"
        if self.basis == "episode":
            text = f"episode cost {dollars(self.total)}"
            if self.difference is not None:
                text += f" · saving {dollars(self.difference)} against the potential cost"
            return text
        text = f"yearly revenue {dollars(self.total)}"
        if self.difference is not None:
            text += f" · {dollars(self.difference, signed=True)} a year against current rates"
        return text


def _number(value: TermValue | None) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _included(value: TermValue | None) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        if text in {"yes", "true", "included", "1"}:
            return True
        if text in {"no", "false", "excluded", "0"}:
            return False
    return None


def _value_of(term: Term, values: Mapping[str, TermValue]) -> TermValue | None:
    """The package's value for ``term``; a term set aside as agreed keeps its agreed value."""
    if term.name in values:
        return values[term.name]
    return term.agreed_value


def episode_cost(
    terms: Sequence[Term], values: Mapping[str, TermValue], *, potential: Decimal | None
) -> PackageMoney:
    """Episode cost of a case-management package and its saving against ``potential``.

    Each per diem is multiplied by the package's days; each rate per unit by its visits
    (or units). Included services add nothing; excluded ones are named in the notes.
    """
    quantities = {t.kind: t for t in terms if t.kind in _QUANTITIES}
    lines: list[MoneyLine] = []
    notes: list[str] = []
    for term in terms:
        if not term.kind.is_money:
            if term.kind is TermKind.SERVICE_INCLUDED:
                flag = _included(_value_of(term, values))
                if flag is False:
                    notes.append(f"{term_label(term)}: not included, billed separately "
                                 "(not counted)")  # fmt: skip
            continue
        rate = _number(_value_of(term, values))
        count_kind = TermKind.DAYS if term.kind is TermKind.PER_DIEM else None
        count_term = quantities.get(count_kind) if count_kind else None
        if count_term is None and term.kind is TermKind.RATE_PER_UNIT:
            count_term = quantities.get(TermKind.VISITS) or quantities.get(TermKind.UNITS)
        count = _number(_value_of(count_term, values)) if count_term is not None else None
        if rate is None or count is None:
            notes.append(f"{term_label(term)}: no {('days' if count_kind else 'visits')} "
                         "to multiply by")  # fmt: skip
            continue
        amount = _cents(Decimal(str(rate)) * Decimal(str(count)))
        assert count_term is not None
        lines.append(MoneyLine(term.name, term_label(term), amount, None,
                               f"{term.format(rate)} × {count_term.format(count)}"))  # fmt: skip
    total = sum((line.amount for line in lines), Decimal(0)) if lines else None
    return PackageMoney("episode", total, potential, tuple(lines), tuple(notes))


def yearly_revenue(terms: Sequence[Term], values: Mapping[str, TermValue]) -> PackageMoney:
    """Yearly revenue of a rate package at each term's yearly volume, and its change
    against the same volumes at the current rates (when every priced term has one)."""
    lines: list[MoneyLine] = []
    notes: list[str] = []
    missing_current = False
    for term in terms:
        if not term.kind.is_money:
            continue
        rate = _number(_value_of(term, values))
        if rate is None:
            continue
        if term.yearly_volume is None:
            notes.append(f"{term_label(term)}: no yearly volume recorded")
            continue
        volume = Decimal(term.yearly_volume)
        amount = _cents(Decimal(str(rate)) * volume)
        reference = None
        if term.current is None:
            missing_current = True
        else:
            reference = _cents(Decimal(str(term.current)) * volume)
        lines.append(MoneyLine(term.name, term_label(term), amount, reference,
                               f"{term.format(rate)} × {term.yearly_volume:,} a year"))  # fmt: skip
    if missing_current and lines:
        notes.append("some rates have no current rate recorded: no change shown")
    total = sum((line.amount for line in lines), Decimal(0)) if lines else None
    current = None
    if lines and not missing_current:
        current = sum((line.reference or Decimal(0) for line in lines), Decimal(0))
    return PackageMoney("yearly", total, current, tuple(lines), tuple(notes))
