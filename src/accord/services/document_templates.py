"""Use cases: the organisation's document templates, as the team edits them.

Which wording wins, per field and per clause: what the team saved here (the database,
edited in the browser, the API or ``accord doc template set``), then the file of the
same kind in ``ACCORD_TEMPLATES_DIR``, then the packaged defaults. Resetting a kind
removes what was saved for it, so the files speak again::

    set_template(uow, now, DocumentKind.AGREEMENT, signer_name="Rosa Delgado")
    organisation_wording(uow, templates, DocumentKind.AGREEMENT).signer_name  # 'Rosa Delgado'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from accord.domain.document_templates import KindTemplate, OrganisationLetterhead
from accord.domain.document_wording import Wording
from accord.domain.documents import Document, DocumentKind, Logo
from accord.domain.docx_template_fields import DocxTemplate
from accord.services.ports import UnitOfWork

__all__ = [
    "DocxTemplateEngine",
    "LogoImages",
    "TemplateView",
    "WordingFiles",
    "check_docx_template",
    "docx_template",
    "organisation_wording",
    "remove_docx_template",
    "remove_logo",
    "reset_letterhead",
    "reset_template",
    "save_docx_template",
    "set_docx_template",
    "set_letterhead",
    "set_logo",
    "set_template",
    "show_template",
]


class WordingFiles(Protocol):
    """The wording from files: packaged defaults, then ``ACCORD_TEMPLATES_DIR``."""

    def wording(self, kind: DocumentKind) -> Wording: ...


class LogoImages(Protocol):
    """Checks uploaded bytes are a PNG, JPEG or SVG image of an allowed size."""

    def check(self, content: bytes, *, filename: str = "logo") -> Logo: ...
    def read(self, path: Path) -> Logo: ...


class DocxTemplateEngine(Protocol):
    """Checks an organisation's .docx template when uploaded; fills a saved one."""

    def check(
        self, content: bytes, *, filename: str, kind: DocumentKind, clause_names: frozenset[str]
    ) -> DocxTemplate: ...
    def read(
        self, path: Path, *, kind: DocumentKind, clause_names: frozenset[str]
    ) -> DocxTemplate: ...
    def fill(self, template: DocxTemplate, document: Document) -> bytes: ...


@dataclass(frozen=True)
class TemplateView:
    """A kind's template as the team saved it, and the wording documents will use."""

    kind: DocumentKind
    letterhead: OrganisationLetterhead
    saved: KindTemplate
    effective: Wording
    file_clauses: Mapping[str, str]
    docx: DocxTemplate | None = None

    def as_data(self) -> dict[str, object]:
        """Plain data for ``--json`` and the API (the logo as its type and size only)."""
        logo = self.effective.logo
        return {
            "kind": self.kind.value,
            "saved": {
                "organisation_name": self.letterhead.name,
                "address_lines": list(self.letterhead.address_lines),
                "phone": self.letterhead.phone,
                "logo": _logo_data(self.letterhead.logo),
                "signer_name": self.saved.signer_name,
                "signer_title": self.saved.signer_title,
                "clauses": dict(self.saved.clauses),
            },
            "docx": None
            if self.docx is None
            else {"filename": self.docx.filename, "bytes": len(self.docx.content)},
            "effective": {
                "organisation_name": self.effective.organisation_name or None,
                "letterhead_lines": list(self.effective.letterhead_lines),
                "logo": _logo_data(logo),
                "signer_name": self.effective.signer_name,
                "signer_title": self.effective.signer_title,
                "clauses": {
                    key: {
                        "text": text,
                        "from": "saved" if key in self.saved.clauses else "files",
                    }
                    for key, text in self.effective.clauses.items()
                },
            },
        }


def _logo_data(logo: Logo | None) -> dict[str, object] | None:
    return None if logo is None else {"media_type": logo.media_type, "bytes": len(logo.content)}


def organisation_wording(uow: UnitOfWork, files: WordingFiles, kind: DocumentKind) -> Wording:
    """The wording a document of ``kind`` uses: saved templates over the files."""
    base = files.wording(kind)
    with uow:
        letterhead = uow.document_templates.letterhead()
        saved = uow.document_templates.template(kind)
    return saved.over(letterhead.over(base))


def show_template(uow: UnitOfWork, files: WordingFiles, kind: DocumentKind) -> TemplateView:
    """What the team saved for ``kind`` and the wording its documents will use."""
    base = files.wording(kind)
    with uow:
        letterhead = uow.document_templates.letterhead()
        saved = uow.document_templates.template(kind)
        docx = uow.document_templates.docx_template(kind)
    effective = saved.over(letterhead.over(base))
    return TemplateView(kind, letterhead, saved, effective, base.clauses, docx)


def set_template(
    uow: UnitOfWork,
    now: datetime,
    kind: DocumentKind,
    *,
    signer_name: str | None = None,
    signer_title: str | None = None,
    clauses: Mapping[str, str] | None = None,
    replace_clauses: bool = False,
) -> KindTemplate:
    """Save what is given for ``kind`` (``None`` keeps the saved value).

    ``clauses`` are merged into the saved ones, an empty text removing a clause from the
    template (the files' clause applies again); ``replace_clauses`` replaces them all.
    A placeholder documents do not know is refused, naming the clause.
    """
    with uow:
        saved = uow.document_templates.template(kind)
        merged = {} if replace_clauses else dict(saved.clauses)
        merged.update(clauses or {})
        template = KindTemplate(
            kind,
            signer_name=saved.signer_name if signer_name is None else signer_name,
            signer_title=saved.signer_title if signer_title is None else signer_title,
            clauses={k: v for k, v in merged.items() if v.strip()},
        )
        uow.document_templates.save_template(template, now)
        uow.commit()
    return template


def reset_template(uow: UnitOfWork, now: datetime, kind: DocumentKind) -> None:
    """Forget what was saved for ``kind``: the files' signer and clauses apply again, and
    its DOCX goes back to the built-in layout (the Word template is forgotten too)."""
    with uow:
        uow.document_templates.save_template(KindTemplate(kind), now)
        uow.document_templates.save_docx_template(kind, None, now)
        uow.commit()


def set_letterhead(
    uow: UnitOfWork,
    now: datetime,
    *,
    organisation_name: str | None = None,
    address_lines: tuple[str, ...] | None = None,
    phone: str | None = None,
) -> OrganisationLetterhead:
    """Save the letterhead every document carries (``None`` keeps the saved value)."""
    with uow:
        saved = uow.document_templates.letterhead()
        letterhead = OrganisationLetterhead(
            name=saved.name if organisation_name is None else organisation_name,
            address_lines=saved.address_lines if address_lines is None else address_lines,
            phone=saved.phone if phone is None else phone,
            logo=saved.logo,
        )
        uow.document_templates.save_letterhead(letterhead, now)
        uow.commit()
    return letterhead


def reset_letterhead(uow: UnitOfWork, now: datetime) -> None:
    """Forget the saved letterhead and logo."""
    with uow:
        uow.document_templates.save_letterhead(OrganisationLetterhead(), now)
        uow.commit()


def set_logo(
    uow: UnitOfWork, images: LogoImages, now: datetime, content: bytes | Path, *, filename: str
) -> Logo:
    """Check the uploaded image (bytes, or a file's path) and save it as the logo."""
    if isinstance(content, Path):
        logo = images.read(content)
    else:
        logo = images.check(content, filename=filename)
    _replace_logo(uow, now, logo)
    return logo


def remove_logo(uow: UnitOfWork, now: datetime) -> None:
    """Documents go back to a letterhead without a logo."""
    _replace_logo(uow, now, None)


def _replace_logo(uow: UnitOfWork, now: datetime, logo: Logo | None) -> None:
    with uow:
        saved = uow.document_templates.letterhead()
        letterhead = OrganisationLetterhead(saved.name, saved.address_lines, saved.phone, logo)
        uow.document_templates.save_letterhead(letterhead, now)
        uow.commit()


def check_docx_template(
    uow: UnitOfWork,
    engine: DocxTemplateEngine,
    files: WordingFiles,
    kind: DocumentKind,
    content: bytes | Path,
    *,
    filename: str = "",
) -> DocxTemplate:
    """An organisation's .docx template for ``kind``, checked whole: a bad one is refused
    now (naming the paragraph and the placeholder), not when a letter is made."""
    clause_names = frozenset(organisation_wording(uow, files, kind).clauses)
    if isinstance(content, Path):
        return engine.read(content, kind=kind, clause_names=clause_names)
    return engine.check(content, filename=filename, kind=kind, clause_names=clause_names)


def save_docx_template(uow: UnitOfWork, now: datetime, template: DocxTemplate) -> None:
    """Save a template :func:`check_docx_template` accepted; it replaces the kind's."""
    with uow:
        uow.document_templates.save_docx_template(template.kind, template, now)
        uow.commit()


def set_docx_template(
    uow_factory: Callable[[], UnitOfWork],
    engine: DocxTemplateEngine,
    files: WordingFiles,
    now: datetime,
    kind: DocumentKind,
    content: bytes | Path,
    *,
    filename: str = "",
) -> DocxTemplate:
    """Check an organisation's .docx template for ``kind`` and save it."""
    template = check_docx_template(uow_factory(), engine, files, kind, content, filename=filename)
    save_docx_template(uow_factory(), now, template)
    return template


def remove_docx_template(uow: UnitOfWork, now: datetime, kind: DocumentKind) -> None:
    """Documents of ``kind`` go back to the built-in DOCX layout."""
    with uow:
        uow.document_templates.save_docx_template(kind, None, now)
        uow.commit()


def docx_template(uow: UnitOfWork, kind: DocumentKind) -> DocxTemplate | None:
    """The saved .docx template of ``kind``, if any."""
    with uow:
        return uow.document_templates.docx_template(kind)
