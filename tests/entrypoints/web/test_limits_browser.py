"""Issue 9 §1–2 in a real Chromium: on the demo PT case the analysis page advises only
within the user's walk-aways, labels Nash / Kalai–Smorodinsky / max welfare as
reference points flagged where they cross a limit, and reads the ZOPA, the red marks
and their priorities in one consistent way."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from accord.bootstrap import Accord
from accord.services import negotiations
from tests.support.factories import rate_negotiation


def _money(text: str, term: str) -> float:
    match = re.search(rf"{term}\D*?([\d.]+)", text)
    assert match is not None, (term, text)
    return float(match.group(1))


def test_the_pt_analysis_page_advises_within_the_walk_aways_and_flags_reference_points(
    browser: Browser, demo_base: str
) -> None:
    tab = browser.new_page()
    try:
        tab.goto(demo_base + "/negotiations/2/analysis")
        advice = tab.locator("#advice tbody tr")
        expect(advice).to_have_count(3)
        for row in range(3):
            text = advice.nth(row).inner_text()
            # terms read by their labels ("97140 hands-on manual therapy — rate per unit")
            assert _money(text, "97140") >= 30 and _money(text, "97161") >= 104, text
            assert _money(text, "Visit cap") >= 24, text
        refs = tab.locator("#reference-points")
        expect(refs).to_contain_text("Nash (reference)")
        expect(refs.locator("div.beyond").first).to_contain_text("beyond your walk-away on 97")
        # their latest offer crosses our walk-aways and their limits are unknown: the
        # page does not claim a ZOPA beside it
        expect(tab.locator("#zopa-state .value")).to_have_text("unproven")
        expect(tab.locator("#situation")).to_contain_text("beyond your walk-away on")
        expect(tab.locator("#their-priorities thead")).to_contain_text("Declared")
    finally:
        tab.close()


def test_the_workspace_never_shows_no_signals_beside_a_term_beyond_walk_away(
    browser: Browser, demo_base: str
) -> None:
    tab = browser.new_page()
    marked = 0
    try:
        for n in (1, 2):
            tab.goto(f"{demo_base}/negotiations/{n}")
            if tab.locator("td.beyond").count():
                marked += 1
                expect(tab.locator("body")).not_to_contain_text("No walk-away signals.")
                expect(tab.locator("body")).to_contain_text("beyond our walk-away on")
        assert marked  # the demo's offers do cross our walk-aways
    finally:
        tab.close()


def test_a_limit_they_cannot_meet_is_said_in_words_naming_the_term(
    page: Page, sqlite_accord: Accord
) -> None:
    app = sqlite_accord
    nid = rate_negotiation(app).id
    assert nid is not None
    # We walk away below $33 for 97110; we learned they will not pay more than $31.
    negotiations.revise_term(app.store.unit_of_work(), app.clock.now(), nid, "rate_97110",
                             {"their_walk_away": 31})  # fmt: skip
    page.goto(f"/negotiations/{nid}/analysis")
    expect(page.locator(".conflict")).to_contain_text(
        "No advice within your limits: no package is within your walk-away and their "
        "stated walk-away on 97110 therapeutic exercise — rate per unit"
    )
    expect(page.locator("#zopa-state .value")).to_have_text("no")
    expect(page.locator("#advice")).not_to_contain_text("Aim for")
    page.goto(f"/negotiations/{nid}")
    expect(page.locator("#analysis .conflict")).to_contain_text("97110 therapeutic exercise")
