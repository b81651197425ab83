"""Document downloads: the proposal letter, agreement, brief and savings report as
DOCX or PDF, with their content type and a file name."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from accord.domain.documents import DocumentKind
from accord.entrypoints.http.deps import AccordDep, NegotiationId
from accord.entrypoints.http.downloads import download
from accord.errors import ValidationError
from accord.services import documents, scorecard_report

__all__ = ["router"]

router = APIRouter(tags=["documents"])
Format = Annotated[
    documents.DocumentFormat, Query(alias="format", description="docx (editable) or pdf.")
]
_BINARY: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "application/pdf": {},
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {},
        },
        "description": "The document, as an attachment with a file name.",
    }
}


@router.get(
    "/negotiations/{negotiation_id}/documents/{kind}",
    response_class=Response,
    responses=_BINARY,
)
def negotiation_document(
    accord: AccordDep, negotiation_id: NegotiationId, kind: DocumentKind, fmt: Format
) -> Response:
    """The proposal letter, single case agreement, brief or savings report of a
    negotiation, made from the record."""
    return download(accord, kind, negotiation_id, fmt)


@router.post(
    "/negotiations/{negotiation_id}/documents/{kind}",
    response_class=Response,
    responses=_BINARY,
)
def send_negotiation_document(
    accord: AccordDep,
    negotiation_id: NegotiationId,
    kind: DocumentKind,
    fmt: Format,
    sent: Annotated[
        bool,
        Query(
            description="true: log it as a letter sent to the other party (proposal or "
            "agreement only), exactly once per request."
        ),
    ] = False,
) -> Response:
    """The same document as the GET; with ``sent=true`` it is also recorded as an
    outbound letter in the negotiation's interactions."""
    return download(accord, kind, negotiation_id, fmt, sent=sent)


@router.get("/documents/savings", response_class=Response, responses=_BINARY)
def savings_document(
    accord: AccordDep,
    fmt: Format,
    date_from: Annotated[date, Query(alias="from", description="First effective date.")],
    date_to: Annotated[date, Query(alias="to", description="Last effective date.")],
) -> Response:
    """The savings and revenue report of every agreement effective in a period."""
    if date_from > date_to:
        raise ValidationError("the period ends before it starts", field="to")
    return download(accord, DocumentKind.SAVINGS, None, fmt, period=(date_from, date_to))


@router.get("/documents/scorecard", response_class=Response, responses=_BINARY)
def scorecard_document(
    accord: AccordDep,
    fmt: Format,
    date_from: Annotated[
        date | None, Query(alias="from", description="First date of service (open: all).")
    ] = None,
    date_to: Annotated[
        date | None, Query(alias="to", description="Last date of service (open: all).")
    ] = None,
) -> Response:
    """The payer scorecard report of a period: payers ranked by paid per unit, with
    revenue, % of Medicare, days to pay, denials, underpayments and charts; the same
    figures as ``GET /api/scorecard``."""
    rendered = scorecard_report.make_scorecard_document(
        accord.store.unit_of_work, accord.medicare_prices, accord.renderers, accord.templates,
        accord.charts, accord.clock.now(), fmt, start=date_from, end=date_to,
        docx_templates=accord.docx_templates,
    )  # fmt: skip
    return Response(
        content=rendered.content,
        media_type=rendered.media_type,
        headers={"Content-Disposition": f'attachment; filename="{rendered.filename}"',
                 "Cache-Control": "no-store"},
    )  # fmt: skip
