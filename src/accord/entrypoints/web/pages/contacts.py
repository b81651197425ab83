"""Contacts and relationships: who decides, days since the last contact, how promptly
each answers; forms to add organisations and contacts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel

from accord.bootstrap import Accord
from accord.entrypoints.http.deps import AccordDep, Offset
from accord.entrypoints.http.errors import validate_input
from accord.entrypoints.http.schemas.common import MAX_ID
from accord.entrypoints.http.schemas.organisations import (
    ContactCreate,
    OrganisationCreate,
    OrganisationPublic,
)
from accord.entrypoints.http.schemas.views import ContactHealthPublic
from accord.entrypoints.web.actions import ErrorPage, submit
from accord.entrypoints.web.forms import Form
from accord.entrypoints.web.rendering import FormError, render_page
from accord.entrypoints.web.schema_forms import given, whole_numbers
from accord.errors import ValidationError
from accord.services import organisations, relationships

__all__ = ["ContactsPage", "router"]

router = APIRouter()


class ContactsPage(BaseModel):
    organisations: list[OrganisationPublic]
    contacts: list[ContactHealthPublic]  # one page, as /api/relationships returns it
    organisation_id: int | None
    total: int  # contacts in all (of the organisation, when filtered)
    offset: int
    limit: int


def _page(accord: Accord, organisation_id: int | None, offset: int, limit: int) -> ContactsPage:
    page = relationships.relationship_page(
        accord.store.unit_of_work(), accord.clock.now(), organisation_id,
        offset=offset, limit=limit,
    )  # fmt: skip
    return ContactsPage(
        organisations=[OrganisationPublic.of(o)
                       for o in organisations.list_organisations(accord.store.unit_of_work())],
        contacts=[ContactHealthPublic.of(h) for h in page.rows], organisation_id=organisation_id,
        total=page.total, offset=offset, limit=limit,
    )  # fmt: skip


def _render(
    request: Request, accord: Accord, *, error: FormError | None = None,
    values: dict[str, str] | None = None, status: int = 200, organisation_id: int | None = None,
    offset: int = 0, limit: int = relationships.PAGE_SIZE,
) -> Response:  # fmt: skip
    return render_page(request, "contacts.html", _page(accord, organisation_id, offset, limit),
                       title="Contacts and relationships", error=error, values=values,
                       status_code=status)  # fmt: skip


@router.get("/contacts", name="contacts")
def contacts_page(
    request: Request,
    accord: AccordDep,
    organisation: Annotated[str, Query(max_length=12)] = "",
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = relationships.PAGE_SIZE,
) -> Response:
    """Contacts with relationship health, a page at a time (JSON twin: ``?format=json``).

    ``organisation`` is an id, or empty for all (the filter form's "All organisations").
    """
    chosen = Form({"organisation": organisation}).integer("organisation")
    if chosen is not None and not 1 <= chosen <= MAX_ID:
        raise ValidationError("no such organisation", field="organisation")
    return _render(request, accord, organisation_id=chosen, offset=offset, limit=limit)


def _again(request: Request, accord: Accord) -> ErrorPage:
    def page(error: FormError, values: dict[str, str], status: int) -> Response:
        return _render(request, accord, error=error, values=values, status=status)

    return page


def _organisation(form: Form) -> OrganisationCreate:
    return validate_input(OrganisationCreate, {
        **given(form, "name", "kind", "npi", "tin", "state", "zip_code"),
        "departments": form.lines("departments"),
    })  # fmt: skip


def _contact(form: Form) -> ContactCreate:
    return validate_input(ContactCreate, {
        **given(form, "name", "role", "title", "department", "email", "phone"),
        **whole_numbers(form, "organisation_id"),
    })  # fmt: skip


@router.post("/organisations")
async def create_organisation(request: Request, accord: AccordDep) -> Response:
    """Record an organisation: the form read into the API's request model."""

    def action(form: Form) -> object:
        body = _organisation(form)
        return organisations.create_organisation(accord.store.unit_of_work(), **body.model_dump())

    return await submit(request, "organisation", action,
                        success="/contacts?saved=organisation#organisations",
                        error_page=_again(request, accord))  # fmt: skip


@router.post("/contacts")
async def add_contact(request: Request, accord: AccordDep) -> Response:
    """Add a contact: the form read into the API's request model."""

    def action(form: Form) -> object:
        body = _contact(form)
        return organisations.add_contact(accord.store.unit_of_work(), **body.model_dump())

    return await submit(request, "contact", action, success="/contacts?saved=contact",
                        error_page=_again(request, accord))  # fmt: skip
