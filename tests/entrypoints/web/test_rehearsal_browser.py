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
    per_diem, days = page.get_by_label("Per diem"), page.get_by_label("Days")
    therapy = page.get_by_label("Therapy included")
    expect(per_diem).to_have_value("350")  # the package best for you, to start with
    expect(days).to_have_value("18")
    expect(therapy).to_have_value("yes")

    # a value between the steps: refused next to its field, what was typed is kept
    per_diem.fill("610")
    days.fill("24")
    per_diem.press("Enter")
    expect(page.locator("#move-term-1-error")).to_have_text(
        "610 falls between the steps; enter one from $350 to $650/day, in steps of $25 "
        "(nearest: $600/day or $625/day)"
    )
    expect(per_diem).to_have_value("610")
    expect(per_diem).to_have_attribute("aria-invalid", "true")
    expect(days).to_have_value("24")
    expect(page.locator("#move-term-2-error")).to_have_count(0)

    per_diem.fill("600")
    per_diem.press("Enter")  # the keyboard makes the offer
    expect(page.locator("#play-h")).to_have_text("Round 2 of 20: your move")
    expect(page.locator(".timeline")).to_contain_text("per_diem=600 USD/day")
    expect(page.locator(".timeline")).to_contain_text("They (conceder)")
    expect(per_diem).to_have_value("600")  # your last offer, to move from
    expect(days).to_have_value("24")

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


def test_an_offer_made_by_picking_values_in_the_fields(page: Page) -> None:
    page.goto("/rehearse?scenario=pt-contract&style=tit-for-tat")
    expect(page.locator("#play-h")).to_have_text("Round 1 of 30: your move")
    guide = page.locator(".terms-guide")
    expect(guide).to_contain_text("from 90 to 140 % of Medicare, in steps of 5")
    expect(guide).to_contain_text("one of none, after 12 visits, after 8 visits, every visit")
    page.get_by_label("Rate pct medicare").fill("125")
    page.get_by_label("Authorisation").select_option("after 12 visits")
    page.get_by_label("Term months").select_option(label="24 months")
    page.get_by_role("button", name="Make this offer").click()

    expect(page.locator("#play-h")).to_have_text("Round 2 of 30: your move")
    mine = page.locator(".timeline li.ours").first
    expect(mine).to_contain_text("rate_pct_medicare=125 % of Medicare")
    expect(mine).to_contain_text("authorisation=after 12 visits")
    expect(mine).to_contain_text("term_months=24 months")
    theirs = page.locator("#play")
    expect(theirs).to_contain_text("They offer")  # the counterpart's answer
    expect(page.get_by_role("button", name="Accept their offer")).to_be_visible()

    # a number beyond the range: refused beside its field in plain words, moves kept
    page.get_by_label("Rate pct medicare").fill("150")
    page.get_by_role("button", name="Make this offer").click()
    expect(page.locator("#move-term-1-error")).to_have_text(
        "150 is out of range; enter one from 90 to 140 % of Medicare, in steps of 5"
    )
    expect(page.get_by_label("Rate pct medicare")).to_have_value("150")
    expect(page.get_by_label("Authorisation")).to_have_value("after 12 visits")
    expect(page.locator("#play-h")).to_have_text("Round 2 of 30: your move")
    expect(page.locator(".timeline li.ours")).to_have_count(1)
