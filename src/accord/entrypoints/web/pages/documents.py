"""The download form under each negotiation's header: a document as DOCX or PDF.

A form (POST), not a link, so that a patient name typed for the agreement never lands in
a URL, a browser history or an access log; it is printed in the file and kept nowhere.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from accord.domain.documents import DocumentKind
from accord.entrypoints.http.deps import AccordDep, NegotiationId
from accord.entrypoints.http.downloads import download
from accord.entrypoints.web.actions import read_form
from accord.services.documents import DocumentFormat

__all__ = ["router"]

router = APIRouter()


@router.post("/negotiations/{negotiation_id}/documents", name="download_document")
async def download_document(
    request: Request, accord: AccordDep, negotiation_id: NegotiationId
) -> Response:
    """Send the chosen document of this negotiation as an attachment."""
    form = await read_form(request)
    kind = form.choice("kind", DocumentKind)
    fmt = form.choice("format", DocumentFormat)
    name = form.text("patient_name") if kind is DocumentKind.AGREEMENT else ""
    sent = form.text("sent") == "yes"
    return await run_in_threadpool(
        download, accord, kind, negotiation_id, fmt, patient_name=name or None, sent=sent
    )
