"""When each contact last saw an offer: offers count as contact (issue 9).

The rule is the domain's (:func:`accord.domain.interactions.offer_reaches`): a standing
offer in a negotiation reaches the contacts that negotiation lists and the decision
makers of its counterparty. This query answers it for a page of contacts in SQL, so that
the contacts page and the brief agree on "never contacted".
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from accord.adapters.store import tables as t
from accord.adapters.store.dialect import json_elements
from accord.adapters.store.scoping import negotiation_conditions
from accord.domain.organisations import DecisionRole

__all__ = ["latest_offer_per_contact"]


def latest_offer_per_contact(
    session: Session, ids: list[int], organisations: set[int]
) -> dict[int, datetime]:
    """contact id → the time of the latest standing offer that reached them."""
    n, o, c = t.negotiations, t.offers, t.contacts
    standing = o.c.withdrawn_at.is_(None)
    scoped = negotiation_conditions(session)
    listed = json_elements(n.c.contact_ids).table_valued("value")
    member = sa.cast(listed.c.value, sa.Integer)
    by_listing = (
        sa.select(member.label("contact_id"), sa.func.max(o.c.at).label("at"))
        .select_from(n.join(listed, sa.true()).join(o, o.c.negotiation_id == n.c.id))
        .where(n.c.counterparty_id.in_(organisations), member.in_(ids), standing, *scoped)
        .group_by(member)
    )
    by_role = (
        sa.select(c.c.id.label("contact_id"), sa.func.max(o.c.at).label("at"))
        .select_from(
            c.join(n, n.c.counterparty_id == c.c.organisation_id).join(
                o, o.c.negotiation_id == n.c.id
            )
        )
        .where(c.c.id.in_(ids), c.c.role == DecisionRole.DECISION_MAKER, standing, *scoped)
        .group_by(c.c.id)
    )
    latest: dict[int, datetime] = {}
    for query in (by_listing, by_role):
        for contact_id, at in session.execute(query):
            if at is not None and (contact_id not in latest or at > latest[contact_id]):
                latest[contact_id] = at
    return latest
