"""Contracts and underpayments over HTTP and in a real browser: upload a fee schedule,
see the worklist priced against it, move a row to another status."""

from __future__ import annotations

import io
import re
from pathlib import Path

import httpx
import openpyxl
from playwright.sync_api import Page, expect

REVERSAL = "accord_edge_reversal_plb_two_st.835"
TERMS = "EXAMPLE HEALTH PLAN,2025-01-01,2026-06-30,no,60,per-code,no"
CONTRACT = (
    "payer,effective_date,end_date,auto_renews,notice_days,units_policy,mppr,code,basis,rate\n"
    f"{TERMS},97110,amount,50.00\n{TERMS},97140,amount,47.00\n"
)


def test_a_contract_upload_prices_the_remits_and_the_worklist_takes_a_status(
    page: Page, shared_fixtures: Path, tmp_path: Path
) -> None:
    """The worklist's figure by hand: see tests/services/test_stored_contracts.py —
    97110 ×2 allowed $95 against 2 × $50: $5.00 at stake."""
    page.goto("/remittances")
    page.set_input_files("#upload-files", str(shared_fixtures / "remittance" / REVERSAL))
    page.click("#upload button[type=submit]")
    expect(page.locator("#payments-h")).to_have_text("Payments (2)")
    bad = tmp_path / "bad.csv"
    bad.write_text(CONTRACT.replace("97140", "9714"), encoding="utf-8")
    page.goto("/contracts")
    page.set_input_files("#contract-file", str(bad))
    page.click("#upload button[type=submit]")
    expect(page.locator("#upload-error")).to_contain_text("bad.csv, line 3: column 'code'")
    expect(page.locator("#contracts-h")).to_have_text("Stored contracts (0)")
    good = tmp_path / "example.csv"
    good.write_text(CONTRACT, encoding="utf-8")
    page.set_input_files("#contract-file", str(good))
    page.click("#upload button[type=submit]")
    expect(page.locator("[role=status]")).to_contain_text("Stored 1 contract")
    expect(page.locator("#contracts-h")).to_have_text("Stored contracts (1)")
    expect(page.locator("main")).to_contain_text("2026-05-01")  # notice, 60 days before end
    page.get_by_role("link", name="Underpayments").click()
    expect(page.locator("#summary-h")).to_have_text("Open underpayments: $5.00")
    row = page.locator("tbody tr", has_text="97110")
    expect(row).to_contain_text("CO-45")
    row.locator("select").select_option("recovered")
    row.get_by_role("button", name="Set").click()
    expect(page.locator("#summary-h")).to_have_text("Open underpayments: $0.00")
    expect(page.locator("tbody tr", has_text="97110").locator("select")).to_have_value("recovered")


def test_the_api_stores_contracts_and_serves_the_worklist(
    http: httpx.Client, shared_fixtures: Path
) -> None:
    with (shared_fixtures / "remittance" / REVERSAL).open("rb") as handle:
        http.post("/api/remittances", files={"file": (REVERSAL, handle)})
    refused = http.post(
        "/api/contracts", files={"file": ("x.csv", CONTRACT.replace("50.00", "lots"))}
    )
    assert refused.status_code == 422 and "x.csv, line 2" in refused.json()["error"]["message"]
    stored = http.post("/api/contracts", files={"file": ("example.csv", CONTRACT)})
    assert stored.status_code == 201
    [cid] = stored.json()["contract_ids"]
    assert [c["payer"] for c in http.get("/api/contracts").json()] == ["EXAMPLE HEALTH PLAN"]
    assert http.get("/api/contracts", params={"payer": "example  health plan"}).json() != []
    assert http.get("/api/contracts", params={"payer": "Other"}).json() == []
    one = http.get(f"/api/contracts/{cid}").json()
    assert [r["rate"] for r in one["rates"]] == ["50.00", "47.00"]
    assert http.get("/api/contracts/999").status_code == 404
    w = http.get("/api/underpayments").json()
    assert (w["expected"], w["allowed"], w["at_stake_open"]) == ("194.00", "190.00", "5.00")
    [group] = w["groups"]
    assert group["lines"] == 1 and "line_ids" not in group
    key = {k: group[k] for k in ("payer", "code", "reason")}
    lines = http.get("/api/underpayments/groups/lines", params={**key, "status": "new"}).json()
    assert (lines["total"], lines["offset"], len(lines["line_ids"])) == (1, 0, 1)
    with_ids = http.get("/api/underpayments", params={"line_ids": "true"}).json()
    assert with_ids["groups"][0]["line_ids"] == lines["line_ids"]
    marked = http.post(
        "/api/underpayments/groups/status",
        json={**key, "current_status": "new", "status": "appealed", "from": "2025-01-01"},
    )
    assert marked.json() == {"status": "appealed", "marked": 1}
    assert http.get("/api/underpayments?status=new").json()["groups"] == []
    # the same row again, as a stale page would send it: nothing left to move
    again = http.post("/api/underpayments/groups/status",
                      json={**key, "current_status": "new", "status": "recovered"})  # fmt: skip
    assert again.json() == {"status": "recovered", "marked": 0}
    nothing = http.get("/api/underpayments/groups/lines", params={**key, "status": "new"})
    assert nothing.json()["total"] == 0 and nothing.json()["line_ids"] == []
    blank_key = {**key, "payer": " ", "current_status": "new", "status": "new"}
    blank = http.post("/api/underpayments/groups/status", json=blank_key)
    assert blank.status_code == 422
    # chosen lines by id, back to new and to appealed again
    back = http.post(
        "/api/underpayments/status", json={"status": "new", "line_ids": lines["line_ids"]}
    )
    assert back.json() == {"status": "new", "marked": 1}
    http.post(
        "/api/underpayments/status", json={"status": "appealed", "line_ids": lines["line_ids"]}
    )
    paged = http.get("/api/underpayments?offset=1&limit=1").json()
    assert (paged["groups"], paged["group_count"], paged["at_stake_open"]) == ([], 1, "5.00")
    assert http.get("/api/underpayments?limit=0").status_code == 422
    # a number is no date, though pydantic would read it as a Unix time
    assert http.get("/api/underpayments?to=-4.1e-215").status_code == 422
    assert http.get("/api/underpayments?to=2026-01-01").status_code == 200
    bad = http.post("/api/underpayments/status", json={"status": "paid", "line_ids": [1]})
    assert bad.status_code == 422
    unknown = http.post(
        "/api/underpayments/status", json={"status": "appealed", "line_ids": [999_999]}
    )
    assert unknown.status_code == 422
    assert http.get("/underpayments?format=json").json()["worklist"]["at_stake_open"] == "5.00"
    # the contract's notice and end dates are on the pipeline's deadline list
    deadlines = http.get("/api/pipeline").json()["contract_deadlines"]
    assert [(d["kind"], d["due"]) for d in deadlines] == [
        ("notice", "2026-05-01"), ("end", "2026-06-30"),
    ]  # fmt: skip
    home = http.get("/").text  # the fixed clock's day is 2026-03-02
    assert "2026-05-01</span>" in home and "<strong>in 60 days:</strong>" in home
    assert "<strong>in 120 days:</strong>" in home  # the end, 2026-06-30
    # the modeller: December's 97110 ×2 and 97140 ×2 at $50 and $47 = $194; +10% = $213.40,
    # a year 19.40 × 365 / 31 = $228.42 (tests/domain/economics/test_modeller.py)
    model = http.get(
        f"/api/contracts/{cid}/model", params={"from": "2025-12-01", "to": "2025-12-31",
                                               "increase": "10"},
    ).json()  # fmt: skip
    assert (model["current"], model["proposals"][0]["yearly_effect"]) == ("194.00", "228.42")
    page = http.get(f"/contracts/{cid}?increase=10&from=2025-12-01&to=2025-12-31")
    assert "$228.42 a year" in page.text
    assert http.get(f"/contracts/{cid}?increase=lots").status_code == 422


def test_the_scorecard_has_a_page_an_api_resource_and_a_csv(
    sqlite_http: httpx.Client, shared_fixtures: Path
) -> None:
    with (shared_fixtures / "remittance" / REVERSAL).open("rb") as handle:
        sqlite_http.post("/api/remittances", files={"file": (REVERSAL, handle)})
    [payer] = sqlite_http.get("/api/scorecard").json()["payers"]
    assert (payer["payer"], payer["revenue"], payer["paid_per_unit"]) == (
        "EXAMPLE HEALTH PLAN", "170.00", "28.33",
    )  # fmt: skip
    assert sqlite_http.get("/scorecard?format=json").json()["scorecard"]["payers"] == [payer]
    csv = sqlite_http.get("/api/scorecard.csv")
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[1].startswith("1,EXAMPLE HEALTH PLAN,170.00")
    assert sqlite_http.get("/api/scorecard?from=2026-01-01").json()["payers"] == []
    assert "EXAMPLE HEALTH PLAN" in sqlite_http.get("/scorecard").text
    xlsx = sqlite_http.get("/api/scorecard.xlsx")
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert [c.value for c in book["Codes"][2]] == ["EXAMPLE HEALTH PLAN", "97110", 2, 85, 42.5]
    chart = sqlite_http.get("/scorecard/paid-per-unit.svg")
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert "EXAMPLE HEALTH PLAN" in chart.text and "$28.33" in chart.text
    assert sqlite_http.get("/scorecard/nonsense.svg").status_code == 422


def test_the_scorecard_page_offers_excel_and_draws_its_charts(
    page: Page, sqlite_http: httpx.Client, shared_fixtures: Path, tmp_path: Path
) -> None:
    """The demo-like year: the fixture's payer, its bar and the download."""
    with (shared_fixtures / "remittance" / REVERSAL).open("rb") as handle:
        sqlite_http.post("/api/remittances", files={"file": (REVERSAL, handle)})
    page.goto("/scorecard")
    chart = page.locator('img[src^="/scorecard/paid-per-unit.svg"]')
    expect(chart).to_be_visible()
    assert chart.evaluate("img => img.naturalWidth") > 0  # the SVG loaded and drew
    with page.expect_download() as download:
        page.get_by_role("link", name="Download Excel").click()
    saved = tmp_path / "card.xlsx"
    download.value.save_as(saved)
    assert openpyxl.load_workbook(saved)["Payers"]["B2"].value == "EXAMPLE HEALTH PLAN"
    page.screenshot(path=str(tmp_path / "scorecard.png"), full_page=True)


def test_a_rate_negotiation_opens_from_a_contract_over_the_api(
    sqlite_http: httpx.Client, shared_fixtures: Path
) -> None:
    with (shared_fixtures / "remittance" / REVERSAL).open("rb") as handle:
        sqlite_http.post("/api/remittances", files={"file": (REVERSAL, handle)})
    stored = sqlite_http.post("/api/contracts", files={"file": ("c.csv", CONTRACT.encode())})
    [cid] = stored.json()["contract_ids"]
    ours = sqlite_http.post("/api/organisations", json={"name": "Summit PT", "kind": "ours"})
    body = {"ours": ours.json()["id"]}
    opened = sqlite_http.post(f"/api/contracts/{cid}/negotiation", json=body)
    assert opened.status_code == 201, opened.text
    rates = {r["code"]: (r["current"], r["basis"]) for r in opened.json()["rates"]}
    assert rates == {"97110": ("50.00", "amount"), "97140": ("47.00", "amount")}
    n = sqlite_http.get(f"/api/negotiations/{opened.json()['negotiation_id']}").json()
    assert n["kind"] == "contract_rates" and n["title"] == "EXAMPLE HEALTH PLAN rates"
    assert sqlite_http.post("/api/contracts/99/negotiation", json=body).status_code == 404


def test_the_contract_page_opens_a_rate_negotiation(
    page: Page, sqlite_http: httpx.Client, shared_fixtures: Path, tmp_path: Path
) -> None:
    with (shared_fixtures / "remittance" / REVERSAL).open("rb") as handle:
        sqlite_http.post("/api/remittances", files={"file": (REVERSAL, handle)})
    [cid] = sqlite_http.post("/api/contracts", files={"file": ("c.csv", CONTRACT.encode())}).json()[
        "contract_ids"
    ]
    page.goto(f"/contracts/{cid}")
    # no organisation of ours yet: the page says what to do first
    expect(page.locator("#negotiate")).to_contain_text("Add your own organisation first")
    sqlite_http.post("/api/organisations", json={"name": "Summit PT", "kind": "ours"})
    page.goto(f"/contracts/{cid}")
    page.get_by_role("button", name="Open a rate negotiation").click()
    expect(page).to_have_url(re.compile(r"/negotiations/\d+$"))
    expect(page.locator("main")).to_contain_text("97110 rate")
    page.screenshot(path=str(tmp_path / "negotiation.png"), full_page=True)


def test_the_worklist_page_keeps_its_period_and_tolerance_and_says_when_a_row_moved_already(
    page: Page, sqlite_http: httpx.Client, shared_fixtures: Path, tmp_path: Path
) -> None:
    with (shared_fixtures / "remittance" / REVERSAL).open("rb") as handle:
        sqlite_http.post("/api/remittances", files={"file": (REVERSAL, handle)})
    sqlite_http.post("/api/contracts", files={"file": ("example.csv", CONTRACT)})
    row = page.locator("tbody tr", has_text="97110")
    page.goto("/underpayments")
    expect(row).to_contain_text("$5.00")
    # a $10 tolerance hides the $5 shortfall; the filter lives in the URL
    page.fill("#uw-dollars", "10")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"tolerance_dollars=10"))
    expect(page.locator("#summary-h")).to_have_text("Open underpayments: $0.00")
    expect(row).to_have_count(0)
    # the lines are dated 2025-12-01: a period after it holds none, a period on it holds them
    page.fill("#uw-dollars", "1")
    page.fill("#uw-from", "2025-12-02")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"from=2025-12-02"))
    expect(row).to_have_count(0)
    page.fill("#uw-from", "2025-12-01")
    page.fill("#uw-to", "2025-12-01")
    page.get_by_role("button", name="Show").click()
    expect(row).to_contain_text("$5.00")
    # someone else moves the row while this page is open: the click moves nothing, and
    # the page says so instead of silently showing the list again
    [group] = sqlite_http.get("/api/underpayments").json()["groups"]
    key = {k: group[k] for k in ("payer", "code", "reason")}
    change = {**key, "current_status": "new", "status": "recovered"}
    moved = sqlite_http.post("/api/underpayments/groups/status", json=change)
    assert moved.json()["marked"] == 1
    row.locator("select").select_option("appealed")
    row.get_by_role("button", name="Set").click()
    expect(page.locator("#worklist-notice")).to_have_text(
        "Nothing changed: these lines of EXAMPLE HEALTH PLAN 97110 were already marked by "
        "someone else — the list is refreshed."
    )
    expect(page).to_have_url(re.compile(r"from=2025-12-01&to=2025-12-01"))
    expect(row.locator("select")).to_have_value("recovered")
    expect(page.locator("#uw-from")).to_have_value("2025-12-01")
    # a click on a fresh row moves it and says how many lines moved
    row.locator("select").select_option("new")
    row.get_by_role("button", name="Set").click()
    expect(page.locator("#worklist-notice")).to_have_text(
        "1 line of EXAMPLE HEALTH PLAN 97110 marked new."
    )
    expect(page.locator("#summary-h")).to_have_text("Open underpayments: $5.00")
    page.screenshot(path=str(tmp_path / "worklist.png"), full_page=True)
    # a blank field of the form is no bound (the scorecard's form sends them too)
    page.goto("/underpayments?from=&to=&tolerance_dollars=&tolerance_percent=")
    expect(page.locator("#summary-h")).to_have_text("Open underpayments: $5.00")
    page.goto("/scorecard?from=&to=")
    expect(page.get_by_role("heading", name="Payer scorecard")).to_be_visible()
    # out of bounds: refused in the API's words (a $10^309 tolerance was a 500)
    page.goto("/underpayments?tolerance_percent=100")
    expect(page.locator("main")).to_contain_text("tolerance_percent: must be less than 100")
    page.goto("/underpayments?tolerance_dollars=1e309")
    expect(page.locator("main")).to_contain_text("tolerance_dollars: must be 1000000 or less")
