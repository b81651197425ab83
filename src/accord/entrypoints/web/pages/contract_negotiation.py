"""Open a rate negotiation from a stored contract (the contract page's form)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.concurrency import run_in_threadpool

from accord.entrypoints.http.deps import AccordDep
from accord.entrypoints.http.schemas.common import MAX_ID
from accord.entrypoints.web.actions import check_same_origin
from accord.entrypoints.web.pages.economics import contract_response
from accord.entrypoints.web.rendering import FormError, see_other
from accord.entrypoints.web.sessions import FIELD, check_csrf_token
from accord.errors import AccordError, ValidationError
from accord.services import contract_negotiation

__all__ = ["router"]

router = APIRouter()


@router.post("/contracts/{contract_id}/negotiation")
async def open_from_contract(
    request: Request,
    accord: AccordDep,
    contract_id: Annotated[int, Path(ge=1, le=MAX_ID)],
) -> Response:
    """Open a contract-rates negotiation with the contract's payer, its rate terms filled
    with the current rates and last year's volumes; then show it."""
    check_same_origin(request)
    form = await request.form()
    check_csrf_token(request, form.get(FIELD))
    ours = str(form.get("ours") or "")
    title = str(form.get("title") or "").strip() or None
    try:
        if not (ours.isascii() and ours.isdigit() and 0 < len(ours) <= 9):
            raise ValidationError("choose your organisation", field="ours")
        opened = await run_in_threadpool(
            lambda: contract_negotiation.open_from_contract(
                accord.store.unit_of_work, accord.clock, accord.medicare_prices,
                contract_id=contract_id, our_org_id=int(ours), title=title,
            )
        )  # fmt: skip
    except AccordError as exc:
        refused, status = FormError.of("negotiate", exc), exc.http_status
        return await run_in_threadpool(
            lambda: contract_response(request, accord, contract_id, error=refused, status=status)
        )
    return see_other(f"/negotiations/{opened.negotiation.id}")
