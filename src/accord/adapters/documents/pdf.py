"""PDF rendering with WeasyPrint, from the HTML of :mod:`.html`, fully offline.

WeasyPrint was chosen by measurement (benchmarks/documents.py, docs/documents.md):
a proposal letter with its charts renders in well under a second, tables repeat their
headers across pages, SVG charts stay vector, and Pango (on Debian's base image) lays
out any script. The fetcher only accepts ``data:`` URLs, so a document can never reach
the network, whatever text or chart it holds.
"""

from __future__ import annotations

import logging

from weasyprint import HTML
from weasyprint.urls import URLFetcher

from accord.adapters.documents.html import document_html
from accord.domain.documents import Document
from accord.errors import ConfigurationError

__all__ = ["PdfRenderer", "offline_fetcher", "render_html_pdf"]


def offline_fetcher() -> URLFetcher:
    """A WeasyPrint URL fetcher that refuses every scheme but ``data:``."""
    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=1)


def render_html_pdf(html: str) -> bytes:
    """An HTML page as PDF bytes, with remote resources refused (not fetched)."""
    # WeasyPrint reports refused resources and unsupported CSS as warnings; they are
    # expected for a refused remote image and say nothing to a user.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    try:
        pdf = HTML(string=html, base_url=None, url_fetcher=offline_fetcher()).write_pdf()
    except OSError as exc:  # a missing system library or font configuration
        raise ConfigurationError(f"PDF rendering failed: {exc}") from exc
    assert isinstance(pdf, bytes)
    return pdf


class PdfRenderer:
    """Renders a :class:`Document` to PDF (US Letter, page numbers, repeated headers)."""

    media_type = "application/pdf"

    def render(self, document: Document) -> bytes:
        return render_html_pdf(document_html(document))
