"""The document model: what a letter, agreement, brief or report says, before any format.

Services build a :class:`Document` from the record; renderers (adapters) turn the same
document into DOCX or PDF. Nothing here knows about a file format::

    doc = Document(DocumentKind.BRIEF, "Negotiation brief", sections=[
        Section("Where it stands", [Paragraph("Bargaining since 3 March.")]),
    ])
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field

from accord.errors import ValidationError

__all__ = [
    "Block",
    "Document",
    "DocumentKind",
    "Figure",
    "Letterhead",
    "Logo",
    "Paragraph",
    "Section",
    "SignatureBlock",
    "Signatures",
    "Table",
]


class DocumentKind(enum.StrEnum):
    """The documents Accord writes."""

    PROPOSAL = "proposal"
    AGREEMENT = "agreement"
    BRIEF = "brief"
    SAVINGS = "savings"
    SCORECARD = "scorecard"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    DocumentKind.PROPOSAL: "rate-increase proposal letter",
    DocumentKind.AGREEMENT: "single case agreement",
    DocumentKind.BRIEF: "negotiation brief",
    DocumentKind.SAVINGS: "savings and revenue report",
    DocumentKind.SCORECARD: "payer scorecard report",
}


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text (never markup); ``bold`` for a lead-in line."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class Table:
    """A table whose first row, ``header``, repeats on every page it spans.

    ``numeric`` marks the columns to align right (money, counts, percentages).
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    numeric: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        width = len(self.header)
        if width == 0:
            raise ValidationError("a table needs at least one column", field="header")
        for number, row in enumerate(self.rows, start=1):
            if len(row) != width:
                raise ValidationError(
                    f"table {self.caption or self.header[0]!r} row {number} has {len(row)} "
                    f"cells; the header has {width}",
                    field="rows",
                )


@dataclass(frozen=True)
class Figure:
    """A chart: SVG text for PDF, with a caption; renderers rasterise it for DOCX."""

    svg: str
    caption: str
    width_mm: float = 160.0


@dataclass(frozen=True)
class SignatureBlock:
    """A party's signature lines: organisation, and the signer's name and title if known."""

    party: str
    name: str = ""
    title: str = ""


@dataclass(frozen=True)
class Signatures:
    """Signature lines side by side, where the document places them (after a closing)."""

    parties: tuple[SignatureBlock, ...]


Block = Paragraph | Table | Figure | Signatures
"""Anything a section holds, in order."""


@dataclass(frozen=True)
class Section:
    """A heading and its blocks; an empty heading continues the letter without a title."""

    heading: str
    blocks: Sequence[Block] = ()
    page_break_before: bool = False


@dataclass(frozen=True)
class Logo:
    """The organisation's logo: PNG, JPEG or SVG bytes, checked when it was uploaded."""

    content: bytes
    media_type: str


@dataclass(frozen=True)
class Letterhead:
    """The sender's name, address lines and logo at the top of every document."""

    name: str
    lines: tuple[str, ...] = ()
    logo: Logo | None = None


@dataclass(frozen=True)
class Document:
    """A whole document: letterhead, title and sections (signatures are a block)."""

    kind: DocumentKind
    title: str
    letterhead: Letterhead | None = None
    subtitle: str = ""
    sections: Sequence[Section] = ()
    footer: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    """The values its clauses' placeholders were filled with (organisation, counterparty,
    …): an organisation's .docx template uses the same names."""
    clauses: dict[str, str] = field(default_factory=dict)
    """Every clause of the document's wording, filled in (empty when the wording has none)."""

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise ValidationError("a document needs a title", field="title")

    def text(self) -> str:
        """All the words of the document in reading order (for tests and search)."""
        out: list[str] = []
        if self.letterhead is not None:
            out += [self.letterhead.name, *self.letterhead.lines]
        out += [self.title, self.subtitle]
        for section in self.sections:
            out.append(section.heading)
            for block in section.blocks:
                if isinstance(block, Paragraph):
                    out.append(block.text)
                elif isinstance(block, Table):
                    out.append(block.caption)
                    out += [" ".join(row) for row in (block.header, *block.rows)]
                elif isinstance(block, Figure):
                    out.append(block.caption)
                else:
                    for signer in block.parties:
                        out += [signer.party, signer.name, signer.title]
        return "\n".join(line for line in out if line)
