"""The negotiation workspace: terms (ours / theirs / agreed / disagreed), the offers
timeline, the interaction log, walk-away signals and the brief, with forms to act."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from accord.bootstrap import Accord
from accord.domain.negotiation import Negotiation
from accord.domain.offers import Offer
from accord.domain.stages import Stage, allowed_next, natural_next
from accord.domain.terms import Term, TermKind, TermValue
from accord.entrypoints.http.deps import AccordDep, NegotiationId
from accord.entrypoints.http.schemas.analysis import AnalysisPublic, PackageMoneyPublic
from accord.entrypoints.http.schemas.briefs import BriefPublic
from accord.entrypoints.http.schemas.negotiations import NegotiationPublic
from accord.entrypoints.http.schemas.organisations import ContactPublic
from accord.entrypoints.http.schemas.record import InteractionPublic, OfferPublic, TermPublic
from accord.entrypoints.web.pages.analysis import try_analysis
from accord.entrypoints.web.rendering import FormError, render_page
from accord.services import briefs, organisations, package_money
from accord.services.package_money import PackagePricer, money_data

__all__ = [
    "InteractionRow",
    "OfferRow",
    "TermRow",
    "WorkspacePage",
    "offer_row",
    "offer_text",
    "router",
    "workspace_page",
    "workspace_response",
]

router = APIRouter()


class TermRow(BaseModel):
    term: TermPublic
    text: dict[str, str]
    theirs_beyond_walk_away: bool
    input: Literal["number", "select"]
    choices: list[str]


class OfferRow(BaseModel):
    offer: OfferPublic
    text: dict[str, str]
    money: PackageMoneyPublic | None = None
    """The offer in dollars, each term under its label (with % of Medicare)."""
    typed: dict[str, str] = {}
    """Each value as a user would type it again (``780``, ``yes``), for corrections."""
    outside_range: list[str] = []
    """Terms whose value lies outside the range we planned for (their real quote)."""


def offer_row(pricer: PackagePricer, o: Offer) -> OfferRow:
    """An offer as the pages show it: its values in words and in dollars, as typed, and
    the terms where their quote lies outside the range we planned for."""
    n = pricer.negotiation
    money = PackageMoneyPublic.model_validate(money_data(pricer.price(o.values)))
    names = {t.name: t for t in n.terms}
    outside = [k for k, v in o.values.items() if k in names and not names[k].in_range(v)]
    return OfferRow(offer=OfferPublic.of(o), text=offer_text(n, o.values), money=money,
                    typed={k: _typed(v) for k, v in o.values.items()},
                    outside_range=outside)  # fmt: skip


class InteractionRow(BaseModel):
    interaction: InteractionPublic
    contact: str | None
    overdue: bool


class WorkspacePage(BaseModel):
    negotiation: NegotiationPublic
    brief: BriefPublic
    ours: str
    counterparty: str
    terms: list[TermRow]
    offers: list[OfferRow]
    interactions: list[InteractionRow]
    contacts: list[ContactPublic]
    analysis: AnalysisPublic | None
    analysis_error: str | None
    stage_moves: list[Stage]
    next_stage: Stage | None
    """The stage the move form proposes: the natural next one, never walking away."""
    nudge_bargaining: bool
    """Offers are being exchanged while the negotiation is still being prepared."""
    withdrawn_offers: list[OfferRow]
    withdrawn_interactions: list[InteractionRow]
    last_offer: dict[str, str]
    """The latest standing offer's values as typed, to pre-fill the agreement form."""
    agreement_money: PackageMoneyPublic | None = None
    """The agreement form's pre-filled terms (agreed values, else the last offer's) in
    dollars: what recording them as they stand would mean."""
    potential_cost: float | None = None
    """The case's potential cost (the agreement's, else their first ask), to pre-fill."""
    potential_source: str | None = None


def _choices(term: Term) -> list[str]:
    if term.kind is TermKind.SERVICE_INCLUDED:
        return ["yes", "no"]
    return list(term.options)


def offer_text(n: Negotiation, values: Mapping[str, TermValue]) -> dict[str, str]:
    """Each value of an offer as people read it (``$152.00/day``, ``yes``)."""
    names = {t.name: t for t in n.terms}
    text = {}
    for name, value in values.items():
        term = names.get(name)
        text[name] = term.format(value) if term is not None else str(value)
    return text


def _typed(value: TermValue) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value:g}" if isinstance(value, float) else str(value)


def workspace_page(accord: Accord, negotiation_id: int) -> WorkspacePage:
    """Everything the workspace shows, from the brief and the counterparty's contacts."""
    brief = briefs.prepare_brief(accord.store.unit_of_work(), accord.clock.now(), negotiation_id)
    n = brief.negotiation
    contacts = organisations.list_contacts(accord.store.unit_of_work(), n.counterparty_id)
    pricer = package_money.market_pricer(accord.store.unit_of_work(), negotiation_id, accord.market)
    summary = BriefPublic.of(brief, pricer)
    by_name = {row.name: row for row in summary.terms}
    terms = [
        TermRow(
            term=TermPublic.of(t),
            text=by_name[t.name].text | {"opening": t.format(t.opening), "range": _range(t)},
            theirs_beyond_walk_away=by_name[t.name].theirs_beyond_walk_away,
            input="number" if t.kind.is_numeric else "select",
            choices=_choices(t),
        )
        for t in n.terms
    ]
    overdue = {i.id for i in brief.overdue}
    names = {c.id: c.name for c in contacts}
    # After agreement the page shows the agreement and its figures, not advice.
    engine, engine_error = (
        (None, None) if n.stage is Stage.AGREED else try_analysis(accord, negotiation_id)
    )
    # Ending moves come last, so that no slip of the hand picks them. Choosing agreed
    # before an agreement exists opens the agreement form, which moves the stage.
    moves = sorted(allowed_next(n.stage), key=lambda s: s.is_ending)
    last = n.offers[-1] if n.offers else None
    return WorkspacePage(
        negotiation=NegotiationPublic.of(n), brief=summary, ours=brief.ours.name,
        counterparty=brief.counterparty.name, terms=terms,
        offers=[offer_row(pricer, o) for o in reversed(n.offers)],
        interactions=[
            InteractionRow(interaction=InteractionPublic.of(i),
                           contact=names.get(i.contact_id) if i.contact_id else None,
                           overdue=i.id in overdue)
            for i in reversed(n.interactions)
        ],
        contacts=[ContactPublic.of(c) for c in contacts],
        analysis=engine, analysis_error=engine_error,
        stage_moves=moves,
        next_stage=natural_next(n.stage) if natural_next(n.stage) in moves else None,
        nudge_bargaining=bool(n.offers) and n.stage in (Stage.PREPARING, Stage.GOALS_AGREED),
        withdrawn_offers=[offer_row(pricer, o) for o in reversed(n.offer_history)
                         if o.is_withdrawn],
        withdrawn_interactions=[
            InteractionRow(interaction=InteractionPublic.of(i),
                           contact=names.get(i.contact_id) if i.contact_id else None,
                           overdue=False)
            for i in reversed(n.interaction_history) if i.is_withdrawn
        ],
        last_offer={k: _typed(v) for k, v in last.values.items()} if last else {},
        agreement_money=_agreement_money(pricer, last),
        potential_cost=float(pricer.potential_cost) if pricer.potential_cost is not None
        else None,
        potential_source=pricer.potential_source or None,
    )  # fmt: skip


def _agreement_money(pricer: PackagePricer, last: Offer | None) -> PackageMoneyPublic | None:
    """The agreement form's pre-filled package in dollars (``None``: nothing to price)."""
    values = dict(last.values) if last else {}
    for t in pricer.negotiation.terms:
        if t.agreed_value is not None:
            values[t.name] = t.agreed_value
    if not values:
        return None
    return PackageMoneyPublic.model_validate(money_data(pricer.price(values)))


def _range(t: Term) -> str:
    if t.options:
        return " › ".join(t.options)
    if t.minimum is None and t.maximum is None:
        return "any"
    return f"{t.format(t.minimum)} – {t.format(t.maximum)}"


def workspace_response(
    request: Request,
    accord: Accord,
    negotiation_id: int,
    *,
    error: FormError | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    page = workspace_page(accord, negotiation_id)
    return render_page(
        request, "workspace.html", page, title=page.negotiation.title, error=error,
        values=values, status_code=status_code,
    )  # fmt: skip


@router.get("/negotiations/{negotiation_id}", name="workspace")
def workspace(request: Request, accord: AccordDep, negotiation_id: NegotiationId) -> Response:
    """The workspace of one negotiation (JSON twin: ``?format=json``)."""
    return workspace_response(request, accord, negotiation_id)
