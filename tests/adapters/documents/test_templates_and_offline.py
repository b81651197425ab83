"""The organisation's wording (override files, bad placeholders) and rendering offline."""

from __future__ import annotations

import http.server
import re
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from accord.adapters.documents.pdf import PdfRenderer
from accord.adapters.documents.raster import svg_to_png
from accord.adapters.documents.templates import YamlDocumentTemplates
from accord.adapters.documents.typst_markup import document_typst, literal
from accord.bootstrap import Accord
from accord.domain.documents import (
    Document,
    DocumentKind,
    Figure,
    Letterhead,
    Paragraph,
    Section,
    SignatureBlock,
    Signatures,
    Table,
)
from accord.errors import ConfigurationError, InputFileError, ValidationError
from accord.services import demo
from accord.services.documents import DocumentFormat, make_document
from accord.services.scorecard_report import make_scorecard_document
from tests.support.extract import docx_text, pdf_text


def make(accord: Accord, templates: YamlDocumentTemplates, kind: DocumentKind,
         fmt: DocumentFormat = DocumentFormat.PDF) -> bytes:  # fmt: skip
    sca, pt = demo.load_demo(accord.store.unit_of_work, accord.clock.now())
    nid = pt if kind is DocumentKind.PROPOSAL else sca
    return make_document(
        accord.store.unit_of_work(), accord.renderers, templates, accord.charts, accord.clock.now(),
        kind, nid, fmt,
    ).content  # fmt: skip


def test_an_override_file_replaces_the_letterhead_signer_and_one_clause(
    sqlite_accord: Accord, tmp_path: Path
) -> None:
    (tmp_path / "agreement.yaml").write_text(
        "letterhead: ['12 Harbour Road, Columbus OH 43215', 'Fax 614-555-0100']\n"
        "signer_name: Rosa Delgado\nsigner_title: Director of case management\n"
        "clauses:\n  timely_filing: Claims reach {organisation} within 120 days.\n",
        encoding="utf-8",
    )
    text = docx_text(make(sqlite_accord, YamlDocumentTemplates(tmp_path), DocumentKind.AGREEMENT,
                          DocumentFormat.DOCX))  # fmt: skip
    assert "12 Harbour Road, Columbus OH 43215" in text
    assert "Rosa Delgado" in text and "Director of case management" in text
    assert "Claims reach Mercy General Hospital — Case Management (demo) within 120 days." in text
    assert "payment in full" in text  # a clause the file left out keeps the default


def test_a_bad_placeholder_is_refused_naming_it_the_clause_and_the_file(
    sqlite_accord: Accord, tmp_path: Path
) -> None:
    path = tmp_path / "proposal.yaml"
    path.write_text("clauses:\n  answer: Reply to {signatory} by {deadline}.\n", "utf-8")
    with pytest.raises(ValidationError) as caught:
        make(sqlite_accord, YamlDocumentTemplates(tmp_path), DocumentKind.PROPOSAL)
    message = str(caught.value)
    assert "{signatory}" in message and "'answer'" in message and str(path) in message
    assert "{signer}" in message  # and which names it could have used
    assert "\n" not in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("clauses:\n  answer: Reply {by\n", "'answer'"),
        ("clauses: [1, 2]\n", "clauses"),
        ("letterhed: [x]\n", "unknown key 'letterhed'"),
        ("clauses:\n  a: x\n b: y\n", "line"),
    ],
)
def test_a_malformed_override_file_is_a_one_line_error_naming_the_file(
    sqlite_accord: Accord, tmp_path: Path, text: str, expected: str
) -> None:
    (tmp_path / "brief.yaml").write_text(text, "utf-8")
    with pytest.raises(ValidationError) as caught:
        make(sqlite_accord, YamlDocumentTemplates(tmp_path), DocumentKind.BRIEF)
    assert expected in str(caught.value)
    assert "\n" not in str(caught.value)
    if not isinstance(caught.value, InputFileError):
        assert "brief.yaml" in str(caught.value)


class _Counting(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Counting.hits = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


TRICKY = '#import "@preview/cetz:0.2.2": * $x^2$ *not bold* \\ "quoted" #read("/etc/passwd")'


def test_text_that_looks_like_typst_code_prints_as_itself_and_runs_nothing() -> None:
    document = Document(
        DocumentKind.BRIEF, TRICKY, letterhead=Letterhead(TRICKY, (TRICKY,)), footer=TRICKY,
        sections=[Section(TRICKY, [Paragraph(TRICKY), Table((TRICKY,), ((TRICKY,),)),
                                   Signatures((SignatureBlock(TRICKY, TRICKY, TRICKY),))])],
    )  # fmt: skip
    source = document_typst(document)
    # Nothing the generator writes reads a file or imports a package: the only code is ours.
    assert not re.search(
        r"(?<!\\)#(import|include|read)\b|image\(\"", source.replace(literal(TRICKY), "")
    )
    text = pdf_text(PdfRenderer().render(document))
    assert text.count("cetz:0.2.2") >= 5 and "/etc/passwd" in text and "$x^2$" in text


def test_a_chart_referring_to_an_outside_image_is_refused_without_fetching_it(
    local_server: str,
) -> None:
    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' "
        f"width='40' height='20'><image xlink:href='{local_server}/x.png' width='10' "
        "height='10'/><rect width='20' height='10' fill='#000'/></svg>"
    )
    with pytest.raises(ConfigurationError, match="load nothing from outside"):
        svg_to_png(svg)
    figure = Document(DocumentKind.BRIEF, "Chart", sections=[Section("", [Figure(svg, "c")])])
    with pytest.raises(ConfigurationError, match="URLs are not allowed"):
        PdfRenderer().render(figure)  # Typst refuses it too
    assert _Counting.hits == []
    plain = (
        "<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'>"
        "<rect width='4' height='4'/></svg>"
    )
    assert svg_to_png(plain).startswith(b"\x89PNG")


@pytest.mark.parametrize("fmt", list(DocumentFormat))
def test_every_document_renders_with_the_network_switched_off(
    sqlite_accord: Accord, monkeypatch: pytest.MonkeyPatch, fmt: DocumentFormat
) -> None:
    sca, pt = demo.load_demo(sqlite_accord.store.unit_of_work, sqlite_accord.clock.now())

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("a document tried to open a network connection")

    # The store is a SQLite file (no socket); any connection attempt now fails the test.
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    for kind in DocumentKind:
        if kind is DocumentKind.SCORECARD:
            continue  # below: it covers every payer, not a negotiation
        for nid in (sca, pt):
            content = make_document(
                sqlite_accord.store.unit_of_work(), sqlite_accord.renderers,
                sqlite_accord.templates, sqlite_accord.charts, sqlite_accord.clock.now(), kind, nid,
                fmt,
            ).content  # fmt: skip
            assert content[:4] in (b"%PDF", b"PK\x03\x04")
    content = make_scorecard_document(
        sqlite_accord.store.unit_of_work, sqlite_accord.medicare_prices, sqlite_accord.renderers,
        sqlite_accord.templates, sqlite_accord.charts, sqlite_accord.clock.now(), fmt,
    ).content  # fmt: skip
    assert content[:4] in (b"%PDF", b"PK\x03\x04")
