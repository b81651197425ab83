"""Contacts and relationships: who decides, days since the last contact, how promptly
each answers; forms to add organisations and contacts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel

from accord.bootstrap import Accord
from accord.domain.organisations import DecisionRole, OrganisationKind
from accord.entrypoints.http.deps import AccordDep, Offset
from accord.entrypoints.http.schemas.common import MAX_ID
from accord.entrypoints.http.schemas.organisations import OrganisationPublic
from accord.entrypoints.http.schemas.views import ContactHealthPublic
from accord.entrypoints.web.actions import ErrorPage, submit
from accord.entrypoints.web.forms import Form
from accord.entrypoints.web.rendering import FormError, render_page
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


@router.post("/organisations")
async def create_organisation(request: Request, accord: AccordDep) -> Response:
    def action(form: Form) -> object:
        return organisations.create_organisation(
            accord.store.unit_of_work(), name=form.text("name", required=True),
            kind=form.choice("kind", OrganisationKind), npi=form.optional("npi"),
            tin=form.optional("tin"), state=form.optional("state"),
            zip_code=form.optional("zip_code"), departments=form.lines("departments"),
        )  # fmt: skip

    return await submit(request, "organisation", action,
                        success="/contacts?saved=organisation#organisations",
                        error_page=_again(request, accord))  # fmt: skip


@router.post("/contacts")
async def add_contact(request: Request, accord: AccordDep) -> Response:
    def action(form: Form) -> object:
        organisation_id = form.integer("organisation_id")
        if organisation_id is None:
            raise ValidationError("choose the organisation", field="organisation_id")
        return organisations.add_contact(
            accord.store.unit_of_work(), organisation_id=organisation_id,
            name=form.text("name", required=True),
            role=form.choice("role", DecisionRole, DecisionRole.INFLUENCER),
            title=form.text("title"), department=form.text("department"),
            email=form.text("email"), phone=form.text("phone"),
        )  # fmt: skip

    return await submit(request, "contact", action, success="/contacts?saved=contact",
                        error_page=_again(request, accord))  # fmt: skip
