"""The brief as plain data, in the shape of the API's ``BriefPublic``.

``accord brief ID --json`` prints it, so a script reads the same top-level fields from
the CLI as from the API's brief of the same negotiation.
"""

from __future__ import annotations

from typing import Any

from accord.domain.interactions import Responsiveness
from accord.domain.offers import Offer
from accord.domain.term_labels import term_label
from accord.domain.terms import TermValue
from accord.services.briefs import Brief
from accord.services.plain_data import plain_data

__all__ = ["brief_data"]


def _responsiveness(r: Responsiveness) -> dict[str, Any]:
    return {"answered": r.answered, "unanswered": r.unanswered,
            "median_hours": r.median_hours, "text": r.describe()}  # fmt: skip


def brief_data(b: Brief) -> dict[str, Any]:
    """Stage, terms with their display text, last offers, follow-ups, relationship, signals."""
    n = b.negotiation

    def last(offer: Offer | None, name: str) -> TermValue | None:
        return offer.values.get(name) if offer is not None else None

    terms = []
    for t in n.terms:
        ours, theirs = last(b.latest_ours, t.name), last(b.latest_theirs, t.name)
        terms.append({
            "name": t.name, "label": term_label(t), "status": t.status.value,
            "walk_away": t.walk_away,
            "target": t.target, "ours": ours, "theirs": theirs, "agreed_value": t.agreed_value,
            "theirs_beyond_walk_away": theirs is not None
            and not t.is_within_walk_away(theirs),
            "text": {"walk_away": t.format(t.walk_away), "target": t.format(t.target),
                     "ours": t.format(ours), "theirs": t.format(theirs),
                     "agreed_value": t.format(t.agreed_value)},
        })  # fmt: skip
    return {
        "negotiation": plain_data(n),
        "ours": plain_data(b.ours),
        "counterparty": plain_data(b.counterparty),
        "preparation": b.preparation,
        "days_to_deadline": (n.deadline - b.now.date()).days if n.deadline else None,
        "terms": plain_data(terms),
        "last_offers": plain_data(b.last_offers),
        "overdue": plain_data(b.overdue),
        "upcoming": plain_data(b.upcoming),
        "their_responsiveness": _responsiveness(b.their_responsiveness),
        "our_responsiveness": _responsiveness(b.our_responsiveness),
        "recency": [
            {
                "contact": plain_data(r.contact),
                "last_contact": plain_data(r.last_contact),
                "days": r.days,
            }
            for r in b.recency
        ],
        "signals": [{"code": s.code, "message": s.message} for s in b.signals],
        "contacts": plain_data(b.contacts),
        "now": b.now.isoformat(),
    }
