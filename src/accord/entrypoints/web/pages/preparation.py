"""Preparation: the checklist, team, the counterparty's contacts and decision makers,
leverage and allies, with forms for each."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from accord.bootstrap import Accord
from accord.domain.negotiation import TeamMember
from accord.domain.preparation import CompetitorPrice
from accord.entrypoints.http.deps import AccordDep, NegotiationId
from accord.entrypoints.http.schemas.benchmarks import TermBenchmarkPublic
from accord.entrypoints.http.schemas.briefs import BriefPublic
from accord.entrypoints.http.schemas.negotiations import (
    ContactLink,
    NegotiationPublic,
    TeamMemberCreate,
)
from accord.entrypoints.http.schemas.organisations import ContactPublic, OrganisationPublic
from accord.entrypoints.http.schemas.record import (
    AllyCreate,
    ChecklistAnswer,
    CompetitorPriceCreate,
    LeverageCreate,
)
from accord.entrypoints.web.actions import ErrorPage
from accord.entrypoints.web.forms import Form
from accord.entrypoints.web.rendering import FormError, render_page
from accord.entrypoints.web.schema_forms import (
    SchemaForm,
    given,
    install_schema_forms,
    whole_numbers,
)
from accord.services import briefs, negotiations, organisations, preparation
from accord.services.benchmarks import benchmark_negotiation
from accord.services.market import MarketBenchmarkSource

__all__ = ["PreparationPage", "router"]

router = APIRouter()


class PreparationPage(BaseModel):
    negotiation: NegotiationPublic
    brief: BriefPublic
    counterparty_contacts: list[ContactPublic]
    allies: list[OrganisationPublic]
    benchmarks: list[TermBenchmarkPublic]


def _page(accord: Accord, negotiation_id: int) -> PreparationPage:
    brief = briefs.prepare_brief(accord.store.unit_of_work(), accord.clock.now(), negotiation_id)
    n = brief.negotiation
    contacts = organisations.list_contacts(accord.store.unit_of_work(), n.counterparty_id)
    orgs = organisations.list_organisations(accord.store.unit_of_work())
    with MarketBenchmarkSource(accord.market) as market:
        rows = benchmark_negotiation(accord.store.unit_of_work(), negotiation_id, market)
    return PreparationPage(
        negotiation=NegotiationPublic.of(n), brief=BriefPublic.of(brief),
        counterparty_contacts=[ContactPublic.of(c) for c in contacts],
        allies=[OrganisationPublic.of(o) for o in orgs
                if o.id not in (n.our_org_id, n.counterparty_id)],
        benchmarks=[TermBenchmarkPublic.of(row) for row in rows],
    )  # fmt: skip


def _render(
    request: Request, accord: Accord, negotiation_id: int, *, error: FormError | None = None,
    values: dict[str, str] | None = None, status: int = 200,
) -> Response:  # fmt: skip
    page = _page(accord, negotiation_id)
    return render_page(request, "preparation.html", page,
                       title=f"Preparation — {page.negotiation.title}", error=error,
                       values=values, status_code=status)  # fmt: skip


def _again(request: Request, accord: Accord, negotiation_id: int) -> ErrorPage:
    def page(error: FormError, values: dict[str, str], status: int) -> Response:
        return _render(request, accord, negotiation_id, error=error, values=values,
                       status=status)  # fmt: skip

    return page


@router.get("/negotiations/{negotiation_id}/preparation", name="preparation")
def preparation_page(
    request: Request, accord: AccordDep, negotiation_id: NegotiationId
) -> Response:
    """Checklist, team, decision makers, leverage and allies (JSON twin: ``?format=json``)."""
    return _render(request, accord, negotiation_id)


def _back(negotiation_id: int, anchor: str) -> str:
    return f"/negotiations/{negotiation_id}/preparation?saved=preparation#{anchor}"


def _answer(accord: Accord, nid: int, body: ChecklistAnswer, form: Form) -> object:
    return preparation.answer_checklist(
        accord.store.unit_of_work(), accord.clock.now(), nid, body.item, body.text,
        expected_version=form.version(),
    )  # fmt: skip


def _price(form: Form) -> dict[str, object]:
    return {**given(form, "description", "source", "billing_code"),
            "amount": form.number("amount")}  # fmt: skip


def _add_price(accord: Accord, nid: int, body: CompetitorPriceCreate, form: Form) -> object:
    price = CompetitorPrice(body.description, float(body.amount), body.source, body.billing_code)
    return preparation.add_competitor_price(
        accord.store.unit_of_work(), accord.clock.now(), nid, price,
        expected_version=form.version(),
    )  # fmt: skip


def _add_member(accord: Accord, nid: int, body: TeamMemberCreate, form: Form) -> object:
    return negotiations.add_team_member(
        accord.store.unit_of_work(), accord.clock.now(), nid, TeamMember(body.name, body.role),
        expected_version=form.version(),
    )  # fmt: skip


def _link_contact(accord: Accord, nid: int, body: ContactLink, form: Form) -> object:
    return negotiations.link_contact(
        accord.store.unit_of_work(), accord.clock.now(), nid, body.contact_id,
        expected_version=form.version(),
    )  # fmt: skip


def _add_leverage(accord: Accord, nid: int, body: LeverageCreate, form: Form) -> object:
    return preparation.add_leverage(
        accord.store.unit_of_work(), accord.clock.now(), nid, expected_version=form.version(),
        **body.model_dump(),
    )  # fmt: skip


def _add_ally(accord: Accord, nid: int, body: AllyCreate, form: Form) -> object:
    return preparation.add_ally(
        accord.store.unit_of_work(), accord.clock.now(), nid, expected_version=form.version(),
        **body.model_dump(),
    )  # fmt: skip


def _back_to(anchor: str) -> str:
    return "/negotiations/{id}/preparation?saved=preparation#" + anchor


SCHEMA_FORMS: tuple[SchemaForm[Any], ...] = (
    SchemaForm("checklist", "/checklist", ChecklistAnswer,
               lambda form: {"item": form.text("item"), "text": form.text("text")}, _answer,
               _back_to("checklist")),
    SchemaForm("price", "/prices", CompetitorPriceCreate, _price, _add_price,
               _back_to("checklist")),
    SchemaForm("team", "/team", TeamMemberCreate, lambda form: given(form, "name", "role"),
               _add_member, _back_to("team")),
    SchemaForm("link_contact", "/contacts", ContactLink,
               lambda form: whole_numbers(form, "contact_id"), _link_contact,
               _back_to("people")),
    SchemaForm("leverage", "/leverage", LeverageCreate,
               lambda form: {**given(form, "kind", "description", "evidence"),
                             **whole_numbers(form, "strength")},
               _add_leverage, _back_to("leverage")),
    SchemaForm("ally", "/allies", AllyCreate,
               lambda form: {**given(form, "kind", "name", "role"),
                             **whole_numbers(form, "organisation_id")},
               _add_ally, _back_to("leverage")),
)  # fmt: skip
"""The preparation page's forms, read into the API's request models."""

install_schema_forms(router, SCHEMA_FORMS, error_page=_again)
