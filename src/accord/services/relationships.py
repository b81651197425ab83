"""Use case: relationship health with each contact across all negotiations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from accord.domain.interactions import Interaction, Responsiveness, responsiveness
from accord.domain.organisations import Contact
from accord.services.ports import UnitOfWork

__all__ = ["ContactHealth", "relationships"]


@dataclass(frozen=True)
class ContactHealth:
    """A contact, how recently we spoke and how promptly they answer."""

    contact: Contact
    organisation: str
    negotiations: list[tuple[int, str]]  # (id, title) of negotiations naming them
    interactions: int
    last_contact: datetime | None
    days_since_contact: int | None
    responsiveness: Responsiveness


def relationships(
    uow: UnitOfWork, now: datetime, organisation_id: int | None = None
) -> list[ContactHealth]:
    """Every contact (or those of one organisation), decision makers first."""
    with uow:
        if organisation_id is not None:
            uow.organisations.get(organisation_id)
        contacts = list(uow.contacts.list(organisation_id))
        names = {o.id: o.name for o in uow.organisations.list()}
        rows = list(uow.negotiations.list())
    by_contact: dict[int, list[Interaction]] = {}
    involved: dict[int, list[tuple[int, str]]] = {}
    for n in rows:
        for i in n.interactions:
            if i.contact_id is not None:
                by_contact.setdefault(i.contact_id, []).append(i)
        for cid in {*n.contact_ids, *(i.contact_id for i in n.interactions if i.contact_id)}:
            if n.id is not None:
                involved.setdefault(cid, []).append((n.id, n.title))
    result = []
    for contact in contacts:
        items = by_contact.get(contact.id or -1, [])
        last = max((i.at for i in items), default=None)
        result.append(
            ContactHealth(
                contact=contact,
                organisation=names.get(contact.organisation_id, "?"),
                negotiations=sorted(involved.get(contact.id or -1, [])),
                interactions=len(items),
                last_contact=last,
                days_since_contact=(now - last) // timedelta(days=1) if last else None,
                responsiveness=responsiveness(items, who="them"),
            )
        )
    result.sort(key=lambda h: (not h.contact.is_decision_maker, h.organisation, h.contact.name))
    return result
