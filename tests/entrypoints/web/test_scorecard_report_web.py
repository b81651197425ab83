"""The payer scorecard report from the scorecard page (a real browser) and the API: the
downloaded file holds the page's figures for the chosen period."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import httpx
from playwright.sync_api import Page

from accord.bootstrap import Accord
from accord.services import demo_economics, scorecards
from tests.support.extract import docx_tables, pdf_text


def _load(accord: Accord) -> None:
    demo_economics.load_demo_economics(
        accord.store.unit_of_work, accord.remittance_reader, accord.clock,
        accord.demo_remittances,
    )  # fmt: skip


def test_the_scorecard_page_downloads_the_report_for_its_period(
    page: Page, sqlite_accord: Accord, tmp_path: Path
) -> None:
    _load(sqlite_accord)
    page.goto("/scorecard?from=2025-06-01&to=2025-08-31")
    with page.expect_download() as caught:
        page.click("#scorecard-pdf")
    name = caught.value.suggested_filename
    assert name.startswith("accord-scorecard-all-") and name.endswith(".pdf")
    saved = tmp_path / name
    caught.value.save_as(saved)
    text = pdf_text(saved.read_bytes())
    assert "1 June 2025 to 31 August 2025" in text
    card = scorecards.payer_scorecard(
        sqlite_accord.store.unit_of_work, sqlite_accord.medicare_prices,
        start=date(2025, 6, 1), end=date(2025, 8, 31),
    )  # fmt: skip
    for s in card.payers:
        assert f"${s.revenue:,.2f}" in text
    with page.expect_download() as caught:
        page.click("#scorecard-docx")
    saved = tmp_path / caught.value.suggested_filename
    caught.value.save_as(saved)
    rates = docx_tables(saved.read_bytes())[0]
    assert [row[1] for row in rates[1:]] == [s.payer for s in card.payers]
    page.screenshot(path=str(tmp_path / "scorecard-page.png"))


def test_the_api_serves_the_scorecard_report_with_its_type_and_name(
    accord: Accord, http: httpx.Client
) -> None:
    _load(accord)
    pdf = http.get("/api/documents/scorecard", params={"format": "pdf", "from": "2026-01-01"})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert 'filename="accord-scorecard-all-' in pdf.headers["content-disposition"]
    assert "DEMO BLUE PLAN" in pdf_text(pdf.content)
    word = http.get("/api/documents/scorecard", params={"format": "docx"})
    assert word.headers["content-type"].endswith("wordprocessingml.document")
    bad = http.get("/api/documents/scorecard",
                   params={"format": "pdf", "from": "2026-05-01", "to": "2026-01-01"})  # fmt: skip
    assert bad.status_code == 422 and "the period ends before it starts" in bad.text
    wrong = http.get("/api/negotiations/1/documents/scorecard", params={"format": "pdf"})
    assert wrong.status_code in (404, 422)
