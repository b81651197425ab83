"""Use case: what the agreements are worth, one by one and month by month.

Hard savings (case management) = potential cost − (actual cost + cost of case
management); soft savings are kept apart; a practice's result is the yearly revenue
effect of its rate changes. Months are those of the agreements' effective dates.

The rows come from the store's read model: each agreement with the few columns of its
negotiation that the list shows, not the negotiations themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from accord.adapters.store.read_model import AgreementRow
from accord.services.ports import UnitOfWork

__all__ = ["OutcomeMonth", "OutcomeRow", "Outcomes", "outcomes"]

ZERO = Decimal("0.00")

OutcomeRow = AgreementRow
"""One agreement and its figures (the read model's row)."""


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
    """Every recorded agreement with its savings or revenue effect, and monthly totals.

    Rows come by effective date, then negotiation id.
    """
    with uow:
        rows = uow.summaries.agreements(include_demo=include_demo)
    months: dict[str, list[OutcomeRow]] = {}
    for row in rows:
        months.setdefault(row.effective.strftime("%Y-%m"), []).append(row)
    return Outcomes(
        rows=rows,
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
