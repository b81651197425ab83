"""The demo in a real Chromium: a new user sees Medicare and % of Medicare out of the box,
with no price file and nothing downloaded."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect


def test_the_demo_shows_percent_of_medicare_on_the_card_and_the_market_page(
    demo_page: Page,
) -> None:
    page = demo_page
    page.goto("/")
    page.click("text=[DEMO] Big Sky commercial rate increase 2027")
    page.locator("a", has_text="Preparation").first.click()
    card = page.locator("#market")
    expect(card).to_contain_text("$28.78")  # 97110 in Montana, CMS 2025
    expect(card.locator("tr", has_text="97110 therapeutic exercise")).to_contain_text(
        "108% of Medicare"
    )

    page.locator("nav a", has_text="Market").first.click()
    page.fill("#market-code", "97110")
    page.fill("#market-region", "MT")
    page.fill("#market-my_rate", "31")
    page.locator("form[action='/market'] button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("My rate $31.00 is 108% of Medicare")
    expect(page.locator("main")).to_contain_text("demo subset")


def test_the_demo_scorecard_and_worklist_say_which_medicare_locality_priced_them(
    demo_page: Page, tmp_path: Path
) -> None:
    """The demo practice is in Park County, Montana: one statewide locality, so its
    % of Medicare uses Montana's amounts (97110 $28.78, not $28.79 national)."""
    demo_page.goto("/scorecard")
    where = "MONTANA (locality 03202-01, from Park county, MT)"
    expect(demo_page.locator("#medicare-localities")).to_contain_text(f"{where}, for every payer")
    demo_page.screenshot(path=str(tmp_path / "scorecard-locality.png"), full_page=True)
    demo_page.goto("/underpayments")
    expect(demo_page.locator("#medicare-localities")).to_contain_text(f"{where}, for every payer")
