"""``/api/contracts``, ``/api/underpayments`` and ``/api/scorecard``: stored payer contracts
(upload, list, read), the underpayments worklist (read; set the status of a row or of
chosen lines; a row's line ids on demand) and the payer scorecard (JSON or CSV)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response, UploadFile, status
from pydantic import BaseModel, Field

from accord.domain.economics.underpayments import Tolerance, WorklistStatus
from accord.entrypoints.http.deps import AccordDep
from accord.entrypoints.http.schemas.common import MAX_ID, NO_NUL, SAID, Day
from accord.entrypoints.http.schemas.economics import (
    GroupStatusChange,
    NegotiationFromContract,
)
from accord.services import (
    contract_modeller,
    contract_negotiation,
    contract_store,
    economics_views,
    scorecard_exports,
    scorecards,
)
from accord.services import underpayment_worklist as worklist_service
from accord.services.contract_store import MAX_CONTRACT_UPLOAD_BYTES
from accord.services.economics_ports import UnderpaidGroupKey

__all__ = ["router"]

router = APIRouter(tags=["economics"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ContractsStored(BaseModel):
    file: str
    contract_ids: list[int]


class StatusChange(BaseModel):
    status: WorklistStatus = Field(description="new, appealed, recovered or written off.")
    line_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        min_length=1, max_length=10_000, description="Stored service line ids (from the worklist)."
    )


class StatusChanged(BaseModel):
    status: WorklistStatus
    marked: int


class GroupLinesPage(BaseModel):
    payer: str
    code: str
    reason: str
    status: WorklistStatus
    total: int = Field(description="How many lines the row has.")
    offset: int
    line_ids: list[int] = Field(description="A page of the row's service line ids, ascending.")


@router.post("/contracts", status_code=status.HTTP_201_CREATED)
def upload_contracts(accord: AccordDep, file: UploadFile) -> ContractsStored:
    """Store every contract of a CSV or XLSX fee-schedule file (422 naming the line and
    column of the first problem; nothing is stored then)."""
    data = file.file.read(MAX_CONTRACT_UPLOAD_BYTES + 1)
    name = file.filename or "upload.csv"
    ids = contract_store.import_contract_bytes(
        accord.store.unit_of_work, accord.contract_files, accord.clock, data, name=name
    )
    return ContractsStored(file=name, contract_ids=ids)


@router.get("/contracts")
def list_contracts(
    accord: AccordDep,
    payer: Annotated[
        str | None, Query(max_length=200, pattern=NO_NUL, description="Only this payer.")
    ] = None,
) -> list[dict[str, Any]]:
    """Stored contracts, by payer and effective date, with their number of rates."""
    rows = contract_store.list_contracts(accord.store.unit_of_work, payer=payer)
    return [economics_views.contract_row_json(r) for r in rows]


@router.get("/contracts/deadlines")
def contract_deadlines(
    accord: AccordDep,
    payer: Annotated[
        str | None, Query(max_length=200, pattern=NO_NUL, description="Only this payer.")
    ] = None,
) -> list[dict[str, Any]]:
    """Every stored contract's next notice, renewal and end dates, soonest first."""
    found = contract_store.contract_deadline_list(
        accord.store.unit_of_work, today=accord.clock.now().date(), payer=payer
    )
    return [{"payer": d.payer, "kind": d.kind, "due": d.due.isoformat(),
             "description": d.description} for d in found]  # fmt: skip


@router.get("/contracts/{contract_id}")
def get_contract(
    accord: AccordDep, contract_id: int = Path(ge=1, le=MAX_ID, description="Contract id.")
) -> dict[str, Any]:
    """One contract: its terms, every rate and its next deadlines."""
    stored = contract_store.show_contract(
        accord.store.unit_of_work, contract_id, today=accord.clock.now().date()
    )
    return economics_views.contract_json(stored)


@router.get("/contracts/{contract_id}/model")
def model_contract(
    accord: AccordDep,
    start: Annotated[Day, Query(alias="from", description="First date of service.")],
    end: Annotated[Day, Query(alias="to", description="Last date of service.")],
    contract_id: int = Path(ge=1, le=MAX_ID, description="The current contract's id."),
    increase: Annotated[
        list[Decimal], Query(description="Model every rate raised by this %; repeat.")
    ] = [],  # noqa: B006 - FastAPI copies defaults per request
    negotiation: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Also model each offer of it.")
    ] = None,
) -> dict[str, Any]:
    """The current fee schedule against proposals over the payer's stored volumes of the
    period: per code, in total and the yearly revenue effect of each proposal."""
    current = contract_store.show_contract(
        accord.store.unit_of_work, contract_id, today=accord.clock.now().date()
    ).contract
    proposals = contract_modeller.proposals_from(accord.contract_files, current, increases=increase)
    if negotiation is not None:
        proposals += contract_modeller.proposals_from_negotiation(
            accord.store.unit_of_work, current, negotiation, year=end.year
        )
    result = contract_modeller.model_stored_contract(
        accord.store.unit_of_work, accord.medicare_prices, contract_id, proposals,
        start=start, end=end,
    )  # fmt: skip
    return economics_views.model_json(result)


@router.get("/underpayments")
def underpayments(
    accord: AccordDep,
    start: Annotated[Day | None, Query(alias="from", description="First date of service.")] = None,
    end: Annotated[Day | None, Query(alias="to", description="Last date of service.")] = None,
    payer: Annotated[
        str | None, Query(max_length=200, pattern=NO_NUL, description="Only this payer.")
    ] = None,
    state: Annotated[
        WorklistStatus | None, Query(alias="status", description="Only this status.")
    ] = None,
    tolerance_dollars: Annotated[Decimal, Query(ge=0, le=1_000_000)] = Decimal("1.00"),
    tolerance_percent: Annotated[Decimal, Query(ge=0, lt=100)] = Decimal("2"),
    offset: Annotated[int, Query(ge=0, le=MAX_ID, description="Groups to skip.")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000, description="Groups in the page.")] = 100,
    line_ids: Annotated[
        bool, Query(description="Also each group's line ids (slow for a year's page).")
    ] = False,
) -> dict[str, Any]:
    """Stored lines allowed below their contract, by payer, code, reason and status,
    largest amount at stake first, a page of groups at a time (``group_count`` in all).
    Each group says how many ``lines`` it has; its ids come from
    ``/api/underpayments/groups/lines``, or with ``line_ids=true``."""
    w = worklist_service.underpayment_worklist(
        accord.store.unit_of_work, accord.medicare_prices, start=start, end=end, payer=payer,
        tolerance=Tolerance(tolerance_dollars, tolerance_percent), status=state,
        offset=offset, limit=limit, line_ids=line_ids,
    )  # fmt: skip
    return economics_views.worklist_json(w, line_ids=line_ids)


@router.post("/underpayments/groups/status")
def set_group_status(accord: AccordDep, change: GroupStatusChange) -> StatusChanged:
    """Set the status of every line of one worklist row — its payer, code, reason and
    status now, over the worklist's period and tolerance — in one change. ``marked`` is
    how many lines moved (0 when the row has none now: someone moved it already)."""
    key = UnderpaidGroupKey(change.payer, change.code, change.reason, change.current_status.value)
    marked = worklist_service.mark_underpayment_group(
        accord.store.unit_of_work, accord.medicare_prices, accord.clock, key,
        change.status.value, start=change.start, end=change.end,
        tolerance=Tolerance(change.tolerance_dollars, change.tolerance_percent),
    )  # fmt: skip
    return StatusChanged(status=change.status, marked=marked)


@router.get("/underpayments/groups/lines")
def group_lines(
    accord: AccordDep,
    payer: Annotated[
        str, Query(min_length=1, max_length=200, pattern=SAID, description="The row's payer.")
    ],
    code: Annotated[
        str,
        Query(min_length=1, max_length=200, pattern=SAID, description="The row's procedure code."),
    ],
    reason: Annotated[
        str, Query(min_length=1, max_length=200, pattern=SAID, description="The row's reason code.")
    ],
    state: Annotated[WorklistStatus, Query(alias="status", description="The row's status.")],
    start: Annotated[Day | None, Query(alias="from", description="First date of service.")] = None,
    end: Annotated[Day | None, Query(alias="to", description="Last date of service.")] = None,
    tolerance_dollars: Annotated[Decimal, Query(ge=0, le=1_000_000)] = Decimal("1.00"),
    tolerance_percent: Annotated[Decimal, Query(ge=0, lt=100)] = Decimal("2"),
    offset: Annotated[int, Query(ge=0, le=MAX_ID, description="Line ids to skip.")] = 0,
    limit: Annotated[
        int, Query(ge=1, le=worklist_service.MAX_GROUP_LINES_PAGE, description="Ids in the page.")
    ] = 1000,
) -> GroupLinesPage:
    """The service line ids of one worklist row, ascending, a page at a time: the lines a
    status change of the row would move (``total`` in all)."""
    key = UnderpaidGroupKey(payer, code, reason, state.value)
    found = worklist_service.underpayment_group_lines(
        accord.store.unit_of_work, accord.medicare_prices, key, start=start, end=end,
        tolerance=Tolerance(tolerance_dollars, tolerance_percent), offset=offset, limit=limit,
    )  # fmt: skip
    return GroupLinesPage(
        payer=payer, code=code, reason=reason, status=state, total=found.total,
        offset=found.offset, line_ids=found.line_ids,
    )  # fmt: skip


@router.post("/underpayments/status")
def set_status(accord: AccordDep, change: StatusChange) -> StatusChanged:
    """Set the worklist status of chosen stored service lines (422 if one is unknown); a
    whole row is moved by ``/api/underpayments/groups/status``."""
    marked = worklist_service.mark_underpayments(
        accord.store.unit_of_work, accord.clock, change.line_ids, change.status.value
    )
    return StatusChanged(status=change.status, marked=marked)


@router.get("/scorecard")
def payer_scorecard(
    accord: AccordDep,
    start: Annotated[Day | None, Query(alias="from", description="First date of service.")] = None,
    end: Annotated[Day | None, Query(alias="to", description="Last date of service.")] = None,
) -> dict[str, Any]:
    """Each payer's revenue, visits, units, paid per visit, unit and code, % of Medicare,
    median days to pay, denial rate and reasons, open underpayments and patient share;
    ranked by paid per unit, lowest first."""
    card = scorecards.payer_scorecard(
        accord.store.unit_of_work, accord.medicare_prices, start=start, end=end
    )
    return economics_views.scorecard_json(card)


@router.get(
    "/scorecard.csv",
    response_class=Response,
    responses={
        200: {
            "content": {"text/csv": {"schema": {"type": "string"}}},
            "description": "The scorecard, one row per payer.",
        }
    },
)
def payer_scorecard_csv(
    accord: AccordDep,
    start: Annotated[Day | None, Query(alias="from", description="First date of service.")] = None,
    end: Annotated[Day | None, Query(alias="to", description="Last date of service.")] = None,
) -> Response:
    """The scorecard as a CSV download (one row per payer)."""
    card = scorecards.payer_scorecard(
        accord.store.unit_of_work, accord.medicare_prices, start=start, end=end
    )
    return Response(
        scorecards.scorecard_csv(card),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="payer-scorecard.csv"'},
    )


@router.get(
    "/scorecard.xlsx",
    response_class=Response,
    responses={
        200: {
            "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
            "description": "The scorecard workbook: one sheet of payers, one of payer × code.",
        }
    },
)
def payer_scorecard_xlsx(
    accord: AccordDep,
    start: Annotated[Day | None, Query(alias="from", description="First date of service.")] = None,
    end: Annotated[Day | None, Query(alias="to", description="Last date of service.")] = None,
) -> Response:
    """The scorecard as an Excel workbook download (payers, and their codes)."""
    card = scorecards.payer_scorecard(
        accord.store.unit_of_work, accord.medicare_prices, start=start, end=end
    )
    return Response(
        scorecard_exports.scorecard_xlsx(accord.workbooks, card),
        media_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="payer-scorecard.xlsx"'},
    )


class PrefilledRatePublic(BaseModel):
    """One rate term as filled from the contract and the last 12 months' remittances."""

    code: str
    basis: str
    contract_rate: str
    current: str | None
    yearly_volume: int
    percent_of_medicare: str | None
    yearly_revenue: str | None


class NegotiationOpened(BaseModel):
    """The negotiation opened and how its rate terms were filled."""

    negotiation_id: int
    contract_id: int
    volume_from: date
    volume_to: date
    rates: list[PrefilledRatePublic]


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@router.post("/contracts/{contract_id}/negotiation", status_code=status.HTTP_201_CREATED)
def negotiation_from_contract(
    accord: AccordDep,
    contract_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    body: NegotiationFromContract,
) -> NegotiationOpened:
    """Open a rate negotiation with the contract's payer: a rate term per code with the
    current rate and the units paid over the last 12 months (404 for an unknown contract)."""
    opened = contract_negotiation.open_from_contract(
        accord.store.unit_of_work, accord.clock, accord.medicare_prices,
        contract_id=contract_id, our_org_id=body.ours, counterparty_id=body.counterparty,
        title=body.title,
    )  # fmt: skip
    return NegotiationOpened(
        negotiation_id=opened.negotiation.id or 0,
        contract_id=contract_id,
        volume_from=opened.volume_from,
        volume_to=opened.volume_to,
        rates=[
            PrefilledRatePublic(
                code=r.code, basis=r.basis.value, contract_rate=str(r.contract_rate),
                current=_text(r.current), yearly_volume=r.yearly_volume,
                percent_of_medicare=_text(r.percent_of_medicare),
                yearly_revenue=_text(r.yearly_revenue),
            )
            for r in opened.rates
        ],
    )  # fmt: skip
