"""The remittance pages: upload in a real browser, the list, one payment; JSON twins."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from accord.bootstrap import Accord
from tests.support.in_process import in_process_client

REVERSAL = "accord_edge_reversal_plb_two_st.835"
UNBALANCED = "accord_edge_unbalanced.835"


def test_remits_are_uploaded_listed_and_opened_in_the_browser(
    page: Page, shared_fixtures: Path
) -> None:
    folder = shared_fixtures / "remittance"
    page.goto("/remittances")
    expect(page.locator("tbody")).to_contain_text("No remittances yet")
    page.set_input_files("#upload-files", [str(folder / REVERSAL), str(folder / UNBALANCED)])
    page.click("#upload button[type=submit]")
    # The first file went in; the second was refused whole, naming the segment.
    expect(page.locator("[role=status]").first).to_contain_text(
        f"{REVERSAL}: 2 payments, 4 claims, 7 lines, $160.50"
    )
    expect(page.locator("#upload-error")).to_contain_text(
        f"{UNBALANCED}: does not balance: segment 3 (BPR)"
    )
    expect(page.locator("#payments-h")).to_have_text("Payments (2)")
    page.set_input_files("#upload-files", str(folder / REVERSAL))
    page.click("#upload button[type=submit]")
    expect(page.locator("[role=status]")).to_contain_text("already ingested")
    expect(page.locator("#payments-h")).to_have_text("Payments (2)")

    page.locator("tbody tr", has_text="EFT0002").get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/remittances/\d+$"))
    expect(page.locator("h1")).to_have_text("Payment of $10.50")
    expect(page.locator("#claims-h + .table-wrap")).to_contain_text("97110:GP")
    expect(page.locator("#claims-h + .table-wrap")).to_contain_text("reversal")
    netted = page.locator("#net-h ~ table")
    expect(netted).to_contain_text("PT1001")
    expect(netted).to_contain_text("$170.00")
    for private in ("DOE", "JANE", "XYZ123"):
        expect(page.locator("main")).not_to_contain_text(private)


def test_files_after_a_refused_one_still_go_in_and_every_refusal_is_counted(
    page: Page, shared_fixtures: Path, tmp_path: Path
) -> None:
    """An upload is stored in groups like `accord remit ingest`: each file all or
    nothing, a refused file no reason to drop the ones after it."""
    folder = shared_fixtures / "remittance"
    empty = tmp_path / "empty.835"
    empty.write_bytes(b"")
    page.goto("/remittances")
    two_plb = folder / "accord_edge_two_plb_segments.835"
    chosen = [folder / UNBALANCED, folder / REVERSAL, empty, two_plb]
    page.set_input_files("#upload-files", [str(p) for p in chosen])
    page.click("#upload button[type=submit]")
    expect(page.locator("#upload-error")).to_contain_text(
        f"{UNBALANCED}: does not balance: segment 3 (BPR)"
    )
    expect(page.locator("#upload-error")).to_contain_text("(and 1 more file refused: empty.835)")
    expect(page.locator("[role=status]", has_text=REVERSAL)).to_contain_text("2 payments")
    expect(
        page.locator("[role=status]", has_text="accord_edge_two_plb_segments.835")
    ).to_have_count(1)
    page.screenshot(path=str(tmp_path / "upload.png"), full_page=True)


def test_the_pages_have_json_twins_and_a_missing_payment_is_404(
    sqlite_http: httpx.Client, shared_fixtures: Path
) -> None:
    path = shared_fixtures / "remittance" / REVERSAL
    with path.open("rb") as handle:
        sqlite_http.post("/api/remittances", files={"file": (path.name, handle)})
    listed = sqlite_http.get("/remittances?format=json").json()
    assert listed["total"] == 2
    one = sqlite_http.get(f"/remittances/{listed['items'][0]['id']}?format=json").json()
    assert one["payment"]["trace_number"] == listed["items"][0]["trace_number"]
    assert sqlite_http.get("/remittances/999").status_code == 404
    refused = sqlite_http.post(
        "/remittances", files={"files": ("x.835", b"")}, headers={"Origin": "http://evil.test"}
    )
    assert refused.status_code == 403
    base = str(sqlite_http.base_url).rstrip("/")
    no_token = sqlite_http.post(
        "/remittances", files={"files": ("x.835", b"ISA")}, headers={"Origin": base}
    )
    assert no_token.status_code == 403
    assert "form token" in no_token.json()["error"]["message"]


def test_the_demo_payments_read_with_thousands_separators(sqlite_accord: Accord) -> None:
    """A week's payment of $1,217.72 reads so in the list and on its page, as every other
    dollar amount of the workbench, not as $1217.72."""
    from accord.services.demo_economics import load_demo_economics

    app = sqlite_accord
    load_demo_economics(
        app.store.unit_of_work, app.remittance_reader, app.clock, app.demo_remittances
    )
    with in_process_client(app) as client:
        listed = client.get("/remittances", headers={"Accept": "text/html"}).text
        amounts = re.findall(r'<td class="num">(\S*\$[\d,.]+)</td>', listed)
        assert amounts and any("," in a for a in amounts)
        assert not [a for a in amounts if re.fullmatch(r"\$\d{4,}\.\d\d", a)]
        first = re.search(r'href="/remittances/(\d+)"', listed)
        assert first is not None
        shown = client.get(f"/remittances/{first.group(1)}", headers={"Accept": "text/html"})
        assert re.search(r"<h1>Payment of \$[\d,]+\.\d\d</h1>", shown.text)
        assert not re.search(r"\$\d{4,}\.\d\d", shown.text)
