"""Contracts and underpayments in the browser: upload a fee-schedule file, the stored
contracts with their deadlines, and the underpayments worklist with its statuses."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from accord.bootstrap import Accord
from accord.domain.organisations import OrganisationKind
from accord.entrypoints.http.deps import AccordDep
from accord.entrypoints.http.schemas.common import MAX_ID
from accord.entrypoints.web.actions import check_same_origin
from accord.entrypoints.web.rendering import FormError, render_page, see_other
from accord.entrypoints.web.sessions import FIELD, check_csrf_token
from accord.errors import AccordError, ValidationError
from accord.services import (
    contract_modeller,
    contract_store,
    economics_views,
    organisations,
    scorecard_exports,
    scorecards,
)
from accord.services import underpayment_worklist as worklist_service
from accord.services.contract_store import MAX_CONTRACT_UPLOAD_BYTES
from accord.services.economics_ports import UnderpaidGroupKey

__all__ = [
    "ContractPage",
    "ContractsPage",
    "ScorecardPage",
    "UnderpaymentsPage",
    "router",
]

router = APIRouter()


class ContractsPage(BaseModel):
    contracts: list[dict[str, Any]]
    deadlines: list[dict[str, Any]]
    stored: list[int]  # ids of the contracts the upload just stored, if any


class ContractPage(BaseModel):
    contract: dict[str, Any]
    model: dict[str, Any] | None  # the modeller's answer, when a period was given
    start: date
    end: date
    increase: str
    our_organisations: list[dict[str, Any]] = []  # who may open a negotiation from it


class ScorecardPage(BaseModel):
    scorecard: dict[str, Any]


class UnderpaymentsPage(BaseModel):
    worklist: dict[str, Any]
    statuses: list[str]


def _contracts(
    request: Request, accord: Accord, *, stored: list[int] | None = None,
    error: FormError | None = None, status: int = 200,
) -> Response:  # fmt: skip
    uow = accord.store.unit_of_work
    found = contract_store.contract_deadline_list(uow, today=accord.clock.now().date())
    rows = contract_store.list_contracts(uow)
    page = ContractsPage(
        contracts=[economics_views.contract_row_json(r) for r in rows],
        deadlines=[{"payer": d.payer, "kind": d.kind, "due": d.due.isoformat(),
                    "description": d.description} for d in found],
        stored=stored or [],
    )  # fmt: skip
    return render_page(request, "contracts.html", page, title="Contracts", error=error,
                       status_code=status)  # fmt: skip


@router.get("/contracts", name="contracts")
def contracts_page(request: Request, accord: AccordDep) -> Response:
    """Stored contracts, their deadlines and the upload form (JSON twin: ``?format=json``)."""
    return _contracts(request, accord)


@router.post("/contracts")
async def upload_contracts(request: Request, accord: AccordDep) -> Response:
    """Store the contracts of an uploaded fee-schedule file, whole or not at all."""
    check_same_origin(request)
    form = await request.form(max_files=1, max_part_size=MAX_CONTRACT_UPLOAD_BYTES)
    check_csrf_token(request, form.get(FIELD))
    upload = form.get("file")
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise ValidationError("choose a CSV or XLSX fee-schedule file", field="file")
        data = await upload.read(MAX_CONTRACT_UPLOAD_BYTES + 1)
        ids = await run_in_threadpool(
            contract_store.import_contract_bytes, accord.store.unit_of_work,
            accord.contract_files, accord.clock, data, name=upload.filename,
        )  # fmt: skip
    except AccordError as exc:
        refused, status = FormError.of("upload", exc), exc.http_status
        return await run_in_threadpool(
            lambda: _contracts(request, accord, error=refused, status=status)
        )
    return await run_in_threadpool(lambda: _contracts(request, accord, stored=ids))


def _worklist(
    request: Request, accord: Accord, *, error: FormError | None = None, status: int = 200
) -> Response:
    w = worklist_service.underpayment_worklist(accord.store.unit_of_work, accord.medicare_prices)
    page = UnderpaymentsPage(
        worklist=economics_views.worklist_json(w),
        statuses=["new", "appealed", "recovered", "written off"],
    )
    return render_page(request, "underpayments.html", page, title="Underpayments",
                       error=error, status_code=status)  # fmt: skip


@router.get("/underpayments", name="underpayments")
def underpayments_page(request: Request, accord: AccordDep) -> Response:
    """The underpayments worklist (JSON twin: ``?format=json``)."""
    return _worklist(request, accord)


@router.post("/underpayments/status")
async def mark_underpayments(request: Request, accord: AccordDep) -> Response:
    """Move a worklist row (every line of its payer, code, reason and status over the
    page's whole period and default tolerance) to another status, then show the worklist.
    The row is sent by its key, never by its line ids (a year's row holds thousands)."""
    check_same_origin(request)
    form = await request.form()
    check_csrf_token(request, form.get(FIELD))
    key = UnderpaidGroupKey(*(str(form.get(name) or "") for name in
                              ("payer", "code", "reason", "current_status")))  # fmt: skip
    try:
        await run_in_threadpool(
            worklist_service.mark_underpayment_group, accord.store.unit_of_work,
            accord.medicare_prices, accord.clock, key, str(form.get("status") or ""),
        )  # fmt: skip
    except AccordError as exc:
        refused, code = FormError.of("status", exc), exc.http_status
        return await run_in_threadpool(
            lambda: _worklist(request, accord, error=refused, status=code)
        )
    return see_other("/underpayments")


@router.get("/scorecard", name="scorecard")
def scorecard_page(
    request: Request,
    accord: AccordDep,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
) -> Response:
    """The payer scorecard, ranked (JSON twin: ``?format=json``; CSV at /api/scorecard.csv)."""
    card = scorecards.payer_scorecard(
        accord.store.unit_of_work, accord.medicare_prices, start=start, end=end
    )
    page = ScorecardPage(scorecard=economics_views.scorecard_json(card))
    return render_page(request, "scorecard.html", page, title="Payer scorecard")


@router.get("/scorecard/{chart}.svg", name="scorecard_chart")
def scorecard_chart(
    accord: AccordDep,
    chart: Annotated[str, Path(max_length=40)],
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
) -> Response:
    """One of the scorecard's charts (paid per unit, days to pay, % of Medicare)."""
    card = scorecards.payer_scorecard(
        accord.store.unit_of_work, accord.medicare_prices, start=start, end=end
    )
    svg = scorecard_exports.scorecard_chart(accord.charts, card, chart)
    return Response(svg, media_type="image/svg+xml")


@router.get("/contracts/{contract_id}", name="contract")
def contract_page(
    request: Request,
    accord: AccordDep,
    contract_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
    increase: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    """One contract with its fee schedule and deadlines, and the modeller: its schedule
    raised by a percentage over the payer's volumes of a period (JSON twin too)."""
    return contract_response(request, accord, contract_id, start=start, end=end,
                             increase=increase)  # fmt: skip


def contract_response(
    request: Request,
    accord: Accord,
    contract_id: int,
    *,
    start: date | None = None,
    end: date | None = None,
    increase: str = "",
    error: FormError | None = None,
    status: int = 200,
) -> Response:
    """The contract page (also with a refused form's error)."""
    today = accord.clock.now().date()
    stored = contract_store.show_contract(accord.store.unit_of_work, contract_id, today=today)
    first = start or today - timedelta(days=364)  # the last 365 days
    last = end or today
    model = None
    if increase.strip():
        try:
            pct = Decimal(increase.strip().rstrip("%"))
        except ArithmeticError as exc:
            raise ValidationError(f"expected a percentage, found {increase!r}",
                                  field="increase") from exc  # fmt: skip
        proposals = contract_modeller.proposals_from(
            accord.contract_files, stored.contract, increases=[pct]
        )
        model = economics_views.model_json(
            contract_modeller.model_stored_contract(
                accord.store.unit_of_work,
                accord.medicare_prices,
                contract_id,
                proposals,
                start=first,
                end=last,
            )
        )
    ours = organisations.list_organisations(accord.store.unit_of_work(), OrganisationKind.OURS)
    page = ContractPage(
        contract=economics_views.contract_json(stored), model=model, start=first, end=last,
        increase=increase, our_organisations=[{"id": o.id, "name": o.name} for o in ours],
    )  # fmt: skip
    return render_page(request, "contract.html", page, title=stored.contract.payer,
                       error=error, status_code=status)  # fmt: skip
