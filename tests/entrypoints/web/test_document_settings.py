"""Settings → Documents in a real browser, the template API, and "mark as sent" from the
download form and the API (exactly one letter logged, through the same service)."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from accord.bootstrap import Accord
from accord.domain.documents import DocumentKind
from accord.domain.offers import Channel
from accord.services import demo, negotiations
from accord.services import document_templates as templates
from tests.support.extract import docx_text


def png_logo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (180, 60), (11, 122, 117)).save(buffer, "PNG")
    return buffer.getvalue()


def letters(accord: Accord, negotiation_id: int) -> list[str]:
    record = negotiations.get_negotiation(accord.store.unit_of_work(), negotiation_id)
    return [i.summary for i in record.interactions if i.channel is Channel.LETTER]


def test_the_template_api_round_trips_and_refuses_a_bad_placeholder(
    accord: Accord, http: httpx.Client
) -> None:
    body = {"organisation_name": "Lakeview Care", "address_lines": ["1 Main St"], "phone": "555"}
    assert http.put("/api/document-letterhead", json=body).status_code == 200
    logo = http.put("/api/document-letterhead/logo", content=png_logo(),
                    headers={"content-type": "image/png"})  # fmt: skip
    assert logo.status_code == 200 and logo.json()["media_type"] == "image/png"
    fake = http.put("/api/document-letterhead/logo?filename=x.png", content=b"GIF89a....")
    assert fake.status_code == 422 and "x.png is not a PNG, JPEG or SVG" in fake.text
    update = {"signer_name": "Rosa Delgado", "clauses": {"payment": "In {payment_days} days."}}
    put = http.put("/api/document-templates/agreement", json=update)
    assert put.status_code == 200
    data = put.json()
    assert data["saved"]["signer_name"] == "Rosa Delgado"
    assert data["effective"]["clauses"]["payment"] == {"text": "In {payment_days} days.",
                                                       "from": "saved"}  # fmt: skip
    assert data["effective"]["logo"]["media_type"] == "image/png"
    bad = http.put("/api/document-templates/agreement", json={"clauses": {"term": "{signatory}"}})
    assert bad.status_code == 422 and "unknown placeholder {signatory}" in bad.text
    assert "term" not in http.get("/api/document-templates/agreement").json()["saved"]["clauses"]
    assert http.delete("/api/document-templates/agreement").status_code == 204
    assert http.get("/api/document-templates/agreement").json()["saved"]["clauses"] == {}
    assert http.delete("/api/document-letterhead").status_code == 204
    assert http.get("/api/document-templates/brief").json()["saved"]["logo"] is None


def test_the_word_template_api_checks_stores_serves_and_removes(
    accord: Accord, http: httpx.Client
) -> None:
    from tests.support.word_templates import paragraphs, proposal_template

    docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    bad = http.put("/api/document-templates/proposal/docx?filename=bad.docx",
                   content=paragraphs("Dear {{ counterpart }},"),
                   headers={"content-type": docx_type})  # fmt: skip
    assert bad.status_code == 422
    message = bad.json()["error"]["message"]
    assert message.startswith('bad.docx: paragraph 1 ("Dear {{ counterpart }},"): unknown ')
    assert http.get("/api/document-templates/proposal/docx").status_code == 404
    content = proposal_template()
    put = http.put("/api/document-templates/proposal/docx?filename=letter.docx",
                   content=content, headers={"content-type": docx_type})  # fmt: skip
    assert put.status_code == 200, put.text
    assert put.json()["filename"] == "letter.docx" and "counterparty" in put.json()["placeholders"]
    got = http.get("/api/document-templates/proposal/docx")
    assert got.content == content and got.headers["content-type"] == docx_type
    assert 'filename="letter.docx"' in got.headers["content-disposition"]
    assert http.get("/api/document-templates/proposal").json()["docx"]["filename"] == "letter.docx"
    fields = http.get("/api/document-template-fields").json()["fields"]
    assert "counterparty" in fields and "tables" in fields
    assert http.delete("/api/document-templates/proposal/docx").status_code == 204
    assert http.get("/api/document-templates/proposal").json()["docx"] is None


def test_the_api_records_a_sent_document_exactly_once(
    accord: Accord, live_http: httpx.Client
) -> None:
    http = live_http  # downloads over a real server: the whole stack stays proven
    sca, pt = demo.load_demo(accord.store.unit_of_work, accord.clock.now())
    before, sca_before = letters(accord, pt), letters(accord, sca)
    fetched = http.get(f"/api/negotiations/{pt}/documents/proposal", params={"format": "pdf"})
    assert fetched.status_code == 200 and letters(accord, pt) == before  # a GET logs nothing
    sent = http.post(f"/api/negotiations/{pt}/documents/proposal",
                     params={"format": "pdf", "sent": "true"})  # fmt: skip
    assert sent.status_code == 200 and sent.content.startswith(b"%PDF")
    after = letters(accord, pt)
    assert len(after) == len(before) + 1
    assert (
        after[-1]
        == f"Sent the rate-increase proposal letter (accord-proposal-{pt}-2026-03-02.pdf)."
    )
    brief = http.post(f"/api/negotiations/{sca}/documents/brief",
                      params={"format": "pdf", "sent": "true"})  # fmt: skip
    assert brief.status_code == 422 and "stays in-house" in brief.text
    assert http.post(f"/api/negotiations/{sca}/documents/agreement",
                     params={"format": "docx"}).status_code == 200  # fmt: skip
    assert letters(accord, sca) == sca_before  # refused, or not asked to log: nothing logged


def test_mark_as_sent_on_the_download_form_logs_one_letter(
    browser: Browser, sqlite_accord: Accord, tmp_path: Path
) -> None:
    from tests.entrypoints.server import live_server

    sca, _ = demo.load_demo(sqlite_accord.store.unit_of_work, sqlite_accord.clock.now())
    before = letters(sqlite_accord, sca)
    with live_server(sqlite_accord) as base:
        context = browser.new_context(base_url=base, accept_downloads=True)
        page = context.new_page()
        try:
            page.goto(f"/negotiations/{sca}")
            page.select_option("#doc-kind", "agreement")
            page.check("form.documents input[name=sent]")
            with page.expect_download() as caught:
                page.click("form.documents button[value=docx]")
            saved = tmp_path / caught.value.suggested_filename
            caught.value.save_as(saved)
            assert "CM-2026-0147" in docx_text(saved.read_bytes())
        finally:
            context.close()
    after = letters(sqlite_accord, sca)
    assert len(after) == len(before) + 1
    assert after[-1].startswith("Sent the single case agreement (accord-agreement-")


def test_the_settings_page_saves_letterhead_logo_and_clauses_in_the_browser(
    page: Page, sqlite_accord: Accord, tmp_path: Path
) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(png_logo())
    not_an_image = tmp_path / "notes.png"
    not_an_image.write_text("these are notes, not a picture", encoding="utf-8")
    page.goto("/settings")  # typed by hand: its first page
    assert page.url.endswith("/settings/documents")
    page.fill("#lh-name", "Lakeview Care Management")
    page.fill("#lh-lines", "12 Harbour Road\nColumbus OH 43215")
    page.fill("#lh-phone", "614-555-0100")
    page.set_input_files("#lh-logo", str(not_an_image))
    page.click("#letterhead button[type=submit] >> text=Save letterhead")
    alert = page.locator("#letterhead-error")
    assert "notes.png is not a PNG, JPEG or SVG image" in alert.inner_text()
    # Nothing was saved, and what was typed is still there.
    assert templates.show_template(
        sqlite_accord.store.unit_of_work(), sqlite_accord.templates, DocumentKind.BRIEF
    ).letterhead.is_empty
    assert page.input_value("#lh-name") == "Lakeview Care Management"
    page.set_input_files("#lh-logo", str(logo))
    page.click("#letterhead button[type=submit] >> text=Save letterhead")
    page.wait_for_selector("img[alt='The saved logo']")
    assert (
        page.evaluate("document.querySelector(\"img[alt='The saved logo']\").naturalWidth") == 180
    )

    page.fill("#agreement-signer", "Rosa Delgado")
    page.fill("#agreement-payment", "Clean claims are paid in {paymentdays} days.")
    page.click("#agreement button >> text=Save single case agreement")
    error = page.locator("#agreement-error").inner_text()
    assert "clause 'payment': unknown placeholder {paymentdays}" in error
    assert page.get_attribute("#agreement-payment", "aria-invalid") == "true"
    page.fill("#agreement-payment", "Clean claims are paid in {payment_days} days.")
    page.click("#agreement button >> text=Save single case agreement")
    page.wait_for_selector("#agreement-h >> text=saved by your team")
    view = templates.show_template(
        sqlite_accord.store.unit_of_work(), sqlite_accord.templates, DocumentKind.AGREEMENT
    )
    assert view.saved.signer_name == "Rosa Delgado"
    assert view.saved.clauses == {"payment": "Clean claims are paid in {payment_days} days."}
    assert view.letterhead.name == "Lakeview Care Management"
    assert view.letterhead.logo is not None and view.letterhead.logo.media_type == "image/png"
    page.screenshot(path=str(tmp_path / "settings.png"), full_page=True)
    page.click("#agreement button >> text=Reset to the wording files")
    page.wait_for_selector("#agreement-h >> text=from the wording files")
    assert templates.show_template(
        sqlite_accord.store.unit_of_work(), sqlite_accord.templates, DocumentKind.AGREEMENT
    ).saved.is_empty


def test_a_refused_letterhead_says_what_the_api_says_and_keeps_what_was_typed(
    page: Page, sqlite_accord: Accord
) -> None:
    seven = "\n".join(f"line {n}" for n in range(1, 8))
    page.goto("/settings/documents")
    page.fill("#lh-name", "Lakeview Care Management")
    page.fill("#lh-lines", seven)
    page.click("#letterhead button[type=submit] >> text=Save letterhead")
    expect(page.locator("#letterhead-error")).to_have_text("address_lines: at most 6 items")
    expect(page.locator("#lh-lines")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#lh-lines")).to_have_value(seven)
    expect(page.locator("#lh-name")).to_have_value("Lakeview Care Management")
    assert templates.show_template(
        sqlite_accord.store.unit_of_work(), sqlite_accord.templates, DocumentKind.BRIEF
    ).letterhead.is_empty


def test_a_word_template_is_uploaded_in_the_browser_and_a_bad_one_refused(
    page: Page, sqlite_accord: Accord, tmp_path: Path
) -> None:
    from tests.support.word_templates import paragraphs, proposal_template

    bad = tmp_path / "our letter.docx"
    bad.write_bytes(paragraphs("Dear {{ counterparty", "}},"))
    good = tmp_path / "letter.docx"
    good.write_bytes(proposal_template())
    page.goto("/settings/documents")
    assert page.locator("#word-placeholders code >> text={{ counterparty }}").count() == 1
    page.set_input_files("#proposal-docx", str(bad))
    page.click("#proposal button >> text=Upload Word template")
    alert = page.locator("#proposal-docx-error").inner_text()
    assert "our letter.docx: paragraph 1" in alert and "is not closed with '}}'" in alert
    assert page.get_attribute("#proposal-docx", "aria-invalid") == "true"
    assert (
        templates.docx_template(sqlite_accord.store.unit_of_work(), DocumentKind.PROPOSAL) is None
    )
    page.set_input_files("#proposal-docx", str(good))
    page.click("#proposal button >> text=Upload Word template")
    page.wait_for_selector("#proposal >> text=In use:")
    saved = templates.docx_template(sqlite_accord.store.unit_of_work(), DocumentKind.PROPOSAL)
    assert saved is not None and saved.content == good.read_bytes()
    assert page.locator("#proposal a >> text=letter.docx").get_attribute("href") == (
        "/api/document-templates/proposal/docx"
    )
    page.locator("#proposal").screenshot(path=str(tmp_path / "word-template.png"))
    page.click("#proposal button >> text=Remove the Word template")
    page.wait_for_selector("#proposal >> text=None: the DOCX uses Accord's layout.")
    assert (
        templates.docx_template(sqlite_accord.store.unit_of_work(), DocumentKind.PROPOSAL) is None
    )
