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

from accord.services.ports import UnitOfWork
from accord.services.read_model import AgreementMonth, AgreementRow

__all__ = ["PAGE_SIZE", "OutcomeMonth", "OutcomeRow", "Outcomes", "outcomes"]

ZERO = Decimal("0.00")
PAGE_SIZE = 100
"""Agreements listed per page on the outcomes page and API unless asked otherwise."""

OutcomeRow = AgreementRow
"""One agreement and its figures (the read model's row)."""

OutcomeMonth = AgreementMonth
"""Totals of the agreements effective in one month (``YYYY-MM``)."""


@dataclass(frozen=True)
class Outcomes:
    """A page of agreements (``rows``, from ``offset``) and the totals of all of them.

    ``months`` and the totals cover every agreement, whichever page ``rows`` holds.
    """

    rows: list[OutcomeRow]
    months: list[OutcomeMonth]
    total: int
    offset: int = 0
    limit: int | None = None

    @property
    def hard_savings(self) -> Decimal:
        return sum((m.hard_savings for m in self.months), ZERO)

    @property
    def soft_savings(self) -> Decimal:
        return sum((m.soft_savings for m in self.months), ZERO)

    @property
    def revenue_effect(self) -> Decimal:
        return sum((m.revenue_effect for m in self.months), ZERO)


def outcomes(
    uow: UnitOfWork, *, include_demo: bool = True, offset: int = 0, limit: int | None = None
) -> Outcomes:
    """Recorded agreements with their savings or revenue effect (by effective date, then
    negotiation; ``limit`` None: all from ``offset``), and monthly totals of all."""
    with uow:
        rows = uow.summaries.agreements(include_demo=include_demo, offset=offset, limit=limit)
        months = uow.summaries.agreement_months(include_demo=include_demo)
    return Outcomes(
        rows=rows,
        months=months,
        total=sum(m.agreements for m in months),
        offset=offset,
        limit=limit,
    )
