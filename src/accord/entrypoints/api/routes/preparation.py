"""Preparation (checklist, competitor prices, leverage, allies) and the agreement."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from accord.domain.agreements import RateChange, SoftSaving
from accord.domain.preparation import CompetitorPrice
from accord.entrypoints.http.deps import AccordDep, ExpectedVersion, NegotiationId, set_etag
from accord.entrypoints.http.schemas.agreements import AgreementCreate, AgreementPublic
from accord.entrypoints.http.schemas.record import (
    AllyCreate,
    AllyPublic,
    ChecklistAnswer,
    ChecklistPublic,
    CompetitorPriceCreate,
    LeverageCreate,
    LeveragePublic,
)
from accord.errors import NotFoundError
from accord.services import agreements, negotiations, preparation

__all__ = ["router"]

router = APIRouter(tags=["preparation and agreement"])


@router.get("/negotiations/{negotiation_id}/checklist")
def get_checklist(accord: AccordDep, negotiation_id: NegotiationId) -> ChecklistPublic:
    """The eight questions, research notes, competitor prices and completeness."""
    n = negotiations.get_negotiation(accord.store.unit_of_work(), negotiation_id)
    return ChecklistPublic.of(n.checklist)


@router.post("/negotiations/{negotiation_id}/checklist/answers")
def answer_checklist(
    accord: AccordDep, negotiation_id: NegotiationId, body: ChecklistAnswer,
    version: ExpectedVersion, response: Response,
) -> ChecklistPublic:  # fmt: skip
    """Answer one of the eight questions, or write a research note."""
    n = preparation.answer_checklist(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id, body.item, body.text,
        expected_version=version,
    )  # fmt: skip
    set_etag(response, accord, negotiation_id, None)  # an append: read back
    return ChecklistPublic.of(n.checklist)


@router.post("/negotiations/{negotiation_id}/checklist/prices", status_code=status.HTTP_201_CREATED)
def add_competitor_price(
    accord: AccordDep, negotiation_id: NegotiationId, body: CompetitorPriceCreate,
    version: ExpectedVersion, response: Response,
) -> ChecklistPublic:  # fmt: skip
    """Record a competitor's or the market's price for the same service."""
    price = CompetitorPrice(body.description, float(body.amount), body.source, body.billing_code)
    n = preparation.add_competitor_price(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id, price,
        expected_version=version,
    )  # fmt: skip
    set_etag(response, accord, negotiation_id, None)  # an append: read back
    return ChecklistPublic.of(n.checklist)


@router.get("/negotiations/{negotiation_id}/leverage")
def list_leverage(accord: AccordDep, negotiation_id: NegotiationId) -> list[LeveragePublic]:
    """Sources of leverage with their strength (1..5)."""
    n = negotiations.get_negotiation(accord.store.unit_of_work(), negotiation_id)
    return [LeveragePublic.of(f) for f in n.leverage]


@router.post("/negotiations/{negotiation_id}/leverage", status_code=status.HTTP_201_CREATED)
def add_leverage(
    accord: AccordDep, negotiation_id: NegotiationId, body: LeverageCreate,
    version: ExpectedVersion, response: Response,
) -> LeveragePublic:  # fmt: skip
    """Record a source of leverage (network gap, special service, volume, outcomes)."""
    factor = preparation.add_leverage(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id,
        expected_version=version, **body.model_dump(),
    )  # fmt: skip
    set_etag(response, accord, negotiation_id, None)  # an append: read back
    return LeveragePublic.of(factor)


@router.get("/negotiations/{negotiation_id}/allies")
def list_allies(accord: AccordDep, negotiation_id: NegotiationId) -> list[AllyPublic]:
    """Allies and what they will do for us."""
    n = negotiations.get_negotiation(accord.store.unit_of_work(), negotiation_id)
    return [AllyPublic.of(a) for a in n.allies]


@router.post("/negotiations/{negotiation_id}/allies", status_code=status.HTTP_201_CREATED)
def add_ally(
    accord: AccordDep, negotiation_id: NegotiationId, body: AllyCreate,
    version: ExpectedVersion, response: Response,
) -> AllyPublic:  # fmt: skip
    """Record an ally who can lend weight to our position."""
    ally = preparation.add_ally(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id,
        expected_version=version, **body.model_dump(),
    )  # fmt: skip
    set_etag(response, accord, negotiation_id, None)  # an append: read back
    return AllyPublic.of(ally)


@router.get("/negotiations/{negotiation_id}/agreement")
def get_agreement(accord: AccordDep, negotiation_id: NegotiationId) -> AgreementPublic:
    """The agreement (404 while none is recorded)."""
    n = negotiations.get_negotiation(accord.store.unit_of_work(), negotiation_id)
    if n.agreement is None:
        raise NotFoundError(f"negotiation {negotiation_id} has no agreement yet")
    return AgreementPublic.of(n.agreement)


@router.post("/negotiations/{negotiation_id}/agreement", status_code=status.HTTP_201_CREATED)
def record_agreement(
    accord: AccordDep, negotiation_id: NegotiationId, body: AgreementCreate,
    version: ExpectedVersion, response: Response,
) -> AgreementPublic:  # fmt: skip
    """Record the agreement; it moves the negotiation to agreed."""
    agreement = agreements.record_agreement(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id,
        final_terms=body.final_terms, effective=body.effective, expires=body.expires,
        potential_cost=body.potential_cost, actual_cost=body.actual_cost,
        case_management_cost=body.case_management_cost,
        soft_savings=[SoftSaving(s.category, s.amount, s.note) for s in body.soft_savings],
        rate_changes=[
            RateChange(r.code, r.current_rate, r.new_rate, r.yearly_volume)
            for r in body.rate_changes
        ],
        note=body.note, expected_version=version,
    )  # fmt: skip
    set_etag(response, accord, negotiation_id, version)
    return AgreementPublic.of(agreement)
