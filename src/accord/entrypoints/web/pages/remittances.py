"""Remittances in the browser: upload 835 files, the payments list, one payment's claims."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from accord.bootstrap import Accord
from accord.domain.counts import counted
from accord.entrypoints.http.deps import AccordDep, Offset
from accord.entrypoints.http.schemas.common import MAX_ID
from accord.entrypoints.http.schemas.remittances import (
    RemittanceDetailPublic,
    RemittanceIngestPublic,
    RemittancePublic,
)
from accord.entrypoints.web.actions import check_same_origin
from accord.entrypoints.web.rendering import FormError, render_page
from accord.entrypoints.web.sessions import FIELD, check_csrf_token
from accord.errors import AccordError, InputFileError, ValidationError
from accord.services import remittances
from accord.services.remittance_groups import GROUP_BYTES, GROUP_FILES
from accord.services.remittances import MAX_UPLOAD_BYTES, FileOutcome, FileStatus

__all__ = ["RemittanceDetailPage", "RemittancesPage", "router"]

router = APIRouter()
PAGE_SIZE = 50


class RemittancesPage(BaseModel):
    items: list[RemittancePublic]
    total: int
    offset: int
    limit: int
    uploaded: list[RemittanceIngestPublic]  # the outcome of the upload just made, if any


class RemittanceDetailPage(BaseModel):
    payment: RemittanceDetailPublic


def _render(
    request: Request, accord: Accord, *, offset: int = 0, limit: int = PAGE_SIZE,
    uploaded: list[RemittanceIngestPublic] | None = None, error: FormError | None = None,
    status: int = 200,
) -> Response:  # fmt: skip
    total, rows = remittances.list_remittances(
        accord.store.unit_of_work, offset=offset, limit=limit
    )
    page = RemittancesPage(
        items=[RemittancePublic.of(r) for r in rows], total=total, offset=offset, limit=limit,
        uploaded=uploaded or [],
    )  # fmt: skip
    return render_page(request, "remittances.html", page, title="Remittances", error=error,
                       status_code=status)  # fmt: skip


@router.get("/remittances", name="remittances")
def remittances_page(
    request: Request,
    accord: AccordDep,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = PAGE_SIZE,
) -> Response:
    """The stored payments, newest first, and the upload form (JSON twin: ``?format=json``)."""
    return _render(request, accord, offset=offset, limit=limit)


@router.post("/remittances")
async def upload_remittances(request: Request, accord: AccordDep) -> Response:
    """Ingest the uploaded 835 files, each all or nothing; show what happened to each.

    The page is shown, not redirected to, because the outcome (counts, "already
    ingested") is the answer; reloading it offers to send the files again, which is
    harmless: nothing is counted twice.
    """
    check_same_origin(request)
    form = await request.form(max_files=100, max_part_size=MAX_UPLOAD_BYTES)
    check_csrf_token(request, form.get(FIELD))
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    outcomes: list[RemittanceIngestPublic] = []
    failed: list[FileOutcome] = []
    try:
        if not files:
            raise ValidationError("choose one or more 835 files", field="files")
        # Small files share a transaction, as `accord remit ingest` stores them; at most a
        # group's bytes (and one large file) are held in memory at a time.
        pending: list[tuple[str, bytes]] = []
        size = 0
        for number, upload in enumerate(files, start=1):
            data = await upload.read(MAX_UPLOAD_BYTES + 1)
            pending.append((upload.filename or "upload.835", data))
            size += len(data)
            if number < len(files) and len(pending) < GROUP_FILES and size < GROUP_BYTES:
                continue
            summary = await run_in_threadpool(
                remittances.ingest_remittance_uploads, accord.store.unit_of_work,
                accord.remittance_reader, accord.clock, pending,
            )  # fmt: skip
            for outcome in summary.files:
                if outcome.status is FileStatus.FAILED:
                    failed.append(outcome)
                else:
                    outcomes.append(RemittanceIngestPublic.of(outcome))
            pending, size = [], 0
        if failed:
            # the first refusal names its file and segment; the others are counted
            first = failed[0]
            others = ", ".join(o.name for o in failed[1:4]) + (", ..." if len(failed) > 4 else "")
            more = (
                f" (and {counted(len(failed) - 1, 'more file')} refused: {others})"
                if others
                else ""
            )
            why = (first.message or "refused").removeprefix(f"{first.name}: ")
            raise InputFileError(why + more, path=first.name)
    except AccordError as exc:
        refused, status = FormError.of("upload", exc), exc.http_status
        return await run_in_threadpool(
            lambda: _render(request, accord, uploaded=outcomes, error=refused, status=status)
        )
    return await run_in_threadpool(lambda: _render(request, accord, uploaded=outcomes))


@router.get("/remittances/{payment_id}", name="remittance")
def remittance_page(
    request: Request,
    accord: AccordDep,
    payment_id: Annotated[int, Path(ge=1, le=MAX_ID)],
) -> Response:
    """One payment: its claims, service lines, adjustments and netted claims."""
    detail = remittances.show_remittance(accord.store.unit_of_work, payment_id)
    page = RemittanceDetailPage(payment=RemittanceDetailPublic.of(detail))
    return render_page(request, "remittance.html", page, title=f"Payment {payment_id}")
