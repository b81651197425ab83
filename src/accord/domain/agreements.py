"""Agreements and what they are worth: savings for case managers, revenue for practices.

Case-management savings follow the usual definition:
hard savings = potential cost − (actual cost + cost of case management).
Soft savings (avoided readmissions, complications, lost days) are recorded separately
with the category the organisation's written policy gives them.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from accord.domain.terms import Term, TermKind, TermValue
from accord.errors import ValidationError

__all__ = [
    "Agreement",
    "RateChange",
    "SoftSaving",
    "SoftSavingCategory",
    "episode_cost",
    "rate_changes_from_terms",
]

CENTS = Decimal("0.01")


class SoftSavingCategory(enum.StrEnum):
    AVOIDED_READMISSION = "avoided_readmission"
    AVOIDED_COMPLICATION = "avoided_complication"
    AVOIDED_EMERGENCY_VISIT = "avoided_emergency_visit"
    REDUCED_LENGTH_OF_STAY = "reduced_length_of_stay"
    LEVEL_OF_CARE_CHANGE = "level_of_care_change"
    OTHER = "other"


@dataclass(frozen=True)
class SoftSaving:
    category: SoftSavingCategory
    amount: Decimal
    note: str = ""


@dataclass(frozen=True)
class RateChange:
    """One billing code's rate before and after, and the yearly volume it applies to."""

    code: str
    current_rate: Decimal
    new_rate: Decimal
    yearly_volume: int

    @property
    def yearly_effect(self) -> Decimal:
        return ((self.new_rate - self.current_rate) * self.yearly_volume).quantize(CENTS)


@dataclass(eq=False)
class Agreement:
    """The agreed terms and their figures."""

    final_terms: dict[str, TermValue]
    effective: date
    expires: date | None = None
    potential_cost: Decimal | None = None
    actual_cost: Decimal | None = None
    case_management_cost: Decimal = Decimal("0")
    soft_savings: list[SoftSaving] = field(default_factory=list)
    rate_changes: list[RateChange] = field(default_factory=list)
    note: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        if self.expires is not None and self.expires < self.effective:
            raise ValidationError("an agreement cannot expire before it starts", field="expires")
        for label in ("potential_cost", "actual_cost", "case_management_cost"):
            value = getattr(self, label)
            if value is not None and value < 0:
                raise ValidationError("a cost cannot be negative", field=label)
        for change in self.rate_changes:
            if change.yearly_volume < 0:
                raise ValidationError("volume cannot be negative", field="rate_changes")

    @property
    def hard_savings(self) -> Decimal | None:
        """potential cost − (actual cost + cost of case management), or None when not costed."""
        if self.potential_cost is None or self.actual_cost is None:
            return None
        total = self.potential_cost - (self.actual_cost + self.case_management_cost)
        return total.quantize(CENTS)

    @property
    def soft_savings_total(self) -> Decimal:
        return sum((s.amount for s in self.soft_savings), Decimal("0")).quantize(CENTS)

    @property
    def yearly_revenue_effect(self) -> Decimal | None:
        """Sum over codes of volume × rate change, or None when no rates changed."""
        if not self.rate_changes:
            return None
        return sum((c.yearly_effect for c in self.rate_changes), Decimal("0")).quantize(CENTS)


def episode_cost(terms: Sequence[Term], values: Mapping[str, TermValue]) -> Decimal | None:
    """The cost of a case-management episode from its terms: per diem × days.

    Services marked included cost nothing more (they are in the per diem). None when the
    terms do not hold exactly one per diem and one number of days.
    """
    per_diems = [t for t in terms if t.kind is TermKind.PER_DIEM and t.name in values]
    days = [t for t in terms if t.kind is TermKind.DAYS and t.name in values]
    if len(per_diems) != 1 or len(days) != 1:
        return None
    rate = Decimal(str(values[per_diems[0].name]))
    count = Decimal(str(values[days[0].name]))
    return (rate * count).quantize(CENTS)


def rate_changes_from_terms(
    terms: Sequence[Term],
    values: Mapping[str, TermValue],
    bases: Mapping[str, tuple[Decimal, int]],
) -> list[RateChange]:
    """Each rate term's change: its current rate and yearly volume (``bases``, by term
    name) against the agreed value, so that new rates are never typed twice."""
    changes = []
    for term in terms:
        if term.name not in bases:
            continue
        if term.kind is not TermKind.RATE_PER_UNIT or term.name not in values:
            raise ValidationError(
                f"{term.name} is not an agreed rate per unit", field="rate_changes"
            )
        current, volume = bases[term.name]
        new = Decimal(str(values[term.name])).quantize(CENTS)
        changes.append(RateChange(term.billing_code or term.name, current, new, volume))
    unknown = sorted(set(bases) - {t.name for t in terms})
    if unknown:
        raise ValidationError(f"no rate term named {unknown[0]!r}", field="rate_changes")
    return changes
