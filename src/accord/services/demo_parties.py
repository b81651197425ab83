"""The demo's parties: organisations and contacts, found by name or created once.

Shared by the two demo negotiations (``demo_case_agreement.py``, ``demo_rate_increase.py``).
"""

from __future__ import annotations

from accord.domain.organisations import DecisionRole, OrganisationKind
from accord.services import organisations
from accord.services.ports import UnitOfWorkFactory

__all__ = ["DEMO_MARK", "demo_contact", "demo_organisation"]

DEMO_MARK = "[DEMO]"
"""Put before every demo negotiation's title."""


def demo_organisation(
    new_uow: UnitOfWorkFactory,
    name: str,
    kind: OrganisationKind,
    *,
    npi: str | None = None,
    tin: str | None = None,
    state: str | None = None,
    county: str | None = None,
    zip_code: str | None = None,
    departments: tuple[str, ...] = (),
) -> int:
    """The organisation's id: found by name, else created."""
    with new_uow() as uow:
        found = uow.organisations.find(name)
        if found is not None and found.id is not None:
            return found.id
    org = organisations.create_organisation(
        new_uow(),
        name=name,
        kind=kind,
        npi=npi,
        tin=tin,
        state=state,
        county=county,
        zip_code=zip_code,
        departments=departments,
    )
    assert org.id is not None
    return org.id


def demo_contact(
    new_uow: UnitOfWorkFactory, org_id: int, name: str, role: DecisionRole, title: str, dept: str
) -> int:
    """The contact's id in the organisation: found by name, else created."""
    with new_uow() as uow:
        for contact in uow.contacts.list(org_id):
            if contact.name == name and contact.id is not None:
                return contact.id
    contact = organisations.add_contact(
        new_uow(), organisation_id=org_id, name=name, role=role, title=title, department=dept
    )
    assert contact.id is not None
    return contact.id
