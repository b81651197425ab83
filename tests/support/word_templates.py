"""Word templates as an organisation would write them, built with python-docx for tests:
a proposal letter with its letterhead in the header and a repeated table row, and small
broken ones."""

from __future__ import annotations

import io

import docx

PROPOSAL_COLUMNS = ("Code", "Current", "Proposed", "Change", "% of Medicare")


def proposal_template() -> bytes:
    """A proposal letter: header, date, addressee, a run-split placeholder, a clause, the
    table of codes with one row repeated per code, the signer."""
    d = docx.Document()
    d.sections[0].header.paragraphs[
        0
    ].text = "{{ letterhead.name }} · {{ letterhead.lines|join(' · ') }}"
    d.add_paragraph("{{ today }}")
    d.add_paragraph("{{ counterparty }}")
    p = d.add_paragraph()
    p.add_run("Re: ")
    p.add_run("{{ ti").bold = True  # Word splits typed text into runs like this
    p.add_run("tle }}")
    d.add_paragraph("Dear colleagues at {{ counterparty }},")
    d.add_paragraph("{{ clauses.introduction }}")
    t = d.add_table(rows=4, cols=len(PROPOSAL_COLUMNS))
    t.style = "Table Grid"
    for j, heading in enumerate(PROPOSAL_COLUMNS):
        t.cell(0, j).text = heading
    t.cell(1, 0).text = "{%tr for row in tables[0].rows %}"
    for j in range(len(PROPOSAL_COLUMNS)):
        t.cell(2, j).text = "{{ row[" + str(j) + "] }}"
    t.cell(3, 0).text = "{%tr endfor %}"
    d.add_paragraph("Sincerely,")
    d.add_paragraph("{{ signer }}, {{ signer_title }}")
    return _save(d)


def paragraphs(*texts: str, cell: str | None = None) -> bytes:
    """A template of the given paragraphs, and a 2×2 table with ``cell`` at row 2, cell 2."""
    d = docx.Document()
    for text in texts:
        d.add_paragraph(text)
    if cell is not None:
        d.add_table(rows=2, cols=2).cell(1, 1).text = cell
    return _save(d)


def _save(d: docx.document.Document) -> bytes:
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()
