"""Preparation: the checklist, team, the counterparty's contacts and decision makers,
leverage and allies, with forms for each."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from accord.bootstrap import Accord
from accord.domain.leverage import AllyKind, LeverageKind
from accord.domain.negotiation import TeamMember, TeamRole
from accord.domain.preparation import CompetitorPrice
from accord.entrypoints.http.deps import AccordDep, NegotiationId
from accord.entrypoints.http.schemas.benchmarks import TermBenchmarkPublic
from accord.entrypoints.http.schemas.briefs import BriefPublic
from accord.entrypoints.http.schemas.negotiations import NegotiationPublic
from accord.entrypoints.http.schemas.organisations import ContactPublic, OrganisationPublic
from accord.entrypoints.web.actions import ErrorPage, submit
from accord.entrypoints.web.forms import Form
from accord.entrypoints.web.rendering import FormError, render_page
from accord.errors import ValidationError
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


@router.post("/negotiations/{negotiation_id}/checklist")
async def answer_checklist(
    request: Request, accord: AccordDep, negotiation_id: NegotiationId
) -> Response:
    def action(form: Form) -> object:
        item = form.text("item", required=True)
        return preparation.answer_checklist(
            accord.store.unit_of_work(), accord.clock.now(), negotiation_id, item,
            form.text("text"), expected_version=form.version(),
        )  # fmt: skip

    return await submit(request, "checklist", action, success=_back(negotiation_id, "checklist"),
                        error_page=_again(request, accord, negotiation_id))  # fmt: skip


@router.post("/negotiations/{negotiation_id}/prices")
async def add_price(request: Request, accord: AccordDep, negotiation_id: NegotiationId) -> Response:
    def action(form: Form) -> object:
        amount = form.number("amount")
        if amount is None:
            raise ValidationError("give the amount", field="amount")
        price = CompetitorPrice(form.text("description", required=True), amount,
                                form.text("source"), form.optional("billing_code"))  # fmt: skip
        return preparation.add_competitor_price(
            accord.store.unit_of_work(), accord.clock.now(), negotiation_id, price,
            expected_version=form.version(),
        )  # fmt: skip

    return await submit(request, "price", action, success=_back(negotiation_id, "checklist"),
                        error_page=_again(request, accord, negotiation_id))  # fmt: skip


@router.post("/negotiations/{negotiation_id}/team")
async def add_team_member(
    request: Request, accord: AccordDep, negotiation_id: NegotiationId
) -> Response:
    def action(form: Form) -> object:
        member = TeamMember(form.text("name", required=True),
                            form.choice("role", TeamRole, TeamRole.MEMBER))  # fmt: skip
        return negotiations.add_team_member(
            accord.store.unit_of_work(), accord.clock.now(), negotiation_id, member,
            expected_version=form.version(),
        )  # fmt: skip

    return await submit(request, "team", action, success=_back(negotiation_id, "team"),
                        error_page=_again(request, accord, negotiation_id))  # fmt: skip


@router.post("/negotiations/{negotiation_id}/contacts")
async def link_contact(
    request: Request, accord: AccordDep, negotiation_id: NegotiationId
) -> Response:
    def action(form: Form) -> object:
        contact = form.integer("contact_id")
        if contact is None:
            raise ValidationError("choose a contact", field="contact_id")
        negotiations.link_contact(
            accord.store.unit_of_work(), accord.clock.now(), negotiation_id, contact,
            expected_version=form.version(),
        )  # fmt: skip
        return contact

    return await submit(request, "link_contact", action, success=_back(negotiation_id, "people"),
                        error_page=_again(request, accord, negotiation_id))  # fmt: skip


@router.post("/negotiations/{negotiation_id}/leverage")
async def add_leverage(
    request: Request, accord: AccordDep, negotiation_id: NegotiationId
) -> Response:
    def action(form: Form) -> object:
        return preparation.add_leverage(
            accord.store.unit_of_work(), accord.clock.now(), negotiation_id,
            kind=form.choice("kind", LeverageKind), description=form.text("description"),
            strength=form.integer("strength", 3) or 3, evidence=form.text("evidence"),
            expected_version=form.version(),
        )  # fmt: skip

    return await submit(request, "leverage", action, success=_back(negotiation_id, "leverage"),
                        error_page=_again(request, accord, negotiation_id))  # fmt: skip


@router.post("/negotiations/{negotiation_id}/allies")
async def add_ally(request: Request, accord: AccordDep, negotiation_id: NegotiationId) -> Response:
    def action(form: Form) -> object:
        return preparation.add_ally(
            accord.store.unit_of_work(), accord.clock.now(), negotiation_id,
            kind=form.choice("kind", AllyKind), name=form.text("name", required=True),
            role=form.text("role"), organisation_id=form.integer("organisation_id"),
            expected_version=form.version(),
        )  # fmt: skip

    return await submit(request, "ally", action, success=_back(negotiation_id, "leverage"),
                        error_page=_again(request, accord, negotiation_id))  # fmt: skip
