"""Reading rendered documents back: the words of a PDF (pypdf) and of a DOCX (python-docx),
tables included, so that tests check what a reader of the file would see."""

from __future__ import annotations

import io
import re

import docx
import pypdf


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page of a PDF, whitespace collapsed."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in reader.pages]


def pdf_text(content: bytes) -> str:
    return " ".join(pdf_pages(content))


def docx_text(content: bytes) -> str:
    """Paragraphs, then every table cell, then the footer, whitespace collapsed."""
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.footer.paragraphs]
    return re.sub(r"\s+", " ", " ".join(parts))


def docx_tables(content: bytes) -> list[list[list[str]]]:
    """Every table as rows of cell texts."""
    document = docx.Document(io.BytesIO(content))
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]


def docx_header_rows_repeat(content: bytes) -> list[bool]:
    """For each table: does its first row carry Word's repeat-as-header flag?"""
    document = docx.Document(io.BytesIO(content))
    flags = []
    for table in document.tables:
        tr_pr = table.rows[0]._tr.trPr
        flags.append(tr_pr is not None and tr_pr.find(docx.oxml.ns.qn("w:tblHeader")) is not None)
    return flags
