"""An organisation's own Word template: filled from the same document model as the
built-in DOCX (read back and compared), stored on SQLite and PostgreSQL, and refused at
upload when a placeholder is wrong, naming the paragraph or cell and the placeholder."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from accord.adapters.documents.docx_template import DocxtplTemplates
from accord.bootstrap import Accord
from accord.domain.documents import Document, DocumentKind, Paragraph, Section, Table
from accord.domain.docx_template_fields import DOCX_TEMPLATE_MAX_BYTES, TEMPLATE_FIELDS
from accord.errors import InputFileError
from accord.services import document_templates as templates
from accord.services.documents import DocumentFormat, build_document, make_document
from tests.support.extract import docx_tables, docx_text, pdf_text
from tests.support.word_templates import PROPOSAL_COLUMNS, paragraphs, proposal_template

CLAUSES = frozenset({"introduction", "answer", "closing"})


def _make(accord: Accord, kind: DocumentKind, nid: int, fmt: DocumentFormat) -> bytes:
    return make_document(
        accord.store.unit_of_work(), accord.renderers, accord.templates, accord.charts,
        accord.clock.now(), kind, nid, fmt, docx_templates=accord.docx_templates,
    ).content  # fmt: skip


def test_a_word_template_is_filled_from_the_same_document_as_the_built_in_layout(
    accord: Accord, demo_ids: tuple[int, int]
) -> None:
    _, pt = demo_ids
    uow, now = accord.store.unit_of_work, accord.clock.now()
    saved = templates.set_docx_template(
        uow, accord.docx_templates, accord.templates, now, DocumentKind.PROPOSAL,
        proposal_template(), filename="C:\\Letters\\big-sky letter.docx",
    )  # fmt: skip
    assert saved.filename == "big-sky letter.docx"  # the name only, no folders
    assert {"counterparty", "tables", "clauses", "letterhead"} <= set(saved.placeholders)
    model = build_document(uow(), accord.templates, accord.charts, now, DocumentKind.PROPOSAL, pt)
    asked = next(
        b for s in model.sections for b in s.blocks
        if isinstance(b, Table) and b.caption == "Proposed rates"
    )  # fmt: skip
    word = _make(accord, DocumentKind.PROPOSAL, pt, DocumentFormat.DOCX)
    filled = docx.Document(io.BytesIO(word))
    lines = [p.text for p in filled.paragraphs]
    values = model.metadata
    assert lines[0] == values["today"] and lines[1] == values["counterparty"]
    assert lines[2] == f"Re: {values['title']}"  # a tag split across runs still fills
    assert lines[4] == model.clauses["introduction"] != ""
    assert lines[-1] == f"{values['signer']}, {values['signer_title']}"
    header = filled.sections[0].header.paragraphs[0].text
    assert model.letterhead is not None and header.startswith(model.letterhead.name)
    # Every code, figure and percentage of the built-in table, one row per code.
    (table,) = docx_tables(word)
    assert table[0] == list(PROPOSAL_COLUMNS)
    assert [tuple(r) for r in table[1:]] == list(asked.rows) and len(asked.rows) >= 3
    # The PDF keeps the built-in layout (with exhibits), from the same figures.
    pdf = pdf_text(_make(accord, DocumentKind.PROPOSAL, pt, DocumentFormat.PDF))
    assert "Exhibit" in pdf and asked.rows[0][2] in pdf
    # Removing it brings the built-in DOCX back.
    templates.remove_docx_template(uow(), now, DocumentKind.PROPOSAL)
    assert templates.docx_template(uow(), DocumentKind.PROPOSAL) is None
    assert "Exhibit" in docx_text(_make(accord, DocumentKind.PROPOSAL, pt, DocumentFormat.DOCX))


def test_resetting_a_kind_forgets_its_word_template_too(accord: Accord) -> None:
    uow, now = accord.store.unit_of_work, accord.clock.now()
    templates.set_docx_template(uow, accord.docx_templates, accord.templates, now,
                                DocumentKind.BRIEF, paragraphs("{{ title }}"),
                                filename="brief.docx")  # fmt: skip
    view = templates.show_template(uow(), accord.templates, DocumentKind.BRIEF)
    assert view.docx is not None and view.as_data()["docx"] == {
        "filename": "brief.docx", "bytes": len(view.docx.content)}  # fmt: skip
    templates.reset_template(uow(), now, DocumentKind.BRIEF)
    assert templates.docx_template(uow(), DocumentKind.BRIEF) is None


def test_text_from_the_record_is_escaped_never_markup() -> None:
    engine = DocxtplTemplates()
    template = engine.check(paragraphs("To {{ counterparty }}", "{{ sections[0].heading }}"),
                            filename="t.docx", kind=DocumentKind.BRIEF,
                            clause_names=frozenset())  # fmt: skip
    hostile = 'A & B <w:p>"Health"</w:p> {{ 7*7 }} ✓'
    document = Document(
        DocumentKind.BRIEF, "Brief", sections=[Section(hostile, [Paragraph("x")])],
        metadata={"counterparty": hostile},
    )  # fmt: skip
    text = [p.text for p in docx.Document(io.BytesIO(engine.fill(template, document))).paragraphs]
    assert text == [f"To {hostile}", hostile]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (paragraphs("Hello", "Dear {{ counterpart }},"),
         r'paragraph 2 \("Dear \{\{ counterpart \}\},"\): unknown placeholder '
         r"\{\{ counterpart \}\} \(a template may use organisation, counterparty"),
        (paragraphs("Dear {{ counterparty", "}},"),
         r"paragraph 1 .*the placeholder '\{\{ counterparty' is not closed with '\}\}' in "
         r"this paragraph"),
        (paragraphs("Dear counterparty }}"), r"paragraph 1 .*'\}\}' closes no placeholder"),
        (paragraphs("Dear {counterparty},"),
         r"\{counterparty\} has single braces; in a Word template write \{\{ counterparty \}\}"),
        (paragraphs("{{ clauses[\u201canswer\u201d] }}"), "curly quotes"),
        (paragraphs("x", cell="{{ clauses.answr }}"),
         r'table 1, row 2, cell 2 \("\{\{ clauses.answr \}\}"\): unknown clause clauses.answr '
         r"\(this kind has answer, closing, introduction\)"),
        (paragraphs("{% for s in sections %}", "{{ s.heading }}"),
         r"paragraph 1 .*\{% for s in sections %\} is never closed; add \{% endfor %\}"),
        (paragraphs("{% for s in sections %}", "{% endif %}"),
         r"paragraph 2 .*\{% endif %\} closes \{% for s in sections %\} of paragraph 1"),
        (paragraphs("{% for s in sections %}", "{{ s.headng }}", "{% endfor %}"),
         r"paragraph 2 \(\"\{\{ s.headng \}\}\"\): 'dict object' has no attribute 'headng'"),
        (paragraphs("{{ counterparty | shout }}"), "paragraph 1 .*No filter named 'shout'"),
        (paragraphs("{{ counterparty + }}"), "paragraph 1 .*unexpected"),
        (paragraphs("{{ title.__class__.__mro__ }}"), "unsafe"),
        (b"plain text, not a document", "not a Word .docx file"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 100, r"an old \.doc: save it as Word Document \.docx"),
        (b"PK\x05\x06" + b"\0" * 18, r"not a Word \.docx|no word/document.xml"),
        (b"PK" + b"\0" * DOCX_TEMPLATE_MAX_BYTES, "at most 2,097,152 bytes"),
    ],
    ids=["unknown-name", "split-across-paragraphs", "stray-close", "single-braces",
         "curly-quotes", "unknown-clause-in-cell", "unclosed-for", "mismatched-end",
         "unknown-attribute", "unknown-filter", "broken-jinja", "sandbox", "not-a-zip",
         "old-doc", "empty-zip", "too-large"],
)  # fmt: skip
def test_a_bad_template_is_refused_naming_where_and_what(content: bytes, message: str) -> None:
    with pytest.raises(InputFileError, match=message) as caught:
        DocxtplTemplates().check(content, filename="letter.docx", kind=DocumentKind.PROPOSAL,
                                 clause_names=CLAUSES)  # fmt: skip
    text = str(caught.value)
    assert text.startswith("letter.docx: ") and "\n" not in text


def test_a_refused_template_saves_nothing_and_keeps_the_one_in_use(sqlite_accord: Accord) -> None:
    uow, now = sqlite_accord.store.unit_of_work, sqlite_accord.clock.now()
    args = (uow, sqlite_accord.docx_templates, sqlite_accord.templates, now, DocumentKind.PROPOSAL)
    templates.set_docx_template(*args, proposal_template(), filename="good.docx")
    with pytest.raises(InputFileError, match="unknown placeholder"):
        templates.set_docx_template(*args, paragraphs("{{ nope }}"), filename="bad.docx")
    kept = templates.docx_template(uow(), DocumentKind.PROPOSAL)
    assert kept is not None and kept.filename == "good.docx"


def test_a_zip_that_unpacks_huge_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"\0" * (61 * 1024 * 1024))
    with pytest.raises(InputFileError, match="unpacks to more than 60 MB"):
        DocxtplTemplates().check(buffer.getvalue(), filename="bomb.docx",
                                 kind=DocumentKind.BRIEF, clause_names=frozenset())  # fmt: skip


def test_every_documented_placeholder_fills_in_every_kind(
    accord: Accord, demo_ids: tuple[int, int]
) -> None:
    sca, pt = demo_ids
    uses_all = paragraphs(*(f"{name}: {{{{ {name} }}}}" for name in TEMPLATE_FIELDS))
    uow, now = accord.store.unit_of_work, accord.clock.now()
    for kind, nid in ((DocumentKind.PROPOSAL, pt), (DocumentKind.AGREEMENT, sca),
                      (DocumentKind.BRIEF, sca), (DocumentKind.SAVINGS, sca)):  # fmt: skip
        templates.set_docx_template(uow, accord.docx_templates, accord.templates, now, kind,
                                    uses_all, filename=f"{kind}.docx")  # fmt: skip
        text = docx_text(_make(accord, kind, nid, DocumentFormat.DOCX))
        model = build_document(uow(), accord.templates, accord.charts, now, kind, nid)
        assert f"counterparty: {model.metadata['counterparty']}" in text
        assert f"document_title: {model.title}" in text
