"""A rehearsal played to its debrief in a real headless Chromium (Debian's), keyboard and
mouse, against a real server. Skipped without chromium, except in CI."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def _their_offer_worth(page: Page) -> float:
    text = page.locator("#play").inner_text()
    found = re.search(r"worth (\d\.\d\d) to you", text)
    return float(found.group(1)) if found else 0.0


def test_a_rehearsal_played_move_by_move_to_its_debrief(page: Page) -> None:
    page.goto("/")
    page.click("nav >> text=Rehearse")
    expect(page.locator("h1")).to_have_text("Rehearse")
    page.select_option("#setup-scenario", "snf-sca")
    page.select_option("#setup-style", "conceder")
    page.select_option("#setup-plan", "boulware")
    page.click("form[method=get] button[type=submit]")
    expect(page.locator("#play-h")).to_have_text("Round 1 of 20: your move")
    expect(page.locator(".coach")).to_contain_text("coach: offer")
    expect(page.locator("#move-move")).to_have_value("per_diem=350, days=18, therapy_included=yes")

    # a move that cannot be read: shown next to the field, what was typed is kept
    page.fill("#move-move", "per_diem=lots")
    page.press("#move-move", "Enter")
    expect(page.locator("#move-error")).to_contain_text("expected a number")
    expect(page.locator("#move-move")).to_have_value("per_diem=lots")
    expect(page.locator("#move-move")).to_have_attribute("aria-invalid", "true")

    page.fill("#move-move", "per_diem=600, days=24")
    page.press("#move-move", "Enter")  # the keyboard makes the offer
    expect(page.locator("#play-h")).to_have_text("Round 2 of 20: your move")
    expect(page.locator(".timeline")).to_contain_text("per_diem=600 USD/day")
    expect(page.locator(".timeline")).to_contain_text("They (conceder)")

    for _ in range(25):
        if page.locator("#debrief-h").count():
            break
        if _their_offer_worth(page) >= 0.6:
            page.click("button[value=accept]")
        else:
            page.click("button[value=offer]")  # hold the last offer
    expect(page.locator("#debrief-h")).to_have_text("Debrief")
    debrief = page.locator("#play")
    expect(debrief).to_contain_text("Agreement after")
    expect(debrief).to_contain_text("distance to the Nash point")
    expect(debrief).to_contain_text("Trades missed")
    chart = page.locator("img[src*='/rehearse/outcome.svg']")
    expect(chart).to_be_visible()
    assert chart.evaluate("img => img.naturalWidth") > 0  # the chart loaded
    page.click("text=Rehearse again")
    expect(page.locator("#play-h")).to_have_text("Round 1 of 20: your move")
