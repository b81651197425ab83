"""The read model's queries: counts, dates and sums per negotiation and contact, in SQL.

One code path for SQLite and PostgreSQL (SQLAlchemy Core, with the few spellings that
differ in :mod:`accord.adapters.store.dialect`). Each list is paged in the database and
only the page's rows are completed, so a page costs the same with 50 negotiations or
50,000. Orders match the services' documented orders exactly (text by code point, ties
by id), so that the read model and the whole aggregates agree row for row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from accord.adapters.store import tables as t
from accord.adapters.store.board_queries import (
    LATE,
    ROWS,
    board_query,
    overdue_query,
    visible,
)
from accord.adapters.store.contact_offers import latest_offer_per_contact
from accord.adapters.store.dialect import (
    bytewise,
    hours_between,
    json_elements,
    json_objects,
    json_text,
    year_month,
)
from accord.adapters.store.types import Money
from accord.domain.agreements import CENTS, RateChange, SoftSaving
from accord.domain.interactions import InteractionDirection, Responsiveness
from accord.domain.organisations import Contact, DecisionRole
from accord.domain.stages import Stage
from accord.services.read_model import (
    AgreementMonth,
    AgreementRow,
    ContactRow,
    FollowUpRow,
    NegotiationRow,
)

__all__ = ["SqlRecordSummaries"]

n = t.negotiations
i = t.interactions
counterparty = t.organisations.alias("counterparty")
CLOSED = [s for s in Stage if s.is_closed]
OPEN = [s for s in Stage if not s.is_closed]
ZERO = Decimal("0.00")


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


class SqlRecordSummaries:
    """Summaries across negotiations and contacts (rows of ``services.read_model``)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    # -- negotiations ----------------------------------------------------------------------
    def stage_counts(self, *, include_demo: bool = True) -> dict[Stage, int]:
        """How many negotiations each stage holds (every stage present)."""
        query = sa.select(n.c.stage, sa.func.count()).where(*visible(include_demo))
        counts: dict[Stage, int] = dict(self._session.execute(query.group_by(n.c.stage)).all())
        return {stage: counts.get(stage, 0) for stage in Stage}

    def board(
        self,
        now: datetime,
        *,
        stages: Sequence[Stage],
        offset: int = 0,
        limit: int = 50,
        include_demo: bool = True,
    ) -> dict[Stage, list[NegotiationRow]]:
        """Each of ``stages``: its negotiations from ``offset``, nearest deadline first."""
        query = board_query(tuple(stages), include_demo)
        picked = sorted(
            self._session.execute(query, {"offset": offset, "limit": limit}).all(),
            key=lambda r: (r.deadline is None, r.deadline or date.min, r.title, r.id),
        )
        rows = self._rows([r.id for r in picked], now)
        result: dict[Stage, list[NegotiationRow]] = {stage: [] for stage in stages}
        for r in picked:
            result[r.stage].append(rows[r.id])
        return result

    def overdue(
        self, now: datetime, *, limit: int = 50, include_demo: bool = True
    ) -> tuple[int, list[NegotiationRow]]:
        """(how many open negotiations have a follow-up overdue at ``now``, the ``limit``
        most overdue of them).

        Ties keep the board's order: stage in process order, then nearest deadline.
        """
        params = {"now": now, "limit": limit}
        picked = self._session.execute(overdue_query(include_demo), params).all()
        rows = self._rows([nid for nid, _ in picked], now)
        return (picked[0].total if picked else 0), [rows[nid] for nid, _ in picked]

    def by_id(
        self,
        now: datetime,
        *,
        stage: Stage | None = None,
        offset: int = 0,
        limit: int = 50,
        include_demo: bool = True,
    ) -> tuple[int, list[NegotiationRow]]:
        """(how many match, one page of them by id), optionally of one stage."""
        where = [*visible(include_demo), *([n.c.stage == stage] if stage else [])]
        total = self._session.scalar(sa.select(sa.func.count()).select_from(n).where(*where))
        query = sa.select(n.c.id).where(*where).order_by(n.c.id).offset(offset).limit(limit)
        ids = list(self._session.scalars(query))
        rows = self._rows(ids, now)
        return int(total or 0), [rows[nid] for nid in ids]

    def _rows(self, ids: list[int], now: datetime) -> dict[int, NegotiationRow]:
        """The rows of the negotiations ``ids``: one query, and one for overdue follow-ups."""
        if not ids:
            return {}
        params = {"ids": ids, "now": now}
        overdue: dict[int, list[FollowUpRow]] = {}
        for row in self._session.execute(LATE, params):
            overdue.setdefault(row.negotiation_id, []).append(
                FollowUpRow(
                    at=row.at, channel=row.channel, direction=row.direction,
                    contact_id=row.contact_id, summary=row.summary,
                    their_points=row.their_points, our_questions=row.our_questions,
                    follow_up_due=row.follow_up_due, follow_up_done=row.follow_up_done,
                    replied_at=row.replied_at, id=row.id, corrects_id=row.corrects_id,
                )
            )  # fmt: skip
        return {
            row.id: NegotiationRow(
                id=row.id, title=row.title, kind=row.kind, stage=row.stage,
                our_org_id=row.our_org_id, counterparty_id=row.counterparty_id,
                counterparty=row.name, deadline=row.deadline, is_demo=row.is_demo,
                version=row.version, offers=row.offers, next_follow_up=row.next_follow_up,
                overdue=tuple(overdue.get(row.id, ())),
            )
            for row in self._session.execute(ROWS, params)
        }  # fmt: skip

    # -- agreements ------------------------------------------------------------------------
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
            .where(*visible(include_demo))
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
        per_agreement = (
            sa.select(
                year_month(a.c.effective).label("month"),
                a.c.id,
                (a.c.potential_cost - (a.c.actual_cost + a.c.case_management_cost)).label("hard"),
                over(soft, sa.func.sum(sa.func.round(amount))).label("soft"),
                over(rates, yearly).label("revenue"),
                fractional.label("fractional"),
            )
            .join(n, n.c.id == a.c.negotiation_id)
            .where(*visible(include_demo))
            .subquery()
        )
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
        totals: dict[str, tuple[int, Decimal, Decimal, Decimal]] = {
            m: (k, _dollars(hard), _dollars(soft), _dollars(revenue))
            for m, k, hard, soft, revenue in self._session.execute(query)
        }
        odd = list(self._session.scalars(sa.select(per_agreement.c.id).where(~whole)))
        if odd:
            for row in self._session.execute(self._agreement_query(True).where(a.c.id.in_(odd))):
                hard, soft_total, revenue = _figures(row.hard, row.soft_savings, row.rate_changes)
                m = row.effective.strftime("%Y-%m")
                k, h, so, r = totals.get(m, (0, ZERO, ZERO, ZERO))
                totals[m] = (k + 1, h + (hard or ZERO), so + soft_total, r + (revenue or ZERO))
        return [
            AgreementMonth(month=m, agreements=k, hard_savings=h, soft_savings=so,
                           revenue_effect=r)
            for m, (k, h, so, r) in sorted(totals.items())
        ]  # fmt: skip

    # -- contacts --------------------------------------------------------------------------
    def count_contacts(self, organisation_id: int | None = None) -> int:
        query = sa.select(sa.func.count()).select_from(t.contacts)
        if organisation_id is not None:
            query = query.where(t.contacts.c.organisation_id == organisation_id)
        return int(self._session.scalar(query) or 0)

    def contacts(
        self,
        organisation_id: int | None = None,
        *,
        offset: int = 0,
        limit: int | None = 100,
        named_per_contact: int = 10,
    ) -> list[ContactRow]:
        """Contacts, decision makers first, then by organisation and name; with their
        interactions across every negotiation and the (latest ``named_per_contact``)
        negotiations naming them."""
        c, org = t.contacts, t.organisations
        query = (
            sa.select(Contact, org.c.name)
            .join(org, org.c.id == c.c.organisation_id)
            .order_by(c.c.role != DecisionRole.DECISION_MAKER, bytewise(org.c.name),
                      bytewise(c.c.name), c.c.id)
            .offset(offset)
            .limit(limit)
        )  # fmt: skip
        if organisation_id is not None:
            query = query.where(c.c.organisation_id == organisation_id)
        page = self._session.execute(query).all()
        ids = [contact.id for contact, _ in page if contact.id is not None]
        if not ids:
            return []
        activity = self._contact_activity(ids)
        medians = self._reply_medians(ids)
        organisations = {contact.organisation_id for contact, _ in page}
        named, sizes = self._negotiations_naming(ids, organisations, named_per_contact)
        offered = latest_offer_per_contact(self._session, ids, organisations)
        rows = []
        for contact, organisation in page:
            cid = contact.id or -1
            count, last, asked, answered = activity.get(cid, (0, None, 0, 0))
            rows.append(
                ContactRow(
                    contact=contact, organisation=organisation,
                    negotiations=tuple(named.get(cid, ())),
                    negotiation_count=sizes.get(cid, 0), interactions=count,
                    last_contact=last,
                    responsiveness=Responsiveness(answered=answered, unanswered=asked - answered,
                                                  median_hours=medians.get(cid)),
                    last_offer=offered.get(cid),
                )
            )  # fmt: skip
        return rows

    def _contact_activity(self, ids: list[int]) -> dict[int, tuple[int, datetime | None, int, int]]:
        """contact → (interactions, last one, ours awaiting their answer, answered)."""
        outbound = i.c.direction == InteractionDirection.OUTBOUND
        query = (
            sa.select(
                i.c.contact_id, sa.func.count(), sa.func.max(i.c.at),
                sa.func.count(sa.case((outbound, 1))),
                sa.func.count(sa.case((outbound & i.c.replied_at.is_not(None), 1))),
            )
            .where(i.c.contact_id.in_(ids), i.c.withdrawn_at.is_(None))
            .group_by(i.c.contact_id)
        )  # fmt: skip
        return {cid: (count, last, asked, answered)
                for cid, count, last, asked, answered in self._session.execute(query)}  # fmt: skip

    def _reply_medians(self, ids: list[int]) -> dict[int, float]:
        """contact → median hours they took to answer our messages (ranked in SQL)."""
        hours = hours_between(i.c.at, i.c.replied_at)
        ranked = (
            sa.select(
                i.c.contact_id, hours.label("hours"),
                sa.func.row_number().over(partition_by=i.c.contact_id, order_by=hours)
                .label("place"),
                sa.func.count().over(partition_by=i.c.contact_id).label("size"),
            )
            .where(i.c.contact_id.in_(ids), i.c.direction == InteractionDirection.OUTBOUND,
                   i.c.replied_at.is_not(None), i.c.withdrawn_at.is_(None))
            .subquery()
        )  # fmt: skip
        # The middle one, or the mean of the middle two (integer division on both).
        middle = sa.or_(
            ranked.c.place == (ranked.c.size + 1) // 2, ranked.c.place == (ranked.c.size + 2) // 2
        )
        query = (
            sa.select(ranked.c.contact_id, sa.func.avg(ranked.c.hours))
            .where(middle)
            .group_by(ranked.c.contact_id)
        )
        return {cid: float(median) for cid, median in self._session.execute(query)}

    def _negotiations_naming(
        self, ids: list[int], organisations: set[int], keep: int
    ) -> tuple[dict[int, list[tuple[int, str]]], dict[int, int]]:
        """(contact → (id, title) of the ``keep`` latest negotiations that list them or
        logged talking to them, by id; contact → how many negotiations in all).

        Only a negotiation with the contact's organisation can name them (the services
        refuse anything else), so only those negotiations' JSON lists are opened.
        """
        listed = json_elements(n.c.contact_ids).table_valued("value")
        member = sa.cast(listed.c.value, sa.Integer)
        pairs = sa.union(
            sa.select(i.c.contact_id.label("contact_id"), i.c.negotiation_id.label("nid"))
            .where(i.c.contact_id.in_(ids)),
            sa.select(member.label("contact_id"), n.c.id.label("nid"))
            .select_from(n.join(listed, sa.true()))
            .where(n.c.counterparty_id.in_(organisations), member.in_(ids)),
        ).subquery()  # fmt: skip
        ranked = sa.select(
            pairs.c.contact_id, pairs.c.nid,
            sa.func.row_number().over(partition_by=pairs.c.contact_id, order_by=pairs.c.nid.desc())
            .label("place"),
            sa.func.count().over(partition_by=pairs.c.contact_id).label("size"),
        ).subquery()  # fmt: skip
        query = (
            sa.select(ranked.c.contact_id, ranked.c.size, n.c.id, n.c.title)
            .join(n, n.c.id == ranked.c.nid)
            .where(ranked.c.place <= keep)
            .order_by(ranked.c.contact_id, n.c.id)
        )
        named: dict[int, list[tuple[int, str]]] = {}
        sizes: dict[int, int] = {}
        for cid, size, nid, title in self._session.execute(query):
            named.setdefault(cid, []).append((nid, title))
            sizes[cid] = size
        return named, sizes
