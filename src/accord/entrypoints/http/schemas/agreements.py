"""The agreement on the wire, with its savings or revenue effect."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, Field

from accord.domain.agreements import Agreement, SoftSavingCategory
from accord.entrypoints.http.schemas.common import (
    InputModel,
    LongText,
    Money,
    ShortText,
    TermValueIn,
    TermValueOut,
)

__all__ = [
    "AgreementCreate",
    "AgreementPublic",
    "RateChangeIn",
    "RateChangePublic",
    "SoftSavingIn",
    "SoftSavingPublic",
]


class SoftSavingIn(InputModel):
    category: SoftSavingCategory
    amount: Money
    note: ShortText = ""


class RateChangeIn(InputModel):
    code: ShortText
    current_rate: Money
    new_rate: Money
    yearly_volume: int = Field(ge=0, le=100_000_000)


class AgreementCreate(InputModel):
    final_terms: dict[ShortText, TermValueIn] | None = Field(
        default=None, max_length=100,
        description="Term name → agreed value; omitted: the terms marked agreed so far.",
    )  # fmt: skip
    effective: date
    expires: date | None = None
    potential_cost: Money | None = None
    actual_cost: Money | None = None
    case_management_cost: Money = Decimal("0")
    soft_savings: list[SoftSavingIn] = Field(default_factory=list, max_length=50)
    rate_changes: list[RateChangeIn] = Field(default_factory=list, max_length=200)
    note: LongText = ""


class SoftSavingPublic(BaseModel):
    category: SoftSavingCategory
    amount: Decimal
    note: str


class RateChangePublic(BaseModel):
    code: str
    current_rate: Decimal
    new_rate: Decimal
    yearly_volume: int
    yearly_effect: Decimal


class AgreementPublic(BaseModel):
    final_terms: dict[str, TermValueOut]
    effective: date
    expires: date | None
    potential_cost: Decimal | None
    actual_cost: Decimal | None
    case_management_cost: Decimal
    hard_savings: Decimal | None = Field(
        description="potential cost − (actual cost + case-management cost)"
    )
    soft_savings: list[SoftSavingPublic]
    soft_savings_total: Decimal
    rate_changes: list[RateChangePublic]
    yearly_revenue_effect: Decimal | None
    note: str

    @classmethod
    def of(cls, a: Agreement) -> AgreementPublic:
        return cls(
            final_terms=dict(a.final_terms), effective=a.effective, expires=a.expires,
            potential_cost=a.potential_cost, actual_cost=a.actual_cost,
            case_management_cost=a.case_management_cost, hard_savings=a.hard_savings,
            soft_savings=[SoftSavingPublic(category=s.category, amount=s.amount, note=s.note)
                          for s in a.soft_savings],
            soft_savings_total=a.soft_savings_total,
            rate_changes=[
                RateChangePublic(code=r.code, current_rate=r.current_rate, new_rate=r.new_rate,
                                 yearly_volume=r.yearly_volume, yearly_effect=r.yearly_effect)
                for r in a.rate_changes
            ],
            yearly_revenue_effect=a.yearly_revenue_effect, note=a.note,
        )  # fmt: skip
