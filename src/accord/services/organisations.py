"""Use cases for organisations and their contacts."""

from __future__ import annotations

from collections.abc import Sequence

from accord.domain.organisations import Contact, DecisionRole, Organisation, OrganisationKind
from accord.errors import ConflictError
from accord.services.ports import UnitOfWork

__all__ = ["add_contact", "create_organisation", "list_contacts", "list_organisations"]


def create_organisation(
    uow: UnitOfWork,
    *,
    name: str,
    kind: OrganisationKind,
    npi: str | None = None,
    tin: str | None = None,
    state: str | None = None,
    county: str | None = None,
    zip_code: str | None = None,
    parent_id: int | None = None,
    departments: Sequence[str] = (),
    notes: str = "",
) -> Organisation:
    """Record an organisation; names are unique (case-insensitive)."""
    with uow:
        if uow.organisations.find(name) is not None:
            raise ConflictError(f"an organisation named {name.strip()!r} exists already")
        if parent_id is not None:
            uow.organisations.get(parent_id)
        organisation = Organisation(
            name=name,
            kind=kind,
            npi=npi,
            tin=tin,
            state=state,
            county=county,
            zip_code=zip_code,
            parent_id=parent_id,
            departments=[d.strip() for d in departments if d.strip()],
            notes=notes,
        )
        uow.organisations.add(organisation)
        uow.commit()
        return organisation


def list_organisations(uow: UnitOfWork, kind: OrganisationKind | None = None) -> list[Organisation]:
    with uow:
        return list(uow.organisations.list(kind))


def add_contact(
    uow: UnitOfWork,
    *,
    organisation_id: int,
    name: str,
    role: DecisionRole = DecisionRole.INFLUENCER,
    title: str = "",
    department: str = "",
    email: str = "",
    phone: str = "",
    notes: str = "",
) -> Contact:
    """Add a person to an organisation, with their part in its decisions."""
    with uow:
        uow.organisations.get(organisation_id)
        contact = Contact(
            organisation_id=organisation_id,
            name=name,
            role=role,
            title=title,
            department=department,
            email=email,
            phone=phone,
            notes=notes,
        )
        uow.contacts.add(contact)
        uow.commit()
        return contact


def list_contacts(uow: UnitOfWork, organisation_id: int | None = None) -> list[Contact]:
    with uow:
        return list(uow.contacts.list(organisation_id))
