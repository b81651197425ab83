"""Terms, offers and interactions of a negotiation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from accord.entrypoints.http.deps import AccordDep, ExpectedVersion, NegotiationId, set_etag
from accord.entrypoints.http.schemas.common import MAX_ID
from accord.entrypoints.http.schemas.record import (
    FollowUpDone,
    InteractionCreate,
    InteractionPublic,
    OfferCreate,
    OfferPublic,
    TermCreate,
    TermPublic,
    TermStatusUpdate,
    TermUpdate,
)
from accord.services import activity, negotiations

__all__ = ["router"]

router = APIRouter(tags=["terms, offers and interactions"])
TermName = Annotated[str, Path(min_length=1, max_length=200)]
InteractionId = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.get("/negotiations/{negotiation_id}/terms")
def list_terms(accord: AccordDep, negotiation_id: NegotiationId) -> list[TermPublic]:
    """The terms at stake with our plan and their status."""
    n = negotiations.get_negotiation(accord.store.unit_of_work(), negotiation_id)
    return [TermPublic.of(t) for t in n.terms]


@router.post("/negotiations/{negotiation_id}/terms", status_code=status.HTTP_201_CREATED)
def add_term(
    accord: AccordDep, negotiation_id: NegotiationId, body: TermCreate,
    version: ExpectedVersion, response: Response,
) -> TermPublic:  # fmt: skip
    """Add a term with our opening, target and walk-away (checked for order)."""
    term = negotiations.add_term(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id,
        expected_version=version, **body.model_dump(),
    )  # fmt: skip
    set_etag(response, accord, negotiation_id, version)
    return TermPublic.of(term)


@router.patch("/negotiations/{negotiation_id}/terms/{name}")
def revise_term(
    accord: AccordDep, negotiation_id: NegotiationId, name: TermName, body: TermUpdate,
    version: ExpectedVersion, response: Response,
) -> TermPublic:  # fmt: skip
    """Correct a term's range, plan, priority or billing code; checked as a whole."""
    term = negotiations.revise_term(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id, name, body.changes(),
        expected_version=version,
    )  # fmt: skip
    set_etag(response, accord, negotiation_id, version)
    return TermPublic.of(term)


@router.put("/negotiations/{negotiation_id}/terms/{name}/status")
def set_term_status(
    accord: AccordDep, negotiation_id: NegotiationId, name: TermName, body: TermStatusUpdate,
    version: ExpectedVersion, response: Response,
) -> TermPublic:  # fmt: skip
    """Set a term aside as agreed (with its value), mark it disagreed, or open it again."""
    term = negotiations.set_term_status(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id, name, body.status,
        body.agreed_value, expected_version=version,
    )  # fmt: skip
    set_etag(response, accord, negotiation_id, version)
    return TermPublic.of(term)


@router.get("/negotiations/{negotiation_id}/offers")
def list_offers(
    accord: AccordDep, negotiation_id: NegotiationId, history: bool = False
) -> list[OfferPublic]:
    """Offers by both sides in time order (``history=true``: withdrawn ones too)."""
    n = negotiations.get_negotiation(accord.store.unit_of_work(), negotiation_id)
    return [OfferPublic.of(o) for o in (n.offer_history if history else n.offers)]


@router.post("/negotiations/{negotiation_id}/offers", status_code=status.HTTP_201_CREATED)
def record_offer(
    accord: AccordDep, negotiation_id: NegotiationId, body: OfferCreate,
    version: ExpectedVersion, response: Response,
) -> OfferPublic:  # fmt: skip
    """Record an offer by either side; our values outside a term's range are refused,
    theirs are recorded as said."""
    offer = activity.record_offer(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id,
        side=body.side, values=body.values, at=body.at, channel=body.channel, note=body.note,
        expected_version=version,
    )  # fmt: skip
    set_etag(response, accord, negotiation_id, None)  # an append: read back
    return OfferPublic.of(offer)


@router.get("/negotiations/{negotiation_id}/interactions")
def list_interactions(
    accord: AccordDep, negotiation_id: NegotiationId, history: bool = False
) -> list[InteractionPublic]:
    """Interactions in time order: what they said, what we asked, follow-ups
    (``history=true``: withdrawn ones too)."""
    n = negotiations.get_negotiation(accord.store.unit_of_work(), negotiation_id)
    items = n.interaction_history if history else n.interactions
    return [InteractionPublic.of(i) for i in items]


@router.post("/negotiations/{negotiation_id}/interactions", status_code=status.HTTP_201_CREATED)
def log_interaction(
    accord: AccordDep, negotiation_id: NegotiationId, body: InteractionCreate,
    version: ExpectedVersion, response: Response,
) -> InteractionPublic:  # fmt: skip
    """Log a call, e-mail, meeting...: what they said, what we asked."""
    item = activity.log_interaction(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id,
        expected_version=version, **body.model_dump(),
    )  # fmt: skip
    set_etag(response, accord, negotiation_id, None)  # an append: read back
    return InteractionPublic.of(item)


@router.post("/negotiations/{negotiation_id}/interactions/{interaction_id}/follow-up")
def complete_follow_up(
    accord: AccordDep, negotiation_id: NegotiationId, interaction_id: InteractionId,
    body: FollowUpDone, version: ExpectedVersion, response: Response,
) -> InteractionPublic:  # fmt: skip
    """Mark an interaction's follow-up done (and when the reply came)."""
    item = activity.complete_follow_up(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id, interaction_id,
        replied_at=body.replied_at, expected_version=version,
    )  # fmt: skip
    set_etag(response, accord, negotiation_id, version)
    return InteractionPublic.of(item)
