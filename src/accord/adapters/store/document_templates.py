"""The organisation's document templates in the database (SQLAlchemy Core).

Rows hold only what the team set; :mod:`accord.services.document_templates` lays them
over the wording files.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from accord.adapters.store.audit_changes import Recorder, plain
from accord.adapters.store.tables import (
    document_docx_templates,
    document_letterhead,
    document_templates,
)
from accord.domain.audit import AuditAction, Change
from accord.domain.document_templates import KindTemplate, OrganisationLetterhead
from accord.domain.documents import DocumentKind, Logo
from accord.domain.docx_template_fields import DocxTemplate

__all__ = ["SqlDocumentTemplateStore"]

_LETTERHEAD_ID = 1


class SqlDocumentTemplateStore:
    """The stored letterhead and per-kind templates; writes wait for the unit's commit."""

    def __init__(self, session: Session, record: Recorder) -> None:
        self._session = session
        self._record = record

    def letterhead(self) -> OrganisationLetterhead:
        """The stored letterhead, or an empty one."""
        row = self._session.execute(
            sa.select(document_letterhead).where(document_letterhead.c.id == _LETTERHEAD_ID)
        ).one_or_none()
        if row is None:
            return OrganisationLetterhead()
        logo = (
            Logo(bytes(row.logo), row.logo_media_type)
            if row.logo is not None and row.logo_media_type
            else None
        )
        return OrganisationLetterhead(
            name=row.organisation_name,
            address_lines=tuple(row.address_lines or ()),
            phone=row.phone,
            logo=logo,
        )

    def save_letterhead(self, letterhead: OrganisationLetterhead, at: datetime) -> None:
        """Replace the stored letterhead (an empty one deletes the row)."""
        self._record(Change(AuditAction.UPDATE, "document_letterhead", str(_LETTERHEAD_ID),
                            before=_letterhead(self.letterhead()),
                            after=_letterhead(letterhead)))  # fmt: skip
        self._session.execute(
            sa.delete(document_letterhead).where(document_letterhead.c.id == _LETTERHEAD_ID)
        )
        if letterhead.is_empty:
            return
        logo = letterhead.logo
        self._session.execute(
            sa.insert(document_letterhead).values(
                id=_LETTERHEAD_ID,
                organisation_name=letterhead.name,
                address_lines=list(letterhead.address_lines),
                phone=letterhead.phone,
                logo=logo.content if logo else None,
                logo_media_type=logo.media_type if logo else None,
                updated_at=at,
            )
        )

    def template(self, kind: DocumentKind) -> KindTemplate:
        """The stored template of ``kind``, or an empty one."""
        row = self._session.execute(
            sa.select(document_templates).where(document_templates.c.kind == kind.value)
        ).one_or_none()
        if row is None:
            return KindTemplate(kind)
        return KindTemplate(
            kind,
            signer_name=row.signer_name,
            signer_title=row.signer_title,
            clauses=dict(row.clauses or {}),
        )

    def save_template(self, template: KindTemplate, at: datetime) -> None:
        """Replace the stored template of its kind (an empty one deletes the row)."""
        self._record(Change(AuditAction.UPDATE, "document_template", template.kind.value,
                            before=plain(self.template(template.kind)),
                            after=plain(template)))  # fmt: skip
        self._session.execute(
            sa.delete(document_templates).where(document_templates.c.kind == template.kind.value)
        )
        if template.is_empty:
            return
        self._session.execute(
            sa.insert(document_templates).values(
                kind=template.kind.value,
                signer_name=template.signer_name,
                signer_title=template.signer_title,
                clauses=dict(template.clauses),
                updated_at=at,
            )
        )

    def docx_template(self, kind: DocumentKind) -> DocxTemplate | None:
        """The organisation's .docx template of ``kind``, or ``None``."""
        row = self._session.execute(
            sa.select(document_docx_templates).where(document_docx_templates.c.kind == kind.value)
        ).one_or_none()
        if row is None:
            return None
        return DocxTemplate(kind, row.filename, bytes(row.content))

    def save_docx_template(
        self, kind: DocumentKind, template: DocxTemplate | None, at: datetime
    ) -> None:
        """Replace the .docx template of ``kind`` (``None`` removes it)."""
        self._session.execute(
            sa.delete(document_docx_templates).where(document_docx_templates.c.kind == kind.value)
        )
        after = (
            None
            if template is None
            else {"filename": template.filename[:200], "size_bytes": len(template.content)}
        )
        self._record(Change(AuditAction.UPDATE, "document_docx_template", kind.value,
                            after=after))  # fmt: skip
        if template is None:
            return
        self._session.execute(
            sa.insert(document_docx_templates).values(
                kind=kind.value,
                filename=template.filename[:200],
                content=template.content,
                updated_at=at,
            )
        )


def _letterhead(letterhead: OrganisationLetterhead) -> dict[str, object]:
    """The letterhead for the audit trail: the logo by its size, not its bytes."""
    logo = letterhead.logo
    return {
        "name": letterhead.name,
        "address_lines": list(letterhead.address_lines),
        "phone": letterhead.phone,
        "logo": None if logo is None else f"[{logo.media_type}, {len(logo.content)} bytes]",
    }
