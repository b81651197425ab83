"""Use case: make a document from the record and render it to DOCX or PDF.

The four documents are built from one negotiation (or, for the savings report, from the
agreements of a period) by the modules next to this one; renderers and the
organisation's wording come through the ports below, wired in ``bootstrap``::

    rendered = make_document(uow, renderers, templates, charts, now, DocumentKind.BRIEF,
                             7, DocumentFormat.PDF)
    Path(rendered.filename).write_bytes(rendered.content)
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from accord.domain.audit import AuditAction, Change
from accord.domain.document_wording import Wording
from accord.domain.documents import Document, DocumentKind
from accord.domain.interactions import Interaction, InteractionDirection
from accord.domain.offers import Channel
from accord.errors import ConfigurationError, ValidationError
from accord.services import activity
from accord.services.brief_document import brief_document
from accord.services.case_agreement import case_agreement
from accord.services.chart_ports import Charts
from accord.services.document_templates import DocxTemplateEngine, organisation_wording
from accord.services.ports import UnitOfWork
from accord.services.proposal_letter import proposal_letter
from accord.services.savings_report import savings_report

__all__ = [
    "DocumentFiles",
    "DocumentFormat",
    "DocumentRenderer",
    "DocumentTemplates",
    "RenderedDocument",
    "build_document",
    "check_sendable",
    "document_filename",
    "make_document",
    "record_sent",
    "save_document",
]


class DocumentFormat(enum.StrEnum):
    DOCX = "docx"
    PDF = "pdf"


class DocumentRenderer(Protocol):
    """Turns a :class:`Document` into the bytes of one file format, offline."""

    @property
    def media_type(self) -> str: ...

    def render(self, document: Document) -> bytes: ...


class DocumentTemplates(Protocol):
    """The organisation's wording per document kind (packaged defaults, then overrides)."""

    def wording(self, kind: DocumentKind) -> Wording: ...


class DocumentFiles(Protocol):
    """Writes a whole file at once: never half a file, never over one unless asked."""

    def write(self, path: Path, content: bytes, *, overwrite: bool = False) -> Path: ...


@dataclass(frozen=True)
class RenderedDocument:
    """A rendered file: its bytes, media type and a file name to offer for download."""

    content: bytes
    media_type: str
    filename: str


def build_document(
    uow: UnitOfWork,
    templates: DocumentTemplates,
    charts: Charts,
    now: datetime,
    kind: DocumentKind,
    negotiation_id: int | None,
    *,
    patient_name: str | None = None,
    period: tuple[date, date] | None = None,
) -> Document:
    """The document model of ``kind`` for a negotiation, from the record.

    ``patient_name`` is printed in the single case agreement only and stored nowhere.
    ``period`` limits the savings report to agreements effective in it (inclusive); the
    savings report alone may leave out the negotiation and cover every agreement.
    """
    if kind is DocumentKind.SCORECARD:
        raise ValidationError(
            "the payer scorecard report covers every payer, not one negotiation: use "
            "`accord doc scorecard` or GET /api/documents/scorecard",
            field="kind",
        )
    wording = organisation_wording(uow, templates, kind)
    if kind is DocumentKind.SAVINGS:
        return savings_report(
            uow, wording, charts, now, negotiation_id=negotiation_id, period=period
        )
    if negotiation_id is None:
        raise ValidationError(f"the {kind.label} needs a negotiation id", field="negotiation")
    if kind is DocumentKind.PROPOSAL:
        return proposal_letter(uow, wording, charts, now, negotiation_id)
    if kind is DocumentKind.AGREEMENT:
        return case_agreement(uow, wording, now, negotiation_id, patient_name=patient_name)
    return brief_document(uow, wording, now, negotiation_id)


def make_document(
    uow: UnitOfWork,
    renderers: Mapping[DocumentFormat, DocumentRenderer],
    templates: DocumentTemplates,
    charts: Charts,
    now: datetime,
    kind: DocumentKind,
    negotiation_id: int | None,
    fmt: DocumentFormat,
    *,
    patient_name: str | None = None,
    period: tuple[date, date] | None = None,
    docx_templates: DocxTemplateEngine | None = None,
) -> RenderedDocument:
    """Build the document and render it; the file name says what and for which case.

    With ``docx_templates``, a DOCX of a kind the organisation uploaded a Word template
    for is that template filled from the same document; the PDF keeps the built-in
    layout (with the saved letterhead, logo, signer and clauses).
    """
    renderer = renderers.get(fmt)
    if renderer is None:
        raise ConfigurationError(f"no {fmt.value.upper()} renderer is configured")
    document = build_document(
        uow,
        templates,
        charts,
        now,
        kind,
        negotiation_id,
        patient_name=patient_name,
        period=period,
    )
    content: bytes | None = None
    if fmt is DocumentFormat.DOCX and docx_templates is not None:
        with uow:
            template = uow.document_templates.docx_template(kind)
        if template is not None:
            content = docx_templates.fill(template, document)
    rendered = RenderedDocument(
        content=renderer.render(document) if content is None else content,
        media_type=renderer.media_type,
        filename=document_filename(kind, negotiation_id, now, fmt),
    )
    # Every document made from the record is a read the audit trail keeps (never the
    # typed patient name: only which document, for which negotiation, in which format).
    with uow:
        after = {"kind": kind.value, "format": fmt.value}
        uow.audit.record(Change(AuditAction.READ, "document", kind.value, negotiation_id,
                                after=after))  # fmt: skip
        uow.commit()
    return rendered


def document_filename(
    kind: DocumentKind, negotiation_id: int | None, now: datetime, fmt: DocumentFormat
) -> str:
    """``accord-proposal-7-2026-12-06.pdf``: ASCII only, safe in a Content-Disposition."""
    which = "all" if negotiation_id is None else str(negotiation_id)
    stem = re.sub(r"[^a-z0-9-]", "-", f"accord-{kind.value}-{which}")
    return f"{stem}-{now.date().isoformat()}.{fmt.value}"


def save_document(
    files: DocumentFiles, rendered: RenderedDocument, path: Path, *, overwrite: bool = False
) -> Path:
    """Write a rendered document to ``path`` (atomically); return where it went."""
    return files.write(path, rendered.content, overwrite=overwrite)


SENDABLE = (DocumentKind.PROPOSAL, DocumentKind.AGREEMENT)
"""The documents that go to the other party (the brief and the report stay in-house)."""


def check_sendable(kind: DocumentKind) -> None:
    """Refuse to log an in-house document as sent (checked before anything is made)."""
    if kind not in SENDABLE:
        raise ValidationError(
            f"the {kind.label} stays in-house; only the proposal letter and the agreement "
            "are sent to the other party",
            field="sent",
        )


def record_sent(
    uow: UnitOfWork, now: datetime, kind: DocumentKind, negotiation_id: int, filename: str
) -> Interaction:
    """Log that the user sent this document to the other party: a letter, outbound."""
    check_sendable(kind)
    return activity.log_interaction(
        uow, now, negotiation_id, channel=Channel.LETTER,
        direction=InteractionDirection.OUTBOUND, at=now,
        summary=f"Sent the {kind.label} ({filename}).",
    )  # fmt: skip
