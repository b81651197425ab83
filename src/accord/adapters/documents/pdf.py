"""PDF rendering with Typst, from the markup of :mod:`.typst_markup`, fully offline.

Typst was chosen over WeasyPrint by measurement (benchmarks/documents.py and
docs/documents.md): the same proposal letter in a fraction of the time, and a
1,000-case savings report in seconds where WeasyPrint's table layout took over a
minute. Tables repeat their headers across pages and SVG charts stay vector. Typst
reads only system fonts and the source it is given; the source never imports a
package, so rendering never reaches the network.
"""

from __future__ import annotations

import typst

from accord.adapters.documents.typst_markup import document_typst
from accord.domain.documents import Document
from accord.errors import ConfigurationError

__all__ = ["PdfRenderer", "render_typst_pdf"]


def render_typst_pdf(source: str) -> bytes:
    """Typst source as PDF bytes; a compile error is a :class:`ConfigurationError`."""
    try:
        pdf = typst.compile(source.encode("utf-8"), format="pdf")
    except (RuntimeError, ValueError) as exc:  # typst raises TypstError (a RuntimeError)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ConfigurationError(f"PDF rendering failed: {first}") from exc
    assert isinstance(pdf, bytes)
    return pdf


class PdfRenderer:
    """Renders a :class:`Document` to PDF (US Letter, page numbers, repeated headers)."""

    media_type = "application/pdf"

    def render(self, document: Document) -> bytes:
        return render_typst_pdf(document_typst(document))
