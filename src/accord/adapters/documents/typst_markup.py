"""The document model as Typst markup (the PDF's source).

Every text from the record goes in as a Typst string literal (``#"..."``), never as
markup, so a ``#``, ``$``, ``*`` or ``#import`` typed by a user prints as itself and
cannot run code or fetch a package. Charts are SVG bytes inside the source, so the
document refers to nothing outside itself. Table headers repeat on every page.
"""

from __future__ import annotations

from accord.adapters.documents.logos import logo_svg
from accord.domain.documents import (
    Block,
    Document,
    Figure,
    Logo,
    Paragraph,
    Section,
    Signatures,
    Table,
)

__all__ = ["document_typst", "literal"]

_NAVY = 'rgb("#1a365d")'
_SETUP = """#set page(paper: "us-letter", margin: (x: 18mm, top: 20mm, bottom: 22mm),
  footer: context [#set text(size: 8pt, fill: rgb("#555555"), font: "DejaVu Sans")
    #grid(columns: (1fr, auto), column-gutter: 8pt, FOOTER,
      [page #counter(page).display() of #counter(page).final().first()])])
#set text(font: "DejaVu Serif", size: 10.5pt, lang: "en")
#set par(leading: 0.62em, spacing: 0.9em)
#show heading: set text(font: "DejaVu Sans", fill: NAVY)
#show heading.where(level: 1): set text(size: 16pt, fill: black)
#show heading.where(level: 2): set text(size: 12pt)
#show heading: set block(above: 1.3em, below: 0.7em)
""".replace("NAVY", _NAVY)


def literal(text: str) -> str:
    """``text`` as a Typst string literal: escaped, without control characters."""
    cleaned = "".join(c if c.isprintable() or c == "\n" else " " for c in text)
    escaped = cleaned.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def document_typst(document: Document) -> str:
    """The whole document as Typst source."""
    out = [
        f"#set document(title: {literal(document.title)})",
        _SETUP.replace("FOOTER", literal(document.footer), 1),
    ]
    if document.letterhead is not None:
        lines = "".join(
            f' \\ #text(size: 8.5pt, fill: rgb("#444444"))[#{literal(line)}]'
            for line in document.letterhead.lines
        )
        head = (
            f'[#text(font: "DejaVu Sans", size: 15pt, weight: "bold", fill: {_NAVY})'
            f"[#{literal(document.letterhead.name)}]{lines}]"
        )
        if document.letterhead.logo is not None:
            logo = _logo(document.letterhead.logo)
            head = (
                f"[#grid(columns: (auto, 1fr), column-gutter: 5mm, align: horizon, {logo}, {head})]"
            )
        out.append(
            f"#block(width: 100%, stroke: (bottom: 1.5pt + {_NAVY}), inset: (bottom: 2mm))" + head
        )
    out.append(f"#heading(level: 1, outlined: false)[#{literal(document.title)}]")
    if document.subtitle:
        out.append(f'#text(fill: rgb("#444444"))[#{literal(document.subtitle)}]\n')
    out += [_section(section) for section in document.sections]
    return "\n".join(out) + "\n"


def _logo(logo: Logo) -> str:
    # SVG text in a string literal: the source refers to no file (a PNG or JPEG rides
    # inside the SVG as a data URL, see logo_svg).
    return f'image(bytes({literal(logo_svg(logo))}), format: "svg", height: 14mm)'


def _section(section: Section) -> str:
    out = ["#pagebreak(weak: true)"] if section.page_break_before else []
    if section.heading:
        out.append(f"#heading(level: 2, outlined: false)[#{literal(section.heading)}]")
    out += [_block(block) for block in section.blocks]
    return "\n".join(out)


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        text = f"#{literal(block.text)}"
        return f"#strong[{text}]\n" if block.bold else f"{text}\n"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Figure):
        return _figure(block)
    return _signatures(block)


def _table(table: Table) -> str:
    width = len(table.header)
    align = ", ".join("right" if i in table.numeric else "left" for i in range(width))
    head = ", ".join(f"[*#{literal(t)}*]" for t in table.header)
    body = ",\n".join(", ".join(f"[#{literal(c)}]" for c in row) for row in table.rows)
    caption = (
        f"#block(below: 0.5em, sticky: true)[#strong[#{literal(table.caption)}]]\n"
        if table.caption
        else ""
    )
    return (
        f'{caption}#block(below: 1.2em)[#set text(font: "DejaVu Sans", size: 9pt)\n'
        f"#table(columns: {width} * (1fr,), align: ({align},), inset: (x: 2mm, y: 1.4mm),\n"
        '  stroke: (x, y) => (bottom: if y == 0 { 0.8pt + rgb("#4a5568") } '
        'else { 0.4pt + rgb("#cbd5e0") }),\n'
        '  fill: (x, y) => if y == 0 { rgb("#e2e8f0") },\n'
        f"  table.header(repeat: true, {head}),\n{body}\n)]\n"
    )


def _figure(figure: Figure) -> str:
    return (
        f"#block(breakable: false, below: 1.2em)[#image(bytes({literal(figure.svg)}), "
        f'format: "svg", width: {min(figure.width_mm, 170):.0f}mm)\n'
        f'#text(size: 8.5pt, fill: rgb("#444444"))[#{literal(figure.caption)}]]\n'
    )


def _signatures(block: Signatures) -> str:
    cells = []
    for s in block.parties:
        cells.append(
            "[#v(14mm)#line(length: 100%, stroke: 0.8pt)\n"
            f"#strong[#{literal(s.party)}] \\ Name: #{literal(s.name)} \\ "
            f"Title: #{literal(s.title)} \\ Date:]"
        )
    columns = max(len(cells), 2)
    return (
        f"#block(breakable: false)[#grid(columns: {columns} * (1fr,), column-gutter: 12mm,\n"
        + ",\n".join(cells)
        + ")]\n"
    )
