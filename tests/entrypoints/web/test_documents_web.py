"""Document downloads over HTTP (content types, file names) and from the browser's
buttons on the workspace, brief and outcomes pages."""

from __future__ import annotations

from pathlib import Path

import httpx
from playwright.sync_api import Browser

from accord.bootstrap import Accord
from accord.services import demo
from tests.support.extract import docx_text, pdf_text


def test_the_api_sends_each_document_with_its_type_and_file_name(
    accord: Accord, http: httpx.Client
) -> None:
    sca, pt = demo.load_demo(accord.store.unit_of_work, accord.clock.now())
    pdf = http.get(f"/api/negotiations/{pt}/documents/proposal", params={"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"] == (
        f'attachment; filename="accord-proposal-{pt}-2026-03-02.pdf"'
    )
    docx = http.get(f"/api/negotiations/{sca}/documents/agreement", params={"format": "docx"})
    assert docx.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert "CM-2026-0147" in docx_text(docx.content)
    assert docx.headers["cache-control"] == "no-store"
    assert http.get(f"/api/negotiations/{sca}/documents/memo?format=pdf").status_code == 422
    assert http.get(f"/api/negotiations/{sca}/documents/brief?format=odt").status_code == 422
    assert http.get("/api/negotiations/999/documents/brief?format=pdf").status_code == 404
    backwards = {"format": "pdf", "from": "2026-04-01", "to": "2026-03-01"}
    period = http.get("/api/documents/savings", params=backwards)
    assert period.status_code == 422 and "ends before it starts" in period.text


def test_the_download_buttons_of_the_workspace_brief_and_outcomes_pages(
    browser: Browser, demo_base: str, tmp_path: Path
) -> None:
    context = browser.new_context(base_url=demo_base, accept_downloads=True)
    page = context.new_page()
    try:
        page.goto("/negotiations/1")
        page.select_option("#doc-kind", "agreement")
        page.fill("#doc-patient", "Ada Brook")
        with page.expect_download() as caught:
            page.click("form.documents button[value=pdf]")
        download = caught.value
        assert download.suggested_filename.startswith("accord-agreement-1-")
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        text = pdf_text(saved.read_bytes())
        assert "Ada Brook" in text and "Lakeview Skilled Nursing" in text

        page.goto("/negotiations/2/brief")
        page.select_option("#doc-kind", "proposal")
        with page.expect_download() as caught:
            page.click("form.documents button[value=docx]")
        assert caught.value.suggested_filename.endswith(".docx")
        saved = tmp_path / caught.value.suggested_filename
        caught.value.save_as(saved)
        assert "97530" in docx_text(saved.read_bytes())

        page.goto("/outcomes")
        page.fill("#sav-from", "2026-01-01")
        page.fill("#sav-to", "2026-12-31")
        with page.expect_download() as caught:
            page.click("form[aria-label='Savings report'] button[value=pdf]")
        assert caught.value.suggested_filename.startswith("accord-savings-all-")
    finally:
        context.close()
