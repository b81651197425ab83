"""The workspace's correction forms: withdraw or correct an offer or an interaction.

The originals stay in the history (see services/corrections.py); these forms only parse
what the user typed and call the service.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from accord.domain.terms import TermValue
from accord.entrypoints.http.deps import AccordDep, NegotiationId
from accord.entrypoints.web.actions import submit
from accord.entrypoints.web.forms import Form
from accord.entrypoints.web.pages.workspace import workspace_response
from accord.entrypoints.web.rendering import FormError
from accord.services import corrections

__all__ = ["router"]

router = APIRouter()


def _values(form: Form) -> dict[str, TermValue]:
    values: dict[str, TermValue] = {}
    for key in form.data:
        if key.startswith("fix.") and (value := form.value(key)) is not None:
            values[key.removeprefix("fix.")] = value
    return values


@router.post("/negotiations/{negotiation_id}/offers/{offer_id}/correction")
async def correct_offer(
    request: Request, accord: AccordDep, negotiation_id: NegotiationId, offer_id: int
) -> Response:
    """Withdraw the offer (``action=withdraw``) or replace its values (``action=correct``)."""

    def action(form: Form) -> object:
        uow, now = accord.store.unit_of_work(), accord.clock.now()
        reason = form.text("reason")
        if form.text("action") == "withdraw":
            return corrections.withdraw_offer(
                uow, now, negotiation_id, offer_id, reason, expected_version=form.version()
            )
        return corrections.correct_offer(
            uow, now, negotiation_id, offer_id, reason, values=_values(form),
            expected_version=form.version(),
        )  # fmt: skip

    def again(error: FormError, values: dict[str, str], status: int) -> Response:
        return workspace_response(request, accord, negotiation_id, error=error, values=values,
                                  status_code=status)  # fmt: skip

    return await submit(request, f"correct_offer_{offer_id}", action,
                        success=f"/negotiations/{negotiation_id}?saved=correction#offers",
                        error_page=again)  # fmt: skip


@router.post("/negotiations/{negotiation_id}/interactions/{interaction_id}/correction")
async def correct_interaction(
    request: Request, accord: AccordDep, negotiation_id: NegotiationId, interaction_id: int
) -> Response:
    """Withdraw the interaction, or correct its summary and notes."""

    def action(form: Form) -> object:
        uow, now = accord.store.unit_of_work(), accord.clock.now()
        reason = form.text("reason")
        if form.text("action") == "withdraw":
            return corrections.withdraw_interaction(
                uow, now, negotiation_id, interaction_id, reason,
                expected_version=form.version(),
            )  # fmt: skip
        changes = {name: form.text(name) for name in ("summary", "their_points", "our_questions")}
        return corrections.correct_interaction(
            uow, now, negotiation_id, interaction_id, reason, changes=changes,
            expected_version=form.version(),
        )  # fmt: skip

    def again(error: FormError, values: dict[str, str], status: int) -> Response:
        return workspace_response(request, accord, negotiation_id, error=error, values=values,
                                  status_code=status)  # fmt: skip

    return await submit(request, f"correct_interaction_{interaction_id}", action,
                        success=f"/negotiations/{negotiation_id}?saved=correction#interactions",
                        error_page=again)  # fmt: skip
