"""The placeholders an organisation's own Word (.docx) template may use, and their values.

An organisation may keep its letter in Word and let Accord fill it: ``{{ counterparty }}``
in its .docx becomes the other party's name. The values come from the same
:class:`~accord.domain.documents.Document` the built-in DOCX and PDF are made from, so a
template never sees anything the document would not show. Every name is present for
every document kind (empty or "—" where a kind has no such thing), so that a template
checked when it is uploaded cannot fail later for want of a value::

    context = template_context(document)
    context["counterparty"]            # 'Big Sky Health Plan'
    context["tables"][0]["rows"][0]    # ['97110', '$28.00', '$34.00', '+21.4%', '112%']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from accord.domain.documents import Document, DocumentKind, Paragraph, Signatures, Table

__all__ = [
    "DOCX_TEMPLATE_MAX_BYTES",
    "LIST_FIELDS",
    "TEMPLATE_FIELDS",
    "TEXT_FIELDS",
    "Clauses",
    "DocxTemplate",
    "sample_context",
    "template_context",
]

DOCX_TEMPLATE_MAX_BYTES = 2 * 1024 * 1024
"""A Word letter with a letterhead image is tens to hundreds of KB; 2 MB leaves room."""

TEXT_FIELDS: dict[str, str] = {
    "organisation": "our organisation's name",
    "counterparty": "the other party's name",
    "title": "the negotiation's title",
    "kind": "the kind of negotiation, in words",
    "today": "the date the document is made (6 December 2026)",
    "deadline": "the negotiation's deadline",
    "signer": "who signs: the saved signer, or the team lead",
    "signer_title": "the signer's title",
    "patient_ref": "the internal patient reference",
    "payment_days": "the payment-days term (agreed, else proposed), else 30",
    "document_title": "the document's own title (Proposal: rates for …)",
    "subtitle": "the line under the title (To Big Sky Health Plan)",
    "footer": "the footer line of the built-in layout",
}
"""Names that print as text: ``{{ counterparty }}``."""

LIST_FIELDS: dict[str, str] = {
    "letterhead": "letterhead.name, and letterhead.lines (a list of address lines)",
    "clauses": "the document's clauses filled in, by name: {{ clauses.payment }}",
    "sections": "every section in order: .heading, .paragraphs (a list of texts), .tables",
    "tables": "every table in order: .caption, .header (a list of column names), "
    ".rows (a list of rows, each a list of cells)",
    "signatures": "each party's signature block: .party, .name, .title",
}
"""Names that hold lists or groups, used with a dot or in a ``{% for %}`` loop."""

TEMPLATE_FIELDS: dict[str, str] = {**TEXT_FIELDS, **LIST_FIELDS}
"""Every name a .docx template may use, with what it holds (docs and settings page)."""


class Clauses(dict[str, str]):
    """Clauses by name; a clause the wording no longer has prints as nothing.

    Names are checked against the kind's clauses when the template is uploaded; a clause
    removed from the wording files afterwards must not make a letter fail to print.
    """

    def __missing__(self, key: str) -> str:
        return ""


@dataclass(frozen=True)
class DocxTemplate:
    """An organisation's .docx template for one kind, checked when it was uploaded."""

    kind: DocumentKind
    filename: str
    content: bytes
    placeholders: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Only the file's own name is kept (no folders), printable, as the column holds.
        name = self.filename.replace("\\", "/").rsplit("/", 1)[-1]
        name = "".join(c for c in name if c.isprintable()).strip()[:200]
        object.__setattr__(self, "filename", name or f"{self.kind.value}.docx")

    @property
    def label(self) -> str:
        """``letter.docx, 24,310 bytes`` for a settings page."""
        return f"{self.filename}, {len(self.content):,} bytes"


def _table(table: Table) -> dict[str, Any]:
    return {
        "caption": table.caption,
        "header": list(table.header),
        "rows": [list(row) for row in table.rows],
    }


def template_context(document: Document) -> dict[str, Any]:
    """The values a .docx template is filled with, every name present."""
    values: Mapping[str, str] = document.metadata
    context: dict[str, Any] = {name: values.get(name, "") for name in TEXT_FIELDS}
    letterhead = document.letterhead
    context.update(
        document_title=document.title,
        subtitle=document.subtitle,
        footer=document.footer,
        letterhead={
            "name": letterhead.name if letterhead else "",
            "lines": list(letterhead.lines) if letterhead else [],
        },
        clauses=Clauses(document.clauses),
    )
    sections: list[dict[str, Any]] = []
    tables: list[dict[str, Any]] = []
    signatures: list[dict[str, str]] = []
    for section in document.sections:
        paragraphs: list[str] = []
        own: list[dict[str, Any]] = []
        for block in section.blocks:
            if isinstance(block, Paragraph):
                paragraphs.append(block.text)
            elif isinstance(block, Table):
                own.append(_table(block))
            elif isinstance(block, Signatures):
                signatures += [
                    {"party": s.party, "name": s.name, "title": s.title} for s in block.parties
                ]
        tables += own
        sections.append({"heading": section.heading, "paragraphs": paragraphs, "tables": own})
    context.update(sections=sections, tables=tables, signatures=signatures)
    return context


def sample_context(clause_names: frozenset[str]) -> dict[str, Any]:
    """Values of every shape a real document has, to try a template on before saving it.

    Lists hold one item each, so that the body of every loop is tried once; a table is
    wide enough for any of the documents' tables.
    """
    width = 8
    table = {
        "caption": "Sample table",
        "header": [f"Column {i}" for i in range(1, width + 1)],
        "rows": [[f"cell {i}" for i in range(1, width + 1)]],
    }
    context: dict[str, Any] = {name: f"sample {name}" for name in TEXT_FIELDS}
    context.update(
        letterhead={"name": "Sample organisation", "lines": ["1 Sample Street"]},
        clauses=Clauses({name: f"sample clause {name}" for name in clause_names}),
        sections=[{"heading": "Sample section", "paragraphs": ["Sample text."],
                   "tables": [table]}],
        tables=[table],
        signatures=[{"party": "Sample party", "name": "Sample signer", "title": "Title"}],
    )  # fmt: skip
    return context
