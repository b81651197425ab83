"""Withdraw or correct an offer or an interaction: the original stays in the history."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from accord.entrypoints.http.deps import AccordDep, ExpectedVersion, NegotiationId, set_etag
from accord.entrypoints.http.schemas.common import MAX_ID
from accord.entrypoints.http.schemas.corrections import (
    InteractionCorrection,
    OfferCorrection,
    Withdrawal,
)
from accord.entrypoints.http.schemas.record import InteractionPublic, OfferPublic
from accord.services import corrections

__all__ = ["router"]

router = APIRouter(tags=["terms, offers and interactions"])
OfferId = Annotated[int, Path(ge=1, le=MAX_ID)]
InteractionId = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.post("/negotiations/{negotiation_id}/offers/{offer_id}/withdrawal")
def withdraw_offer(
    accord: AccordDep, negotiation_id: NegotiationId, offer_id: OfferId, body: Withdrawal,
    version: ExpectedVersion, response: Response,
) -> OfferPublic:  # fmt: skip
    """Withdraw an offer: kept in the history, no longer counted in the analysis."""
    offer = corrections.withdraw_offer(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id, offer_id, body.reason,
        expected_version=version,
    )  # fmt: skip
    set_etag(response, accord, negotiation_id, version)
    return OfferPublic.of(offer)


@router.post("/negotiations/{negotiation_id}/offers/{offer_id}/correction", status_code=201)
def correct_offer(
    accord: AccordDep, negotiation_id: NegotiationId, offer_id: OfferId, body: OfferCorrection,
    version: ExpectedVersion, response: Response,
) -> OfferPublic:  # fmt: skip
    """Record the corrected offer; the original is kept, withdrawn, and named by it."""
    offer = corrections.correct_offer(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id, offer_id, body.reason,
        values=body.values, at=body.at, expected_version=version,
    )  # fmt: skip
    set_etag(response, accord, negotiation_id, version)
    return OfferPublic.of(offer)


@router.post("/negotiations/{negotiation_id}/interactions/{interaction_id}/withdrawal")
def withdraw_interaction(
    accord: AccordDep, negotiation_id: NegotiationId, interaction_id: InteractionId,
    body: Withdrawal, version: ExpectedVersion, response: Response,
) -> InteractionPublic:  # fmt: skip
    """Withdraw an interaction: kept in the history, out of relationship health."""
    item = corrections.withdraw_interaction(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id, interaction_id,
        body.reason, expected_version=version,
    )  # fmt: skip
    set_etag(response, accord, negotiation_id, version)
    return InteractionPublic.of(item)


@router.post(
    "/negotiations/{negotiation_id}/interactions/{interaction_id}/correction", status_code=201
)
def correct_interaction(
    accord: AccordDep, negotiation_id: NegotiationId, interaction_id: InteractionId,
    body: InteractionCorrection, version: ExpectedVersion, response: Response,
) -> InteractionPublic:  # fmt: skip
    """Record the corrected interaction; the original is kept, withdrawn."""
    changes = body.model_dump(exclude={"reason"}, exclude_none=True)
    item = corrections.correct_interaction(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id, interaction_id,
        body.reason, changes=changes, expected_version=version,
    )  # fmt: skip
    set_etag(response, accord, negotiation_id, version)
    return InteractionPublic.of(item)
