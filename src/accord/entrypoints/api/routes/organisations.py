"""``/api/organisations`` and ``/api/contacts``."""

from __future__ import annotations

from fastapi import APIRouter, Query, status

from accord.domain.organisations import OrganisationKind
from accord.entrypoints.http.deps import AccordDep
from accord.entrypoints.http.schemas.common import MAX_ID
from accord.entrypoints.http.schemas.organisations import (
    ContactCreate,
    ContactPublic,
    OrganisationCreate,
    OrganisationPublic,
)
from accord.services import organisations

__all__ = ["router"]

router = APIRouter(tags=["organisations and contacts"])


@router.get("/organisations")
def list_organisations(
    accord: AccordDep, kind: OrganisationKind | None = None
) -> list[OrganisationPublic]:
    """Organisations, optionally of one kind."""
    rows = organisations.list_organisations(accord.store.unit_of_work(), kind)
    return [OrganisationPublic.of(o) for o in rows]


@router.post("/organisations", status_code=status.HTTP_201_CREATED)
def create_organisation(accord: AccordDep, body: OrganisationCreate) -> OrganisationPublic:
    """Record an organisation; names are unique (409 when one exists)."""
    org = organisations.create_organisation(accord.store.unit_of_work(), **body.model_dump())
    return OrganisationPublic.of(org)


@router.get("/contacts")
def list_contacts(
    accord: AccordDep, organisation_id: int | None = Query(default=None, ge=1, le=MAX_ID)
) -> list[ContactPublic]:
    """Contacts, optionally of one organisation."""
    rows = organisations.list_contacts(accord.store.unit_of_work(), organisation_id)
    return [ContactPublic.of(c) for c in rows]


@router.post("/contacts", status_code=status.HTTP_201_CREATED)
def add_contact(accord: AccordDep, body: ContactCreate) -> ContactPublic:
    """Add a person to an organisation with their decision role."""
    contact = organisations.add_contact(accord.store.unit_of_work(), **body.model_dump())
    return ContactPublic.of(contact)
