"""Withdraw or correct an offer or an interaction: the original stays in the history.

Each route is one row of the shared table (``entrypoints/http/corrections.py``), which
the web's correction forms use too.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from accord.entrypoints.http.corrections import CORRECTIONS
from accord.entrypoints.http.deps import AccordDep, ExpectedVersion, NegotiationId, set_etag
from accord.entrypoints.http.schemas.common import MAX_ID
from accord.entrypoints.http.schemas.corrections import (
    InteractionCorrection,
    OfferCorrection,
    Withdrawal,
)
from accord.entrypoints.http.schemas.record import InteractionPublic, OfferPublic

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
    offer = CORRECTIONS["offer", "withdraw"].run(accord, negotiation_id, offer_id, body, version)
    set_etag(response, accord, negotiation_id, version)
    return OfferPublic.of(offer)


@router.post("/negotiations/{negotiation_id}/offers/{offer_id}/correction", status_code=201)
def correct_offer(
    accord: AccordDep, negotiation_id: NegotiationId, offer_id: OfferId, body: OfferCorrection,
    version: ExpectedVersion, response: Response,
) -> OfferPublic:  # fmt: skip
    """Record the corrected offer; the original is kept, withdrawn, and named by it."""
    offer = CORRECTIONS["offer", "correct"].run(accord, negotiation_id, offer_id, body, version)
    set_etag(response, accord, negotiation_id, version)
    return OfferPublic.of(offer)


@router.post("/negotiations/{negotiation_id}/interactions/{interaction_id}/withdrawal")
def withdraw_interaction(
    accord: AccordDep, negotiation_id: NegotiationId, interaction_id: InteractionId,
    body: Withdrawal, version: ExpectedVersion, response: Response,
) -> InteractionPublic:  # fmt: skip
    """Withdraw an interaction: kept in the history, out of relationship health."""
    row = CORRECTIONS["interaction", "withdraw"]
    item = row.run(accord, negotiation_id, interaction_id, body, version)
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
    row = CORRECTIONS["interaction", "correct"]
    item = row.run(accord, negotiation_id, interaction_id, body, version)
    set_etag(response, accord, negotiation_id, version)
    return InteractionPublic.of(item)
