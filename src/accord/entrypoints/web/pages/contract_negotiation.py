"""Open a rate negotiation from a stored contract (the contract page's form), read into
the API's ``NegotiationFromContract``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.concurrency import run_in_threadpool

from accord.entrypoints.http.deps import AccordDep
from accord.entrypoints.http.errors import validate_input
from accord.entrypoints.http.schemas.common import MAX_ID
from accord.entrypoints.http.schemas.economics import NegotiationFromContract
from accord.entrypoints.web.actions import read_form
from accord.entrypoints.web.forms import Form
from accord.entrypoints.web.pages.economics import contract_response
from accord.entrypoints.web.rendering import FormError, see_other
from accord.entrypoints.web.schema_forms import given, whole_numbers
from accord.errors import AccordError
from accord.services import contract_negotiation

__all__ = ["router"]

router = APIRouter()


def _opening(form: Form) -> dict[str, object]:
    """The form as the API's JSON would carry it: our organisation and, if typed, a title
    (left empty, the payer's name and "rates")."""
    return {**whole_numbers(form, "ours"), **given(form, "title")}


@router.post("/contracts/{contract_id}/negotiation")
async def open_from_contract(
    request: Request,
    accord: AccordDep,
    contract_id: Annotated[int, Path(ge=1, le=MAX_ID)],
) -> Response:
    """Open a contract-rates negotiation with the contract's payer, its rate terms filled
    with the current rates and last year's volumes; then show it."""
    form = await read_form(request)
    try:
        body = validate_input(NegotiationFromContract, _opening(form))
        opened = await run_in_threadpool(
            lambda: contract_negotiation.open_from_contract(
                accord.store.unit_of_work, accord.clock, accord.medicare_prices,
                contract_id=contract_id, our_org_id=body.ours, title=body.title,
            )
        )  # fmt: skip
    except AccordError as exc:
        refused, status = FormError.of("negotiate", exc), exc.http_status
        return await run_in_threadpool(
            lambda: contract_response(
                request, accord, contract_id, error=refused, status=status, values=form.data
            )
        )
    return see_other(f"/negotiations/{opened.negotiation.id}")
