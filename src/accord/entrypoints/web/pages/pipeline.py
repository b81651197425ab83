"""The pipeline (home page): negotiations by stage, deadlines, overdue follow-ups;
and the form that opens a negotiation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel

from accord.bootstrap import Accord
from accord.domain.negotiation import Negotiation
from accord.domain.organisations import OrganisationKind
from accord.domain.stages import Stage
from accord.entrypoints.http.deps import AccordDep, Offset
from accord.entrypoints.http.errors import validate_input
from accord.entrypoints.http.schemas.negotiations import NegotiationCreate
from accord.entrypoints.http.schemas.organisations import OrganisationPublic
from accord.entrypoints.http.schemas.views import PipelinePublic
from accord.entrypoints.web.actions import submit
from accord.entrypoints.web.forms import Form
from accord.entrypoints.web.rendering import FormError, render_page
from accord.entrypoints.web.schema_forms import given, whole_numbers
from accord.services import negotiations, organisations, pipeline

__all__ = ["NewNegotiationPage", "router"]

router = APIRouter()


@router.get("/", name="pipeline")
def pipeline_page(
    request: Request,
    accord: AccordDep,
    demo: bool = True,
    stage: Annotated[str, Query(max_length=40)] = "",
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = pipeline.PAGE_SIZE,
) -> Response:
    """Negotiations by stage, nearest deadline first, a page of each stage; or one stage
    (``?stage=agreed``) page by page (JSON twin: ``?format=json``)."""
    chosen = Form({"stage": stage}).choice("stage", Stage) if stage else None
    page = PipelinePublic.of(
        pipeline.pipeline(accord.store.unit_of_work(), accord.clock.now(), include_demo=demo,
                          stage=chosen, offset=offset, limit=limit, cache=accord.read_cache)
    )  # fmt: skip
    return render_page(request, "pipeline.html", page, title="Pipeline")


class NewNegotiationPage(BaseModel):
    ours: list[OrganisationPublic]
    counterparties: list[OrganisationPublic]
    new_kinds: list[OrganisationKind]
    """The kinds a counterparty named on the form may have."""


def _new_page(accord: Accord) -> NewNegotiationPage:
    orgs = organisations.list_organisations(accord.store.unit_of_work())
    return NewNegotiationPage(
        ours=[OrganisationPublic.of(o) for o in orgs if o.kind is OrganisationKind.OURS],
        counterparties=[
            OrganisationPublic.of(o) for o in orgs if o.kind is not OrganisationKind.OURS
        ],
        new_kinds=[k for k in OrganisationKind if k is not OrganisationKind.OURS],
    )


@router.get("/negotiations/new", name="new_negotiation")
def new_negotiation(request: Request, accord: AccordDep) -> Response:
    """The form that opens a negotiation."""
    return render_page(request, "new_negotiation.html", _new_page(accord),
                       title="New negotiation")  # fmt: skip


def _opening(form: Form) -> dict[str, object]:
    """The form as the API's ``NegotiationCreate`` would carry it (an empty box left out):
    a new organisation's name, when typed, is used instead of the list's choice."""
    new = {k.removeprefix("new_"): v for k, v in given(form, "new_name", "new_kind").items()}
    other = {"new_counterparty": new} if "name" in new else whole_numbers(form, "counterparty_id")
    return {
        **given(form, "title", "kind", "approach", "patient_ref", "problem_statement", "lead"),
        **whole_numbers(form, "our_org_id"), **other,
        "our_goals": form.lines("our_goals"), "deadline": form.day("deadline"),
    }  # fmt: skip


@router.post("/negotiations")
async def open_negotiation(request: Request, accord: AccordDep) -> Response:
    """Open a negotiation from the form, read into the API's ``NegotiationCreate``."""

    def action(form: Form) -> Negotiation:
        body = validate_input(NegotiationCreate, _opening(form))
        return negotiations.open_negotiation(
            accord.store.unit_of_work(), accord.clock.now(), **body.opening()
        )

    def again(error: FormError, values: dict[str, str], status: int) -> Response:
        return render_page(request, "new_negotiation.html", _new_page(accord),
                           title="New negotiation", error=error, values=values,
                           status_code=status)  # fmt: skip

    return await submit(request, "negotiation", action,
                        success=lambda n: f"/negotiations/{n.id}?saved=negotiation",
                        error_page=again)  # fmt: skip
