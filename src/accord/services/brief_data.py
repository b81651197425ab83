"""The brief as plain data: the one shape of ``accord brief ID --json`` and the API's
brief (``GET /api/negotiations/{id}/brief`` validates this dict into ``BriefPublic``).

With a :class:`~accord.services.package_money.PackagePricer` the brief also carries its
money, in the shape of the analysis's packages: our targets, our latest offer and theirs
in dollars (episode cost and saving for a case; yearly revenue and change for rates),
each rate term's % of Medicare inside each package, and Medicare's amount per term.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from accord.domain.interactions import Responsiveness
from accord.domain.medicare_reference import medicare_note
from accord.domain.negotiation import Negotiation
from accord.domain.offers import Offer
from accord.domain.term_labels import term_label
from accord.domain.terms import TermValue
from accord.services.briefs import Brief
from accord.services.package_money import PackagePricer, money_data
from accord.services.plain_data import plain_data

__all__ = ["brief_data", "negotiation_summary_data"]


def _responsiveness(r: Responsiveness) -> dict[str, Any]:
    return {"answered": r.answered, "unanswered": r.unanswered,
            "median_hours": r.median_hours, "text": r.describe()}  # fmt: skip


def negotiation_summary_data(n: Negotiation) -> dict[str, Any]:
    """One negotiation as a row of a list (the API's ``NegotiationSummary``)."""
    return {
        "id": n.id, "title": n.title, "kind": n.kind.value, "stage": n.stage.value,
        "our_org_id": n.our_org_id, "counterparty_id": n.counterparty_id,
        "deadline": plain_data(n.deadline), "offers": len(n.offers), "is_demo": n.is_demo,
        "version": n.version,
    }  # fmt: skip


def _priced(
    pricer: PackagePricer | None, values: Mapping[str, TermValue] | None
) -> dict[str, Any] | None:
    if pricer is None or not values:
        return None
    return money_data(pricer.price(values))


def _money(b: Brief, pricer: PackagePricer | None) -> dict[str, Any]:
    """Our targets, our latest offer and theirs in dollars (all ``None`` without a pricer)."""
    targets = pricer.targets() if pricer is not None else None
    return {
        "target_money": money_data(targets) if targets is not None else None,
        "our_latest_money": _priced(pricer, b.latest_ours.values if b.latest_ours else None),
        "their_latest_money": _priced(pricer, b.latest_theirs.values if b.latest_theirs else None),
        "term_labels": {t.name: term_label(t) for t in b.negotiation.terms},
        "potential_source": (pricer.potential_source or None) if pricer else None,
        "acceptance_hint": pricer.acceptance_hint() if pricer else None,
    }


def brief_data(b: Brief, pricer: PackagePricer | None = None) -> dict[str, Any]:
    """Stage, terms with their display text, last offers, follow-ups, relationship,
    signals; with ``pricer``, the money of our targets and of the latest offers."""
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
            "theirs_beyond_walk_away": t.name in b.theirs_beyond,
            "medicare": pricer.medicare.get(t.name) if pricer is not None else None,
            "medicare_note": medicare_note(t),
            "text": {"walk_away": t.format(t.walk_away), "target": t.format(t.target),
                     "ours": t.format(ours), "theirs": t.format(theirs),
                     "agreed_value": t.format(t.agreed_value)},
        })  # fmt: skip
    return {
        "negotiation": negotiation_summary_data(n),
        "ours": plain_data(b.ours),
        "counterparty": plain_data(b.counterparty),
        "preparation": b.preparation,
        "days_to_deadline": b.days_to_deadline,
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
        **_money(b, pricer),
    }
