"""Both demo journeys replayed in a real Chromium as a new user would: every offer and
every piece of advice is shown in dollars, terms by their labels, the engine's
utilities folded away in the engine view (issue 9 §3)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def _engine_view_is_folded(page: Page) -> None:
    engine = page.locator("#engine-view")
    expect(engine).not_to_have_attribute("open", re.compile(".*"))
    expect(page.locator("#reference-points")).to_be_hidden()
    expect(page.locator("#their-priorities")).to_be_hidden()
    page.locator("#engine-view > summary").click()
    expect(page.locator("#reference-points")).to_be_visible()
    expect(page.locator("#reference-points")).to_contain_text("Nash")
    # each technical word carries its meaning
    title = page.locator("#engine-view abbr.gloss", has_text="Nash").first.get_attribute("title")
    assert title and "product of both sides' gains" in title


def test_the_case_manager_sees_episode_cost_and_saving_and_is_told_when_to_accept(
    demo_page: Page,
) -> None:
    page = demo_page
    page.goto("/")
    page.click("text=[DEMO] SNF single case agreement — post-stroke rehab")
    # the workspace: their latest offer and the advised next offer, in dollars
    card = page.locator("#analysis")
    expect(card.locator("#their-offer-money")).to_contain_text("$14,490.00 episode cost")
    expect(card.locator("#their-offer-money")).to_contain_text(
        "$4,230.00 saving against the potential cost ($18,720.00)"
    )
    expect(card.locator("#next-offer-money")).to_contain_text("episode cost")
    expect(card.locator("details.engine-view")).not_to_have_attribute("open", re.compile(".*"))
    offers = page.locator("#offers .timeline li")
    expect(offers.first).to_contain_text("$14,490.00 episode cost")
    expect(offers.first).to_contain_text("Per diem: $690.00/day")
    expect(offers.first).to_contain_text("Length of stay (days): 21 days")
    expect(page.locator("#terms tbody")).not_to_contain_text("per_diem")

    page.locator("a", has_text="Analysis").first.click()
    expect(page.locator("#potential-source")).to_contain_text(
        "their first ask, $780.00/day × 24 days = $18,720.00"
    )
    advice = page.locator("#advice tbody tr")
    expect(advice).to_have_count(3)
    for row in range(3):
        expect(advice.nth(row)).to_contain_text("episode cost")
        expect(advice.nth(row)).to_contain_text("saving against the potential cost")
        expect(advice.nth(row)).to_contain_text("Per diem: $")
    expect(page.locator("#offers-money")).to_contain_text("$14,490.00")
    # plain words first: the engine's vocabulary is not on screen until the engine view opens
    shown = page.locator("main").inner_text()
    assert "boulware" not in shown and "Reference point" not in shown
    _engine_view_is_folded(page)

    # The SNF comes back at $600/day for 20 days with therapy: within every limit.
    page.locator("a", has_text="Workspace").first.click()
    page.locator("#offers summary", has_text="Log an offer").click()
    page.get_by_label("them").check()
    page.fill("[name='value.per_diem']", "600")
    page.fill("[name='value.length_of_stay']", "20")
    page.select_option("[name='value.therapy_included']", "yes")
    page.locator("#offers button[type=submit]", has_text="Log offer").click()
    expect(page.locator("#acceptance-hint")).to_have_text(
        "Their offer is within all your limits: consider accepting."
    )
    # $600 × 20 = $12,000; saving 18,720 − 12,000 = $6,720
    expect(page.locator("#their-offer-money")).to_contain_text("$12,000.00 episode cost")
    expect(page.locator("#their-offer-money")).to_contain_text("$6,720.00 saving")


def test_the_practice_owner_sees_yearly_revenue_change_and_percent_of_medicare(
    demo_page: Page,
) -> None:
    page = demo_page
    page.goto("/")
    page.click("text=[DEMO] Big Sky commercial rate increase 2027")
    expect(page.locator("#terms")).to_contain_text("97110 therapeutic exercise — rate per unit")
    expect(page.locator("#terms tbody")).not_to_contain_text("rate_97110")
    latest = page.locator("#offers .timeline li").first
    # 31×4,200 + 28×2,600 + 33.5×3,100 + 98×180 + 98×140 + 102×40 = $342,290;
    # against $328,600 at current rates: +$13,690 a year
    expect(latest).to_contain_text("$342,290.00 yearly revenue")
    expect(latest).to_contain_text("+$13,690.00 a year against current rates ($328,600.00)")
    expect(latest).to_contain_text("97110 therapeutic exercise — rate per unit: $31.00 (107.7% "
                                   "of Medicare)")  # fmt: skip

    page.locator("a", has_text="Analysis").first.click()
    advice = page.locator("#advice tbody tr")
    expect(advice).to_have_count(3)
    for row in range(3):
        expect(advice.nth(row)).to_contain_text("yearly revenue")
        expect(advice.nth(row)).to_contain_text("a year against current rates")
        expect(advice.nth(row)).to_contain_text("% of Medicare")
        expect(advice.nth(row)).to_contain_text("97161 PT evaluation, simple — rate per evaluation")
    expect(page.locator("#their-offer-total .value")).to_have_text("$342,290.00")
    expect(page.locator("#situation")).not_to_contain_text("rate_97")
    _engine_view_is_folded(page)

    page.locator("a", has_text="Brief").first.click()
    dollars = page.locator("#brief-dollars")
    expect(dollars).to_contain_text("Our targets")
    expect(dollars).to_contain_text("yearly revenue")
    expect(page.locator("main")).to_contain_text("97110 therapeutic exercise — rate per unit")
