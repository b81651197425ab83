"""Templates the organisation keeps in the database: round trip on SQLite and PostgreSQL,
precedence over the wording files, the logo in DOCX and PDF, bad input refused."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import docx
import pypdf
import pytest
from PIL import Image

from accord.adapters.documents.templates import YamlDocumentTemplates
from accord.bootstrap import Accord
from accord.domain.documents import DocumentKind
from accord.errors import ValidationError
from accord.services import document_templates as templates
from accord.services.documents import DocumentFormat
from tests.services.conftest import Render
from tests.support.extract import docx_text, pdf_text

SVG_LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
    b'<rect width="120" height="40" rx="6" fill="#0b7a75"/>'
    b'<circle cx="20" cy="20" r="12" fill="#ffffff"/></svg>'
)


def png_logo(width: int = 160, height: int = 60) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (11, 122, 117)).save(buffer, "PNG")
    return buffer.getvalue()


def test_letterhead_template_and_logo_round_trip_through_the_database(accord: Accord) -> None:
    now = accord.clock.now()
    uow = accord.store.unit_of_work
    templates.set_letterhead(
        uow(), now, organisation_name="Lakeview Care Management",
        address_lines=("12 Harbour Road", "Columbus OH 43215"), phone="614-555-0100",
    )  # fmt: skip
    logo = templates.set_logo(uow(), accord.logo_images, now, png_logo(), filename="logo.png")
    templates.set_template(
        uow(), now, DocumentKind.AGREEMENT, signer_name="Rosa Delgado",
        signer_title="Director of case management",
        clauses={"payment": "Clean claims are paid within {payment_days} days. Ünïcode ✓"},
    )  # fmt: skip
    view = templates.show_template(uow(), accord.templates, DocumentKind.AGREEMENT)
    assert view.letterhead.name == "Lakeview Care Management"
    assert view.letterhead.address_lines == ("12 Harbour Road", "Columbus OH 43215")
    assert view.letterhead.logo == logo and logo.media_type == "image/png"
    assert view.saved.signer_title == "Director of case management"
    wording = view.effective
    assert wording.letterhead_lines == (
        "12 Harbour Road",
        "Columbus OH 43215",
        "Phone 614-555-0100",
    )
    assert wording.clauses["payment"].endswith("Ünïcode ✓")
    # The clauses not saved still come from the packaged defaults.
    assert "balance_billing" in wording.clauses
    data = view.as_data()
    assert data["effective"]["clauses"]["payment"]["from"] == "saved"  # type: ignore[index]
    assert data["effective"]["clauses"]["term"]["from"] == "files"  # type: ignore[index]
    # Another kind shares the letterhead but not the signer.
    other = templates.show_template(uow(), accord.templates, DocumentKind.PROPOSAL)
    assert other.effective.organisation_name == "Lakeview Care Management"
    assert other.effective.signer_name != "Rosa Delgado"
    templates.reset_template(uow(), now, DocumentKind.AGREEMENT)
    templates.remove_logo(uow(), now)
    after = templates.show_template(uow(), accord.templates, DocumentKind.AGREEMENT)
    assert after.saved.is_empty and after.letterhead.logo is None
    assert after.letterhead.name == "Lakeview Care Management"
    templates.reset_letterhead(uow(), now)
    assert templates.show_template(
        uow(), accord.templates, DocumentKind.AGREEMENT
    ).letterhead.is_empty


def test_saved_template_wins_over_the_templates_dir_clause_by_clause(
    sqlite_accord: Accord, tmp_path: Path
) -> None:
    (tmp_path / "proposal.yaml").write_text(
        "signer_name: From The File\nclauses:\n  answer: The file's answer clause.\n"
        "  closing: The file's closing.\n",
        encoding="utf-8",
    )
    files = YamlDocumentTemplates(tmp_path)
    uow, now = sqlite_accord.store.unit_of_work, sqlite_accord.clock.now()
    templates.set_template(uow(), now, DocumentKind.PROPOSAL, clauses={"answer": "Saved answer."})
    wording = templates.organisation_wording(uow(), files, DocumentKind.PROPOSAL)
    assert wording.clauses["answer"] == "Saved answer."
    assert wording.clauses["closing"] == "The file's closing."
    assert wording.signer_name == "From The File"


def test_a_bad_placeholder_is_refused_when_saved_naming_clause_and_placeholder(
    sqlite_accord: Accord,
) -> None:
    uow, now = sqlite_accord.store.unit_of_work, sqlite_accord.clock.now()
    with pytest.raises(
        ValidationError, match=r"clause 'answer': unknown placeholder \{signatory\}"
    ):
        templates.set_template(
            uow(), now, DocumentKind.PROPOSAL, clauses={"answer": "Signed {signatory}."}
        )
    with pytest.raises(ValidationError, match="literal brace"):
        templates.set_template(uow(), now, DocumentKind.PROPOSAL, clauses={"answer": "a { b"})
    view = templates.show_template(uow(), sqlite_accord.templates, DocumentKind.PROPOSAL)
    assert view.saved.is_empty  # nothing half-saved


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"GIF89a\x01\x00", "not a PNG, JPEG or SVG"),
        (b"\x89PNG\r\n\x1a\nnot really", "damaged image"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><rect", "not a usable SVG"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 600_000, "at most 524,288"),
    ],
)
def test_a_file_that_is_not_a_small_image_is_refused_as_a_logo(
    sqlite_accord: Accord, content: bytes, message: str
) -> None:
    uow, now = sqlite_accord.store.unit_of_work, sqlite_accord.clock.now()
    with pytest.raises(ValidationError, match=message):
        templates.set_logo(uow(), sqlite_accord.logo_images, now, content, filename="up.png")


@pytest.mark.parametrize("logo", [png_logo(), SVG_LOGO], ids=["png", "svg"])
def test_the_logo_is_an_inline_image_in_the_docx_and_an_image_in_the_pdf(
    accord: Accord, demo_ids: tuple[int, int], render: Render, logo: bytes, tmp_path: Path
) -> None:
    _, pt = demo_ids
    uow, now = accord.store.unit_of_work, accord.clock.now()
    templates.set_letterhead(uow(), now, organisation_name="Big Sky Physical Therapy")
    templates.set_logo(uow(), accord.logo_images, now, logo, filename="logo")
    word = render(DocumentKind.PROPOSAL, pt, DocumentFormat.DOCX).content
    document = docx.Document(io.BytesIO(word))
    assert len(document.inline_shapes) >= 1
    first = document.paragraphs[0]._p.xml
    assert "<pic:pic" in first  # the logo comes first, above the letterhead name
    assert "Big Sky Physical Therapy" in docx_text(word)
    pdf = render(DocumentKind.PROPOSAL, pt, DocumentFormat.PDF).content
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    if logo.startswith(b"\x89PNG"):
        images = [x.get_object() for x in page["/Resources"]["/XObject"].values()]
        assert any(x["/Subtype"] == "/Image" for x in images), "no image on the first page"
    # An SVG logo stays vector (paths, no image object): the rendered page shows it.
    assert "Big Sky Physical Therapy" in pdf_text(pdf)
    target = tmp_path / "page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", "-", str(target)],
        input=pdf, check=True,
    )  # fmt: skip
    rendered = next(tmp_path.glob("page*.png"))
    with Image.open(rendered) as image:
        rgb = image.convert("RGB")
        width, height = rgb.size
        # The logo's teal sits in the top-left corner of the page.
        corner = rgb.crop((0, 0, width // 3, height // 6))
        colours = corner.getcolors(width * height) or []
        assert any(
            abs(r - 11) < 30 and abs(g - 122) < 30 and abs(b - 117) < 30 for _, (r, g, b) in colours
        )
