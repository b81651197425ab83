"""The read model's contact rows: activity, reply medians and the negotiations naming
each contact, one page of contacts at a time.

Part of :class:`~accord.adapters.store.summaries.SqlRecordSummaries`.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from accord.adapters.store import tables as t
from accord.adapters.store.contact_offers import latest_offer_per_contact
from accord.adapters.store.dialect import bytewise, hours_between, json_elements
from accord.adapters.store.scoping import child_conditions, negotiation_conditions
from accord.domain.interactions import InteractionDirection, Responsiveness
from accord.domain.organisations import Contact, DecisionRole
from accord.services.read_model import ContactRow

__all__ = ["ContactSummaries"]

n = t.negotiations
i = t.interactions


class ContactSummaries:
    """Contacts across organisations (a part of ``SqlRecordSummaries``)."""

    _session: Session

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

    def _in_scope(self) -> list[sa.ColumnElement[bool]]:
        """The interactions of negotiations in the actor's organisation scope."""
        return child_conditions(self._session, i.c.negotiation_id)

    def _contact_activity(self, ids: list[int]) -> dict[int, tuple[int, datetime | None, int, int]]:
        """contact → (interactions, last one, ours awaiting their answer, answered)."""
        outbound = i.c.direction == InteractionDirection.OUTBOUND
        query = (
            sa.select(
                i.c.contact_id, sa.func.count(), sa.func.max(i.c.at),
                sa.func.count(sa.case((outbound, 1))),
                sa.func.count(sa.case((outbound & i.c.replied_at.is_not(None), 1))),
            )
            .where(i.c.contact_id.in_(ids), i.c.withdrawn_at.is_(None), *self._in_scope())
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
                   i.c.replied_at.is_not(None), i.c.withdrawn_at.is_(None), *self._in_scope())
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
            .where(i.c.contact_id.in_(ids), *self._in_scope()),
            sa.select(member.label("contact_id"), n.c.id.label("nid"))
            .select_from(n.join(listed, sa.true()))
            .where(n.c.counterparty_id.in_(organisations), member.in_(ids),
                   *negotiation_conditions(self._session)),
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
