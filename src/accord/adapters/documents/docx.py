"""DOCX rendering with python-docx: an editable Word/LibreOffice file from the model.

Headings use Word's built-in heading styles (so the navigation pane works), tables mark
their first row as a header row that Word repeats on every page, charts are PNG.
"""

from __future__ import annotations

import copy
import io

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row, CT_Tc
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.table import _Cell

from accord.adapters.documents.logos import logo_png
from accord.adapters.documents.raster import svg_to_png
from accord.domain.documents import Document, Figure, Paragraph, Signatures, Table

__all__ = ["DocxRenderer"]

_NAVY = RGBColor(0x1A, 0x36, 0x5D)


class DocxRenderer:
    """Renders a :class:`Document` to DOCX (US Letter, a footer, repeated table headers)."""

    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def render(self, document: Document) -> bytes:
        out = new_docx()
        section = out.sections[0]
        section.page_width, section.page_height = Mm(215.9), Mm(279.4)
        section.left_margin = section.right_margin = Mm(18)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        normal = out.styles["Normal"]
        normal.font.name = "DejaVu Serif"
        normal.font.size = Pt(10.5)
        props = out.core_properties
        props.title = document.title
        props.author = document.letterhead.name if document.letterhead else "Accord"
        if document.footer:
            footer = section.footer.paragraphs[0]
            footer.add_run(document.footer).font.size = Pt(8)
        if document.letterhead is not None:
            if document.letterhead.logo is not None:
                # Height fixed, width follows the image: a wide logo stays a banner.
                picture = io.BytesIO(logo_png(document.letterhead.logo))
                out.add_paragraph().add_run().add_picture(picture, height=Mm(14))
            head = out.add_paragraph()
            run = head.add_run(document.letterhead.name)
            run.bold, run.font.size, run.font.color.rgb = True, Pt(15), _NAVY
            for line in document.letterhead.lines:
                out.add_paragraph().add_run(line).font.size = Pt(8.5)
        out.add_heading(document.title, level=1)
        if document.subtitle:
            out.add_paragraph(document.subtitle)
        for part in document.sections:
            if part.page_break_before:
                out.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            if part.heading:
                out.add_heading(part.heading, level=2)
            for block in part.blocks:
                if isinstance(block, Paragraph):
                    para = out.add_paragraph()
                    para.add_run(block.text).bold = block.bold
                elif isinstance(block, Table):
                    _table(out, block)
                elif isinstance(block, Figure):
                    _figure(out, block)
                else:
                    _signatures(out, block)
        buffer = io.BytesIO()
        out.save(buffer)
        return buffer.getvalue()


def _table(out: DocxDocument, table: Table) -> None:
    if table.caption:
        out.add_paragraph().add_run(table.caption).bold = True
    grid: DocxTable = out.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = grid.rows[0]
    _repeat_as_header(header._tr)
    for i, text in enumerate(table.header):
        run = header.cells[i].paragraphs[0].add_run(text)
        run.bold, run.font.size = True, Pt(9)
        _shade(header.cells[i]._tc)
    if table.rows:
        _body(grid, table)
    out.add_paragraph()


def _body(grid: DocxTable, table: Table) -> None:
    # python-docx builds each cell through many small element calls (seconds for a
    # 1,000-case report); instead one prototype row is built, then copied per row with
    # only its texts set.
    prototype = grid.add_row()._tr  # type: ignore[no-untyped-call]
    for i, tc in enumerate(prototype.tc_lst):
        para = _Cell(tc, grid).paragraphs[0]
        para.add_run("-").font.size = Pt(9)  # a placeholder text, so the run has its <w:t>
        if i in table.numeric:
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    blank = copy.deepcopy(prototype)
    for number, row in enumerate(table.rows):
        tr = prototype if number == 0 else copy.deepcopy(blank)
        for t, text in zip(tr.iter(qn("w:t")), row, strict=True):
            t.text = text
            t.set(qn("xml:space"), "preserve")
        if number:
            grid._tbl.append(tr)


def _repeat_as_header(tr: CT_Row) -> None:
    # <w:tblHeader/> on the first row: Word and LibreOffice repeat it on each page.
    props = tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def _shade(tc: CT_Tc) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), "E2E8F0")
    tc.get_or_add_tcPr().append(shading)


def _figure(out: DocxDocument, figure: Figure) -> None:
    out.add_picture(io.BytesIO(svg_to_png(figure.svg)), width=Mm(min(figure.width_mm, 170)))
    out.add_paragraph().add_run(figure.caption).font.size = Pt(8.5)


def _signatures(out: DocxDocument, block: Signatures) -> None:
    out.add_paragraph()
    grid = out.add_table(rows=5, cols=len(block.parties))
    for i, s in enumerate(block.parties):
        lines = ("_" * 32, s.party, f"Name: {s.name}", f"Title: {s.title}", "Date:")
        for r, text in enumerate(lines):
            grid.rows[r].cells[i].text = text
        grid.rows[1].cells[i].paragraphs[0].runs[0].bold = True
