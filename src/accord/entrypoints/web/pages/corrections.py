"""The workspace's correction forms: withdraw or correct an offer or an interaction.

One handler for both entries: the form is parsed into the request model the API takes
for the same action and handed to the same row of the shared table
(``entrypoints/http/corrections.py``). The originals stay in the history.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request, Response

from accord.entrypoints.http.corrections import CORRECTIONS, Entry
from accord.entrypoints.http.deps import AccordDep, NegotiationId
from accord.entrypoints.http.errors import validate_input
from accord.entrypoints.web.actions import submit
from accord.entrypoints.web.forms import Form
from accord.entrypoints.web.pages.workspace import workspace_response
from accord.entrypoints.web.rendering import FormError

__all__ = ["router"]

router = APIRouter()


def _offer_fields(form: Form) -> dict[str, Any]:
    """The corrected values, from the ``fix.<term>`` fields."""
    values = {key.removeprefix("fix."): form.value(key) for key in form.data
              if key.startswith("fix.")}  # fmt: skip
    return {"values": {name: v for name, v in values.items() if v is not None}}


def _interaction_fields(form: Form) -> dict[str, Any]:
    return {name: form.text(name) for name in ("summary", "their_points", "our_questions")}


# entry → (the workspace section it returns to, what its correct form carries)
_FORMS: dict[Entry, tuple[str, Callable[[Form], dict[str, Any]]]] = {
    "offer": ("offers", _offer_fields),
    "interaction": ("interactions", _interaction_fields),
}


async def _correct(
    request: Request, accord: AccordDep, negotiation_id: int, entry: Entry, entry_id: int
) -> Response:
    """Withdraw the entry (``action=withdraw``) or correct it (``action=correct``)."""
    section, fields = _FORMS[entry]

    def action(form: Form) -> object:
        withdraw = form.text("action") == "withdraw"
        row = CORRECTIONS[entry, "withdraw" if withdraw else "correct"]
        data = {"reason": form.text("reason"), **({} if withdraw else fields(form))}
        return row.run(accord, negotiation_id, entry_id, validate_input(row.body, data),
                       form.version())  # fmt: skip

    def again(error: FormError, values: dict[str, str], status: int) -> Response:
        return workspace_response(request, accord, negotiation_id, error=error, values=values,
                                  status_code=status)  # fmt: skip

    return await submit(request, f"correct_{entry}_{entry_id}", action,
                        success=f"/negotiations/{negotiation_id}?saved=correction#{section}",
                        error_page=again)  # fmt: skip


@router.post("/negotiations/{negotiation_id}/offers/{offer_id}/correction")
async def correct_offer(
    request: Request, accord: AccordDep, negotiation_id: NegotiationId, offer_id: int
) -> Response:
    """Withdraw the offer (``action=withdraw``) or replace its values (``action=correct``)."""
    return await _correct(request, accord, negotiation_id, "offer", offer_id)


@router.post("/negotiations/{negotiation_id}/interactions/{interaction_id}/correction")
async def correct_interaction(
    request: Request, accord: AccordDep, negotiation_id: NegotiationId, interaction_id: int
) -> Response:
    """Withdraw the interaction, or correct its summary and notes."""
    return await _correct(request, accord, negotiation_id, "interaction", interaction_id)
