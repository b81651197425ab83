"""A document as an HTTP attachment: what the API's document routes and the web's
download form both send."""

from __future__ import annotations

from datetime import date

from fastapi import Response

from accord.bootstrap import Accord
from accord.domain.documents import DocumentKind
from accord.services import documents

__all__ = ["download"]


def download(
    accord: Accord,
    kind: DocumentKind,
    negotiation_id: int | None,
    fmt: documents.DocumentFormat,
    *,
    patient_name: str | None = None,
    period: tuple[date, date] | None = None,
    sent: bool = False,
) -> Response:
    """Make the document and send it as an attachment; ``sent`` also logs it as a
    letter sent, as ``accord doc --sent`` does."""
    if sent:
        documents.check_sendable(kind)  # before anything is made
    now = accord.clock.now()
    rendered = documents.make_document(
        accord.store.unit_of_work(), accord.renderers, accord.templates, accord.charts, now,
        kind, negotiation_id, fmt, patient_name=patient_name, period=period,
        docx_templates=accord.docx_templates,
    )  # fmt: skip
    if sent and negotiation_id is not None:
        documents.record_sent(
            accord.store.unit_of_work(), now, kind, negotiation_id, rendered.filename
        )
    return Response(
        content=rendered.content,
        media_type=rendered.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{rendered.filename}"',
            # The agreement may carry a typed patient name: no cache may keep it.
            "Cache-Control": "no-store",
        },
    )
