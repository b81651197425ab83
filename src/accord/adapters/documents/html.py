"""The document model as one HTML page with its print stylesheet (the PDF's source).

Every text from the record is escaped; charts are embedded as ``data:`` SVG images, so
the page refers to nothing outside itself. Table headers sit in ``<thead>`` so that a
table spanning pages repeats them.
"""

from __future__ import annotations

import base64
from html import escape

from accord.domain.documents import (
    Block,
    Document,
    Figure,
    Paragraph,
    Section,
    Signatures,
    Table,
)

__all__ = ["document_html"]

_CSS = """
@page { size: Letter; margin: 20mm 18mm 22mm 18mm;
  @bottom-left { content: "FOOTER_TEXT"; font-size: 8pt; color: #555; }
  @bottom-right { content: "page " counter(page) " of " counter(pages);
                  font-size: 8pt; color: #555; } }
body { font-family: "DejaVu Serif", serif; font-size: 10.5pt; line-height: 1.4; color: #111; }
.letterhead { border-bottom: 2px solid #1a365d; margin-bottom: 6mm; padding-bottom: 2mm; }
.letterhead .name { font-family: "DejaVu Sans", sans-serif; font-size: 15pt;
  font-weight: bold; color: #1a365d; }
.letterhead .line { font-family: "DejaVu Sans", sans-serif; font-size: 8.5pt; color: #444; }
h1 { font-family: "DejaVu Sans", sans-serif; font-size: 16pt; margin: 0 0 1mm 0; }
.subtitle { color: #444; margin-bottom: 5mm; }
h2 { font-family: "DejaVu Sans", sans-serif; font-size: 12pt; color: #1a365d;
  margin: 5mm 0 2mm 0; break-after: avoid; }
p { margin: 0 0 2.5mm 0; }
p.bold { font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 4mm 0; font-size: 9pt;
  font-family: "DejaVu Sans", sans-serif; }
caption { text-align: left; font-weight: bold; margin-bottom: 1mm; }
th { background: #e2e8f0; text-align: left; border-bottom: 1px solid #4a5568; }
th, td { padding: 1.2mm 2mm; vertical-align: top; overflow-wrap: anywhere; }
td { border-bottom: 0.5px solid #cbd5e0; }
.num { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; }
figure { margin: 2mm 0 5mm 0; break-inside: avoid; }
figure img { width: 100%; }
figcaption { font-size: 8.5pt; color: #444; }
.page-break { break-before: page; }
.signatures { margin-top: 12mm; display: flex; gap: 12mm; break-inside: avoid; }
.signature { flex: 1; }
.signature .rule { border-bottom: 1px solid #111; height: 14mm; }
.signature p { margin: 1mm 0; font-size: 9.5pt; }
"""


def _css_string(text: str) -> str:
    # A CSS string literal: no quotes, backslashes or line breaks from the record.
    cleaned = "".join(c if c.isprintable() else " " for c in text)
    return cleaned.replace("\\", "\\\\").replace('"', '\\"')


def document_html(document: Document) -> str:
    """The whole document as an HTML page."""
    css = _CSS.replace("FOOTER_TEXT", _css_string(document.footer))
    out = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{escape(document.title)}</title><style>{css}</style></head><body>",
    ]
    if document.letterhead is not None:
        out.append("<div class='letterhead'>")
        out.append(f"<div class='name'>{escape(document.letterhead.name)}</div>")
        out += [f"<div class='line'>{escape(line)}</div>" for line in document.letterhead.lines]
        out.append("</div>")
    out.append(f"<h1>{escape(document.title)}</h1>")
    if document.subtitle:
        out.append(f"<div class='subtitle'>{escape(document.subtitle)}</div>")
    out += [_section(section) for section in document.sections]
    out.append("</body></html>")
    return "\n".join(out)


def _section(section: Section) -> str:
    css = " class='page-break'" if section.page_break_before else ""
    head = f"<h2>{escape(section.heading)}</h2>" if section.heading else ""
    return f"<section{css}>{head}" + "".join(_block(b) for b in section.blocks) + "</section>"


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        css = " class='bold'" if block.bold else ""
        return f"<p{css}>{escape(block.text)}</p>"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Figure):
        return _figure(block)
    return _signatures(block)


def _signatures(block: Signatures) -> str:
    out = ["<div class='signatures'>"]
    for s in block.parties:
        out.append("<div class='signature'><div class='rule'></div>")
        out.append(f"<p><b>{escape(s.party)}</b></p>")
        out.append(f"<p>Name: {escape(s.name)}</p>")
        out.append(f"<p>Title: {escape(s.title)}</p>")
        out.append("<p>Date:</p></div>")
    out.append("</div>")
    return "".join(out)


def _table(table: Table) -> str:
    def cell(tag: str, i: int, text: str) -> str:
        css = " class='num'" if i in table.numeric else ""
        return f"<{tag}{css}>{escape(text)}</{tag}>"

    caption = f"<caption>{escape(table.caption)}</caption>" if table.caption else ""
    head = "".join(cell("th", i, t) for i, t in enumerate(table.header))
    body = "".join(
        "<tr>" + "".join(cell("td", i, t) for i, t in enumerate(row)) + "</tr>"
        for row in table.rows
    )
    return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _figure(figure: Figure) -> str:
    data = base64.b64encode(figure.svg.encode("utf-8")).decode("ascii")
    return (
        f"<figure style='width:{figure.width_mm:.0f}mm'>"
        f"<img src='data:image/svg+xml;base64,{data}' alt='{escape(figure.caption)}'>"
        f"<figcaption>{escape(figure.caption)}</figcaption></figure>"
    )
