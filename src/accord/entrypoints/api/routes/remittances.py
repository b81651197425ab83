"""``/api/remittances``: upload X12 835 files, list and read the stored payments."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, UploadFile, status
from pydantic import StringConstraints

from accord.entrypoints.http.deps import AccordDep, Offset
from accord.entrypoints.http.schemas.common import MAX_ID, SAID
from accord.entrypoints.http.schemas.remittances import (
    NetClaimPage,
    NetClaimPublic,
    RemittanceDetailPublic,
    RemittanceIngestPublic,
    RemittancePage,
    RemittancePublic,
)
from accord.errors import ValidationError
from accord.services import remittances
from accord.services.remittances import MAX_UPLOAD_BYTES, FileStatus

__all__ = ["router"]

router = APIRouter(tags=["remittances"])


@router.post(
    "/remittances",
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": RemittanceIngestPublic, "description": "Already ingested."}},
)
def upload_remittance(
    accord: AccordDep, file: UploadFile, response: Response
) -> RemittanceIngestPublic:
    """Ingest one 835 file, all or nothing (422 naming the segment when it is malformed
    or does not balance; 200 when the file or its TRN traces were ingested before)."""
    # A plain def: FastAPI runs it in a worker thread, so the parse and the store do not
    # block the event loop.
    data = file.file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(f"the file is larger than {MAX_UPLOAD_BYTES} bytes", field="file")
    outcome = remittances.ingest_remittance_bytes(
        accord.store.unit_of_work,
        accord.remittance_reader,
        accord.clock,
        data,
        name=file.filename or "upload.835",
    )
    if outcome.status is FileStatus.ALREADY_INGESTED:
        response.status_code = status.HTTP_200_OK
    return RemittanceIngestPublic.of(outcome)


@router.get("/remittances")
def list_remittances(
    accord: AccordDep, offset: Offset = 0, limit: int = Query(default=100, ge=1, le=1000)
) -> RemittancePage:
    """Stored payments, newest payment date first, with claim and line counts."""
    total, rows = remittances.list_remittances(
        accord.store.unit_of_work, offset=offset, limit=limit
    )
    return RemittancePage(total=total, offset=offset, items=[RemittancePublic.of(r) for r in rows])


@router.get("/remittances/claims")
def net_claims(
    accord: AccordDep,
    claim_number: Annotated[
        list[Annotated[str, StringConstraints(min_length=1, max_length=80, pattern=SAID)]] | None,
        Query(description="Only these claim numbers (CLP01); repeat it."),
    ] = None,
    offset: Offset = 0,
    limit: int = Query(default=100, ge=1, le=1000),
) -> NetClaimPage:
    """Claims netted per payer over every stored remittance (originals, reversals,
    corrections and split claims added up), by claim number; ``claim_number`` filters."""
    total, rows = remittances.net_claims(
        accord.store.unit_of_work, claim_numbers=claim_number, offset=offset, limit=limit
    )
    return NetClaimPage(total=total, offset=offset, items=[NetClaimPublic.of(n) for n in rows])


@router.get("/remittances/{payment_id}")
def get_remittance(
    accord: AccordDep,
    payment_id: int = Path(ge=1, le=MAX_ID, description="Payment id."),
) -> RemittanceDetailPublic:
    """One payment with its claims, service lines, adjustments and netted claims."""
    return RemittanceDetailPublic.of(
        remittances.show_remittance(accord.store.unit_of_work, payment_id)
    )
