"""End to end in a real headless Chromium (Debian's), against a real server.

Without chromium the tests are skipped, except in CI (``CI=true``) where they fail.
"""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect


def _open(page: Page, summary: str) -> None:
    page.locator("summary", has_text=summary).first.click()


def test_a_negotiation_from_nothing_to_an_outcome(page: Page) -> None:
    page.goto("/contacts")
    page.fill("#organisation-name", "Summit Physical Therapy")
    page.select_option("#organisation-kind", "ours")
    page.click("form[action='/organisations#organisations'] button[type=submit]")
    expect(page.locator("#organisations")).to_contain_text("Summit Physical Therapy")
    _open(page, "Add an organisation")
    page.fill("#organisation-name", "Big Sky Health")
    page.select_option("#organisation-kind", "payer")
    page.click("form[action='/organisations#organisations'] button[type=submit]")
    page.select_option("#contact-organisation_id", label="Big Sky Health")
    page.fill("#contact-name", "Karen Lindqvist")
    page.select_option("#contact-role", "decision_maker")
    page.click("#new-contact button[type=submit]")
    expect(page.locator("table")).to_contain_text("Karen Lindqvist")

    page.click("text=New negotiation")
    page.fill("#negotiation-title", "Big Sky rates 2027")
    page.select_option("#negotiation-kind", "contract_rates")
    page.select_option("#negotiation-counterparty_id", label="Big Sky Health (payer)")
    page.fill("#negotiation-our_goals", "130% of Medicare")
    page.click("form[action='/negotiations'] button[type=submit]")
    expect(page).to_have_url(re.compile(r"/negotiations/\d+\?saved=negotiation$"))
    expect(page.locator("h1")).to_have_text("Big Sky rates 2027")
    expect(page.locator("#flash")).to_have_text("✓ Negotiation opened.")
    workspace = page.url.split("?")[0]

    for name, low, high, opening, target, walk_away in (
        ("rate_97110", "0", "200", "42", "38", "33"),
        ("visit_cap", "10", "60", "40", "30", "24"),
    ):
        _open(page, "Add a term")
        page.fill("#term-name", name)
        page.select_option("#term-kind", "rate_per_unit" if name.startswith("rate") else "visits")
        page.fill("#term-minimum", low)
        page.fill("#term-maximum", high)
        page.fill("#term-opening", opening)
        page.fill("#term-target", target)
        page.fill("#term-walk_away", walk_away)
        page.click("form[action$='/terms#terms'] button[type=submit]")
        # shown by its label, not its identifier: rate_97110 → "Rate 97110"
        expect(page.locator("#terms")).to_contain_text(name.replace("_", " ").capitalize())

    for stage in ("goals_agreed", "bargaining"):
        page.select_option("#stage-stage", stage)
        page.click("form[action$='/stage#stage'] button[type=submit]")
    expect(page.locator(".stage-steps [aria-current=step]")).to_have_text("bargaining")

    _open(page, "Log an offer")
    page.check("input[name=side][value=ours]")
    page.fill("input[name='value.rate_97110']", "42")
    page.fill("input[name='value.visit_cap']", "40")
    page.click("form[action$='/offers#offers'] button[type=submit]")
    expect(page.locator("#offers .timeline")).to_contain_text("We offered")
    expect(page.get_by_text("No walk-away signals.")).to_be_visible()
    expect(page.locator("#analysis")).to_contain_text("Advised next offer")
    expect(page.locator("#analysis")).not_to_contain_text("Their latest offer")

    _open(page, "Log an offer")
    page.check("input[name=side][value=theirs]")
    page.fill("input[name='value.rate_97110']", "30")
    page.click("form[action$='/offers#offers'] button[type=submit]")
    expect(page.locator("#offers .timeline")).to_contain_text("They offered")
    expect(page.locator("#terms")).to_contain_text("$30.00 (beyond walk-away)")
    expect(page.locator(".signals")).to_contain_text("beyond our walk-away")
    expect(page.locator("#analysis")).to_contain_text("Their latest offer")
    page.click("#analysis >> text=full analysis")
    expect(page.locator("main")).to_contain_text("The latest offers, in dollars")
    page.click("#engine-view > summary")  # the chart lives in the engine view
    expect(page.locator("img[src$='analysis.svg']")).to_be_visible()
    page.goto(workspace)

    _open(page, "Log an offer")
    page.check("input[name=side][value=ours]")
    page.fill("input[name='value.rate_97110']", "999")  # refused: shown inline, no traceback
    page.click("form[action$='/offers#offers'] button[type=submit]")
    expect(page.locator("#offer-error")).to_contain_text("above the range of Rate 97110")
    expect(page.locator("input[name='value.rate_97110']")).to_have_value("999")

    page.goto(workspace)
    _open(page, "Final terms and figures")
    page.fill("input[name='final.rate_97110']", "37")
    page.fill("input[name='final.visit_cap']", "30")
    page.fill("#agreement-effective", "2026-04-01")
    page.fill("input[name='current.rate_97110']", "30.50")  # the new rate comes from the terms
    page.fill("input[name='volume.rate_97110']", "4200")
    page.click("form[action$='/agreement#agreement'] button[type=submit]")
    expect(page.locator(".stage-steps [aria-current=step]")).to_have_text("agreed")
    expect(page.locator("main")).to_contain_text("$27,300.00")

    page.click("nav >> text=Outcomes")
    expect(page.locator("main")).to_contain_text("Big Sky rates 2027")
    expect(page.locator(".stats")).to_contain_text("$27,300.00")


UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea')]
    .filter(el => el.type !== 'hidden')
    .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
    .map(el => el.name)"""


def test_every_form_control_of_the_demo_pages_has_a_label(browser: Browser, demo_base: str) -> None:
    tab = browser.new_page()
    try:
        for path in (
            "/",
            "/negotiations/1",
            "/negotiations/2",
            "/negotiations/2/preparation",
            "/negotiations/2/analysis",
            "/negotiations/2/brief",
            "/contacts",
            "/outcomes",
            "/negotiations/new",
        ):
            tab.goto(demo_base + path)
            assert tab.evaluate(UNLABELLED) == [], path
            assert tab.locator("h1").count() == 1, path
            assert tab.locator("img:not([alt])").count() == 0, path
    finally:
        tab.close()


def test_the_api_documentation_renders_without_the_internet(page: Page) -> None:
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if "127.0.0.1" not in r.url else None)
    page.goto("/docs")
    # Swagger UI is 1.7 MB of script: give it time on a busy machine.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Accord", timeout=60_000)
    expect(
        page.locator(".swagger-ui").get_by_text("/api/negotiations/{negotiation_id}/offers").first
    ).to_be_visible()
    assert outside == []


def test_the_pages_can_be_used_with_the_keyboard(page: Page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    for label in ("Title", "Kind", "Our organisation", "The other side", "Deadline"):
        page.goto("/negotiations/new")
        expect(page.get_by_label(label, exact=False).first).to_be_visible()
