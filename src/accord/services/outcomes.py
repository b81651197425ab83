"""Use case: what the agreements are worth, one by one and month by month.

Hard savings (case management) = potential cost − (actual cost + cost of case
management); soft savings are kept apart; a practice's result is the yearly revenue
effect of its rate changes. Months are those of the agreements' effective dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from accord.domain.negotiation import NegotiationKind
from accord.domain.stages import Stage
from accord.services.ports import UnitOfWork

__all__ = ["OutcomeMonth", "OutcomeRow", "Outcomes", "outcomes"]

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class OutcomeRow:
    """One agreement and its figures."""

    negotiation_id: int
    title: str
    kind: NegotiationKind
    counterparty: str
    effective: date
    agreed_at: datetime | None
    hard_savings: Decimal | None
    soft_savings: Decimal
    revenue_effect: Decimal | None
    is_demo: bool


@dataclass(frozen=True)
class OutcomeMonth:
    """Totals of the agreements effective in one month (``YYYY-MM``)."""

    month: str
    agreements: int
    hard_savings: Decimal
    soft_savings: Decimal
    revenue_effect: Decimal


@dataclass(frozen=True)
class Outcomes:
    rows: list[OutcomeRow]
    months: list[OutcomeMonth]

    @property
    def hard_savings(self) -> Decimal:
        return sum((r.hard_savings or ZERO for r in self.rows), ZERO)

    @property
    def soft_savings(self) -> Decimal:
        return sum((r.soft_savings for r in self.rows), ZERO)

    @property
    def revenue_effect(self) -> Decimal:
        return sum((r.revenue_effect or ZERO for r in self.rows), ZERO)


def outcomes(uow: UnitOfWork, *, include_demo: bool = True) -> Outcomes:
    """Every recorded agreement with its savings or revenue effect, and monthly totals."""
    with uow:
        rows = list(uow.negotiations.list(include_demo=include_demo))
        names = {o.id: o.name for o in uow.organisations.list()}
    result: list[OutcomeRow] = []
    for n in rows:
        a = n.agreement
        if a is None or n.id is None:
            continue
        agreed = [c.at for c in n.stage_history if c.to_stage is Stage.AGREED]
        result.append(
            OutcomeRow(
                negotiation_id=n.id,
                title=n.title,
                kind=n.kind,
                counterparty=names.get(n.counterparty_id, "?"),
                effective=a.effective,
                agreed_at=agreed[-1] if agreed else None,
                hard_savings=a.hard_savings,
                soft_savings=a.soft_savings_total,
                revenue_effect=a.yearly_revenue_effect,
                is_demo=n.is_demo,
            )
        )
    result.sort(key=lambda r: (r.effective, r.negotiation_id))
    months: dict[str, list[OutcomeRow]] = {}
    for row in result:
        months.setdefault(row.effective.strftime("%Y-%m"), []).append(row)
    return Outcomes(
        rows=result,
        months=[
            OutcomeMonth(
                month=month,
                agreements=len(items),
                hard_savings=sum((r.hard_savings or ZERO for r in items), ZERO),
                soft_savings=sum((r.soft_savings for r in items), ZERO),
                revenue_effect=sum((r.revenue_effect or ZERO for r in items), ZERO),
            )
            for month, items in sorted(months.items())
        ],
    )
