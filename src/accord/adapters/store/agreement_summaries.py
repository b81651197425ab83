"""The read model's agreement rows and monthly totals, summed in SQL.

Part of :class:`~accord.adapters.store.summaries.SqlRecordSummaries`: the figures follow
the domain's rules (:class:`~accord.domain.agreements.Agreement`) without loading a
negotiation, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from accord.adapters.store import tables as t
from accord.adapters.store.board_queries import visible
from accord.adapters.store.dialect import json_objects, json_text, year_month
from accord.adapters.store.scoping import negotiation_conditions
from accord.adapters.store.types import Money
from accord.domain.agreements import CENTS, RateChange, SoftSaving
from accord.domain.stages import Stage
from accord.services.read_model import AgreementMonth, AgreementRow

__all__ = ["AgreementSummaries"]

n = t.negotiations
counterparty = t.organisations.alias("counterparty")
ZERO = Decimal("0.00")
# month -> (agreements, hard savings, soft savings, yearly revenue effect)
_Totals = dict[str, tuple[int, Decimal, Decimal, Decimal]]


def _figures(
    hard: Decimal | None, soft: list[SoftSaving], changes: list[RateChange]
) -> tuple[Decimal | None, Decimal, Decimal | None]:
    """(hard savings, soft savings total, yearly revenue effect) as the domain has them."""
    soft_total = sum((s.amount for s in soft), ZERO).quantize(CENTS)
    revenue = sum((c.yearly_effect for c in changes), ZERO).quantize(CENTS) if changes else None
    return hard, soft_total, revenue


def _cents(text: sa.ColumnElement[str]) -> sa.ColumnElement[float]:
    return sa.cast(text, sa.Float) * 100


def _fraction(cents: sa.ColumnElement[float]) -> sa.ColumnElement[bool]:
    """True for an amount that is not a whole number of cents (beyond float noise)."""
    return sa.func.abs(cents - sa.func.round(cents)) > 1e-6


def _dollars(cents: float | int | None) -> Decimal:
    """A sum of whole cents from the database, as dollars."""
    return (Decimal(round(cents or 0)) / 100).quantize(CENTS)


class AgreementSummaries:
    """Agreements across negotiations (a part of ``SqlRecordSummaries``)."""

    _session: Session

    def _agreement_query(self, include_demo: bool) -> sa.Select[Any]:
        """Each agreement's figures from its columns, without loading the negotiation.

        The rules are the domain's (:class:`~accord.domain.agreements.Agreement`): hard
        savings = potential − (actual + case management), None unless both costs are
        known, here in integer cents; soft savings and the revenue effect are summed in
        :func:`_figures` from the JSON lists, in decimals, as the domain sums them.
        """
        a = t.agreements
        hard = sa.type_coerce(a.c.potential_cost - (a.c.actual_cost + a.c.case_management_cost),
                              Money())  # fmt: skip
        return (
            sa.select(a.c.effective, hard.label("hard"), a.c.soft_savings, a.c.rate_changes)
            .join(n, n.c.id == a.c.negotiation_id)
            .where(*visible(include_demo), *negotiation_conditions(self._session))
        )

    def agreements(
        self, *, include_demo: bool = True, offset: int = 0, limit: int | None = None
    ) -> list[AgreementRow]:
        """Recorded agreements with their figures, by effective date then negotiation."""
        sc = t.stage_changes
        agreed_at = (
            sa.select(sc.c.at)
            .where(sc.c.negotiation_id == n.c.id, sc.c.to_stage == Stage.AGREED)
            .order_by(sc.c.id.desc())
            .limit(1)
            .scalar_subquery()
        )
        query = (
            self._agreement_query(include_demo)
            .add_columns(n.c.id, n.c.title, n.c.kind, counterparty.c.name,
                         agreed_at.label("agreed_at"), n.c.is_demo)
            .join(counterparty, counterparty.c.id == n.c.counterparty_id)
            .order_by(t.agreements.c.effective, n.c.id)
            .offset(offset)
            .limit(limit)
        )  # fmt: skip
        rows = []
        for row in self._session.execute(query):
            hard, soft, revenue = _figures(row.hard, row.soft_savings, row.rate_changes)
            rows.append(
                AgreementRow(
                    negotiation_id=row.id, title=row.title, kind=row.kind,
                    counterparty=row.name, effective=row.effective, agreed_at=row.agreed_at,
                    hard_savings=hard, soft_savings=soft, revenue_effect=revenue,
                    is_demo=row.is_demo,
                )
            )  # fmt: skip
        return rows

    def agreement_months(self, *, include_demo: bool = True) -> list[AgreementMonth]:
        """Totals of the agreements effective in each month, oldest month first.

        Summed in SQL in integer cents. Soft savings and rate changes live in JSON lists
        of decimal text: an amount or rate in whole cents is exact as cents, so those
        agreements are summed by the database; the rare agreement with a fraction of a
        cent (which the domain rounds half-even per agreement) is summed here instead.
        """
        per_agreement = _per_agreement(include_demo, negotiation_conditions(self._session))
        whole = per_agreement.c.fractional.is_(False)
        query = (
            sa.select(
                per_agreement.c.month,
                sa.func.count(),
                sa.func.sum(per_agreement.c.hard),
                sa.func.sum(per_agreement.c.soft),
                sa.func.sum(per_agreement.c.revenue),
            )
            .where(whole)
            .group_by(per_agreement.c.month)
        )
        totals: _Totals = {
            m: (k, _dollars(hard), _dollars(soft), _dollars(revenue))
            for m, k, hard, soft, revenue in self._session.execute(query)
        }
        odd = list(self._session.scalars(sa.select(per_agreement.c.id).where(~whole)))
        if odd:
            self._add_in_decimals(totals, odd)
        return [
            AgreementMonth(month=m, agreements=k, hard_savings=h, soft_savings=so,
                           revenue_effect=r)
            for m, (k, h, so, r) in sorted(totals.items())
        ]  # fmt: skip

    def _add_in_decimals(self, totals: _Totals, ids: list[int]) -> None:
        """Add the agreements ``ids`` to their months' totals, summed as the domain does."""
        query = self._agreement_query(True).where(t.agreements.c.id.in_(ids))
        for row in self._session.execute(query):
            hard, soft_total, revenue = _figures(row.hard, row.soft_savings, row.rate_changes)
            m = row.effective.strftime("%Y-%m")
            k, h, so, r = totals.get(m, (0, ZERO, ZERO, ZERO))
            totals[m] = (k + 1, h + (hard or ZERO), so + soft_total, r + (revenue or ZERO))


def _per_agreement(include_demo: bool, scoped: list[sa.ColumnElement[bool]]) -> Any:
    """One row per visible agreement: its month, hard savings, soft savings and yearly
    revenue effect in cents, and whether any amount has a fraction of a cent."""
    a = t.agreements
    soft = json_objects(a.c.soft_savings).table_valued("value")
    amount = _cents(json_text(soft.c.value, "amount"))
    rates = json_objects(a.c.rate_changes).table_valued("value")
    new = _cents(json_text(rates.c.value, "new_rate"))
    old = _cents(json_text(rates.c.value, "current_rate"))
    volume = sa.cast(json_text(rates.c.value, "yearly_volume"), sa.Float)

    def over(elements: Any, value: Any, *where: Any) -> Any:
        return sa.select(value).select_from(elements).where(*where).scalar_subquery()

    fractional = sa.or_(
        over(soft, sa.func.count(), _fraction(amount)) > 0,
        over(rates, sa.func.count(), _fraction(new) | _fraction(old)) > 0,
    )
    yearly = sa.func.sum((sa.func.round(new) - sa.func.round(old)) * volume)
    return (
        sa.select(
            year_month(a.c.effective).label("month"),
            a.c.id,
            (a.c.potential_cost - (a.c.actual_cost + a.c.case_management_cost)).label("hard"),
            over(soft, sa.func.sum(sa.func.round(amount))).label("soft"),
            over(rates, yearly).label("revenue"),
            fractional.label("fractional"),
        )
        .join(n, n.c.id == a.c.negotiation_id)
        .where(*visible(include_demo), *scoped)
        .subquery()
    )
