"""Contracts and underpayments in the browser: upload a fee-schedule file, the stored
contracts with their deadlines, and the underpayments worklist with its statuses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from accord.bootstrap import Accord
from accord.domain.economics.underpayments import Tolerance
from accord.domain.organisations import OrganisationKind
from accord.entrypoints.http.deps import AccordDep
from accord.entrypoints.http.errors import validate_input
from accord.entrypoints.http.schemas.common import MAX_ID, NO_NUL
from accord.entrypoints.http.schemas.economics import GroupStatusChange, WorklistPeriod
from accord.entrypoints.web.actions import check_same_origin, read_form
from accord.entrypoints.web.forms import Form
from accord.entrypoints.web.rendering import FormError, render_page, see_other
from accord.entrypoints.web.schema_forms import given
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
    filters: dict[str, str]
    query: str
    notice: str = ""


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


@dataclass(frozen=True, slots=True)
class _Filters:
    """The worklist page's period and tolerance, as the URL and the row forms carry them."""

    start: date | None = None
    end: date | None = None
    dollars: Decimal = Decimal("1.00")
    percent: Decimal = Decimal("2")

    @property
    def tolerance(self) -> Tolerance:
        return Tolerance(self.dollars, self.percent)

    def fields(self) -> dict[str, str]:
        return {
            "from": self.start.isoformat() if self.start else "",
            "to": self.end.isoformat() if self.end else "",
            "tolerance_dollars": str(self.dollars),
            "tolerance_percent": str(self.percent),
        }

    def query(self) -> str:
        return urlencode({k: v for k, v in self.fields().items() if v})


def _filters_from_form(form: Any) -> _Filters:
    """The filters of the page's URL or of a row's form (hidden fields), within the API's
    bounds (``WorklistPeriod``, as ``/api/underpayments`` takes them); blank is none."""
    sent = {name: text for name in ("from", "to", "tolerance_dollars", "tolerance_percent")
            if (text := str(form.get(name) or "").strip())}  # fmt: skip
    period = validate_input(WorklistPeriod, sent)
    return _Filters(period.start, period.end, period.tolerance_dollars, period.tolerance_percent)


def _worklist(
    request: Request,
    accord: Accord,
    filters: _Filters,
    *,
    notice: str = "",
    error: FormError | None = None,
    status: int = 200,
) -> Response:
    if filters.start is not None and filters.end is not None and filters.start > filters.end:
        raise ValidationError("the period ends before it starts", field="to")
    w = worklist_service.underpayment_worklist(
        accord.store.unit_of_work, accord.medicare_prices, start=filters.start,
        end=filters.end, tolerance=filters.tolerance,
    )  # fmt: skip
    page = UnderpaymentsPage(
        worklist=economics_views.worklist_json(w),
        statuses=["new", "appealed", "recovered", "written off"],
        filters=filters.fields(),
        query=filters.query(),
        notice=notice,
    )
    return render_page(request, "underpayments.html", page, title="Underpayments",
                       error=error, status_code=status)  # fmt: skip


@router.get("/underpayments", name="underpayments")
def underpayments_page(
    request: Request,
    accord: AccordDep,
    marked: Annotated[int | None, Query(ge=0, le=MAX_ID)] = None,
    row: Annotated[str, Query(max_length=300, pattern=NO_NUL)] = "",
    set_to: Annotated[str, Query(alias="set", max_length=40, pattern=NO_NUL)] = "",
) -> Response:
    """The underpayments worklist over a period (``from``, ``to``) and tolerance
    (``tolerance_dollars``, ``tolerance_percent``) kept in the URL — a blank field of the
    page's form is no bound (JSON twin: ``?format=json``); after a row's status change,
    what it did."""
    filters = _filters_from_form(request.query_params)
    notice = (
        worklist_service.mark_outcome(marked, row, set_to) if marked is not None and row else ""
    )
    return _worklist(request, accord, filters, notice=notice)


def _row_change(form: Form) -> dict[str, str]:
    """A worklist row's form (the row's key, the status chosen, the page's period and
    tolerance as hidden fields) as the API's JSON would carry it: a blank one left out."""
    return given(form, "payer", "code", "reason", "current_status", "status", "from", "to",
                 "tolerance_dollars", "tolerance_percent")  # fmt: skip


def _filters_sent(form: Form) -> _Filters:
    """The period and tolerance a refused row was sent with, to show the worklist again
    over them (the defaults when they are what was refused)."""
    try:
        sent = _filters_from_form(form.data)
        sent.tolerance  # noqa: B018 -- built for the domain's check of its bounds
    except ValidationError:
        return _Filters()
    if sent.start is not None and sent.end is not None and sent.start > sent.end:
        return _Filters()
    return sent


@router.post("/underpayments/status")
async def mark_underpayments(request: Request, accord: AccordDep) -> Response:
    """Move a worklist row (every line of its payer, code, reason and status over the
    page's period and tolerance, sent back with the row) to another status, then show the
    worklist with what moved. The row is sent by its key, never by its line ids (a year's
    row holds thousands); the form is read into the API's ``GroupStatusChange``."""
    form = await read_form(request)
    try:
        change = validate_input(GroupStatusChange, _row_change(form))
        key = UnderpaidGroupKey(change.payer, change.code, change.reason,
                                change.current_status.value)  # fmt: skip
        filters = _Filters(change.start, change.end, change.tolerance_dollars,
                           change.tolerance_percent)  # fmt: skip
        moved = await run_in_threadpool(
            partial(worklist_service.mark_underpayment_group, accord.store.unit_of_work,
                    accord.medicare_prices, accord.clock, key, change.status.value,
                    start=filters.start, end=filters.end, tolerance=filters.tolerance),
        )  # fmt: skip
    except AccordError as exc:
        refused, code, shown = FormError.of("status", exc), exc.http_status, _filters_sent(form)
        return await run_in_threadpool(
            lambda: _worklist(request, accord, shown, error=refused, status=code)
        )
    done = urlencode({"marked": moved, "row": f"{key.payer} {key.code}",
                      "set": change.status.value})  # fmt: skip
    return see_other(f"/underpayments?{filters.query()}&{done}")


@router.get("/scorecard", name="scorecard")
def scorecard_page(request: Request, accord: AccordDep) -> Response:
    """The payer scorecard over ``from``..``to`` (a blank field of the page's form is no
    bound), ranked (JSON twin: ``?format=json``; CSV at /api/scorecard.csv)."""
    period = _filters_from_form(request.query_params)
    start, end = period.start, period.end
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
    values: dict[str, str] | None = None,
) -> Response:
    """The contract page (also with a refused form's error and what was typed)."""
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
                       error=error, values=values, status_code=status)  # fmt: skip
