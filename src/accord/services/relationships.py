"""Use case: relationship health with each contact across all negotiations.

Read from the store's read model: per contact, the count and date of the interactions
with them, how promptly they answered (median computed in SQL) and the negotiations
naming them; a page of contacts at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from accord.domain.interactions import Responsiveness, last_contact_at
from accord.domain.organisations import Contact
from accord.services.ports import UnitOfWork

__all__ = [
    "NAMED_PER_CONTACT",
    "PAGE_SIZE",
    "ContactHealth",
    "RelationshipPage",
    "relationship_page",
    "relationships",
]

PAGE_SIZE = 50
"""Contacts per page unless asked otherwise."""
NAMED_PER_CONTACT = 10
"""Negotiations listed per contact (the latest; the count says how many in all)."""


@dataclass(frozen=True)
class ContactHealth:
    """A contact, how recently we spoke and how promptly they answer."""

    contact: Contact
    organisation: str
    negotiations: list[tuple[int, str]]  # (id, title) of the latest negotiations naming them
    interactions: int
    last_contact: datetime | None
    days_since_contact: int | None
    responsiveness: Responsiveness
    negotiation_count: int = 0  # negotiations naming them in all (``negotiations``: latest)


@dataclass(frozen=True)
class RelationshipPage:
    """One page of contacts (``limit`` None: all from ``offset``) of ``total``."""

    rows: list[ContactHealth]
    total: int
    offset: int
    limit: int | None


def relationship_page(
    uow: UnitOfWork,
    now: datetime,
    organisation_id: int | None = None,
    *,
    offset: int = 0,
    limit: int | None = PAGE_SIZE,
    named_per_contact: int = NAMED_PER_CONTACT,
) -> RelationshipPage:
    """Contacts (or those of one organisation), decision makers first, then by
    organisation and name."""
    with uow:
        if organisation_id is not None:
            uow.organisations.get(organisation_id)
        total = uow.summaries.count_contacts(organisation_id)
        rows = uow.summaries.contacts(
            organisation_id, offset=offset, limit=limit, named_per_contact=named_per_contact
        )
    return RelationshipPage(
        rows=[
            ContactHealth(
                contact=row.contact,
                organisation=row.organisation,
                negotiations=list(row.negotiations),
                negotiation_count=row.negotiation_count,
                interactions=row.interactions,
                last_contact=(last := last_contact_at(row.last_contact, row.last_offer)),
                days_since_contact=(now - last) // timedelta(days=1) if last else None,
                responsiveness=row.responsiveness,
            )
            for row in rows
        ],
        total=total,
        offset=offset,
        limit=limit,
    )


def relationships(
    uow: UnitOfWork,
    now: datetime,
    organisation_id: int | None = None,
    *,
    offset: int = 0,
    limit: int | None = None,
) -> list[ContactHealth]:
    """Every contact (or those of one organisation), decision makers first."""
    return relationship_page(uow, now, organisation_id, offset=offset, limit=limit).rows
