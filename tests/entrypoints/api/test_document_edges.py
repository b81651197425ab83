"""Documents at the edges: long names, many codes over several pages (headers repeated),
unicode, missing optional data; and the PDF page as an image (poppler's pdftoppm)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from accord.bootstrap import Accord
from accord.domain.documents import DocumentKind
from accord.domain.negotiation import NegotiationKind
from accord.domain.organisations import OrganisationKind
from accord.domain.terms import TermKind
from accord.services import negotiations, organisations
from accord.services.documents import DocumentFormat, make_document
from accord.services.scorecard_report import make_scorecard_document
from tests.entrypoints.server import in_ci
from tests.support.extract import docx_header_rows_repeat, docx_tables, docx_text, pdf_pages

LONG = "Saint Bartholomew’s Regional Outpatient Physical & Occupational Therapy Collaborative " * 2
CODES = [f"{97000 + i}" for i in range(60)]


def many_codes(accord: Accord) -> int:
    u, now = accord.store.unit_of_work, accord.clock.now()
    ours = organisations.create_organisation(u(), name=LONG.strip(), kind=OrganisationKind.OURS)
    payer = organisations.create_organisation(
        u(), name="Ünïcødé Health Plan — Ōsaka & Zürich, Ελλάδα, Київ", kind=OrganisationKind.PAYER
    )
    assert ours.id is not None and payer.id is not None
    n = negotiations.open_negotiation(
        u(), now, title="Rates — “every code” 2027", kind=NegotiationKind.CONTRACT_RATES,
        our_org_id=ours.id, counterparty_id=payer.id,
    )  # fmt: skip
    assert n.id is not None
    for i, code in enumerate(CODES):
        negotiations.add_term(
            u(), now, n.id, name=f"rate_{code}", kind=TermKind.RATE_PER_UNIT,
            minimum=0, maximum=1000, opening=100 + i, billing_code=code,
        )  # fmt: skip
    return n.id


def render(accord: Accord, kind: DocumentKind, nid: int, fmt: DocumentFormat) -> bytes:
    if kind is DocumentKind.SCORECARD:  # every payer of a period, not one negotiation
        return make_scorecard_document(
            accord.store.unit_of_work, accord.medicare_prices, accord.renderers,
            accord.templates, accord.charts, accord.clock.now(), fmt,
        ).content  # fmt: skip
    return make_document(
        accord.store.unit_of_work(), accord.renderers, accord.templates, accord.charts,
        accord.clock.now(),
        kind, nid, fmt,
    ).content  # fmt: skip


def test_sixty_codes_run_over_pages_and_the_table_header_repeats_on_each(
    sqlite_accord: Accord,
) -> None:
    nid = many_codes(sqlite_accord)
    pages = pdf_pages(render(sqlite_accord, DocumentKind.PROPOSAL, nid, DocumentFormat.PDF))
    with_codes = [p for p in pages if "97001" in p or "97030" in p or "97059" in p]
    assert len(pages) >= 4
    spanned = [p for p in pages if "Proposed rate" in p]
    assert len(spanned) >= 2, "the proposed-rates table should run over two pages"
    text = " ".join(pages)
    for i, code in enumerate(CODES):
        assert code in text and f"${100 + i:,.2f}" in text
    assert with_codes
    assert "Ünïcødé Health Plan — Ōsaka & Zürich, Ελλάδα, Київ" in text
    assert "“every code”" in text


def test_docx_tables_mark_their_header_row_to_repeat_and_keep_every_code(
    sqlite_accord: Accord,
) -> None:
    nid = many_codes(sqlite_accord)
    content = render(sqlite_accord, DocumentKind.PROPOSAL, nid, DocumentFormat.DOCX)
    tables = docx_tables(content)
    rates = next(t for t in tables if t[0][:3] == ["Code", "Current rate", "Proposed rate"])
    assert [row[0] for row in rates[1:]] == CODES
    data_tables = [i for i, t in enumerate(tables) if t[0][0] in ("Code", "Ally", "Leverage")]
    flags = docx_header_rows_repeat(content)
    assert all(flags[i] for i in data_tables)
    assert LONG.strip() in docx_text(content)


@pytest.mark.parametrize("kind", list(DocumentKind))
@pytest.mark.parametrize("fmt", list(DocumentFormat))
def test_a_bare_negotiation_without_optional_data_still_makes_every_document(
    sqlite_accord: Accord, kind: DocumentKind, fmt: DocumentFormat
) -> None:
    u, now = sqlite_accord.store.unit_of_work, sqlite_accord.clock.now()
    ours = organisations.create_organisation(u(), name="Us", kind=OrganisationKind.OURS)
    them = organisations.create_organisation(u(), name="Them", kind=OrganisationKind.FACILITY)
    assert ours.id is not None and them.id is not None
    n = negotiations.open_negotiation(
        u(), now, title="Bare", kind=NegotiationKind.SINGLE_CASE_AGREEMENT,
        our_org_id=ours.id, counterparty_id=them.id,
    )  # fmt: skip
    assert n.id is not None
    content = render(sqlite_accord, kind, n.id, fmt)
    text = " ".join(pdf_pages(content)) if fmt is DocumentFormat.PDF else docx_text(content)
    assert text.startswith("Us ")  # the letterhead
    assert "Them" in text or "Bare" in text or "No remittances are stored" in text
    assert "None" not in text  # no Python placeholder leaks into a document


def test_the_first_pdf_page_renders_to_a_non_blank_image(
    sqlite_accord: Accord, tmp_path: Path
) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        message = "poppler-utils is not installed (scripts/system-deps installs it)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    nid = many_codes(sqlite_accord)
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(render(sqlite_accord, DocumentKind.PROPOSAL, nid, DocumentFormat.PDF))
    subprocess.run(
        [pdftoppm, "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    width, height = image.size
    assert 0.7 < width / height < 0.85  # US Letter, portrait
    dark = sum(image.histogram()[:128])
    assert dark > 0.01 * width * height  # text and rules, not an empty page
