"""A case manager's single case agreement in a real Chromium: a workflow that guides.

The other side is named on the new-negotiation form; their first quote, above the range
we planned for, is recorded and flagged; logging it while preparing offers to move to
bargaining; a wrong offer is corrected and another withdrawn, both kept in the history;
walking away asks for confirmation and a reason; an agreement recorded from bargaining
is pre-filled from the last offer, costs the episode from its terms and replaces advice.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from accord.bootstrap import Accord
from accord.domain.organisations import OrganisationKind
from accord.services import organisations


def _open(page: Page, summary: str) -> None:
    page.locator("summary", has_text=summary).first.click()


def _move(page: Page, stage: str, note: str = "") -> None:
    page.select_option("#stage-stage", stage)
    page.fill("#stage-note", note)
    page.click("form[action$='/stage#stage'] button[type=submit]")


def test_a_single_case_agreement_guided_from_first_quote_to_agreement(
    page: Page, sqlite_accord: Accord
) -> None:
    organisations.create_organisation(
        sqlite_accord.store.unit_of_work(), name="Valley Care Management",
        kind=OrganisationKind.OURS,
    )  # fmt: skip
    page.goto("/negotiations/new")
    page.fill("#negotiation-title", "SNF stay, case 2026-0147")
    page.select_option("#negotiation-kind", "single_case_agreement")
    expect(page.locator("#new-organisation")).to_have_attribute("open", "")
    page.fill("#negotiation-new_name", "Riverside Skilled Nursing")
    page.select_option("#negotiation-new_kind", "facility")
    page.click("form[action='/negotiations'] button[type=submit]")
    expect(page.locator("#flash")).to_have_text("✓ Negotiation opened.")
    expect(page.locator("main")).to_contain_text("Riverside Skilled Nursing")

    _open(page, "Add a term")
    page.fill("#term-name", "per_diem")
    page.select_option("#term-kind", "per_diem")  # direction left to its default: we pay
    page.fill("#term-minimum", "300")
    page.fill("#term-maximum", "1200")
    page.fill("#term-opening", "450")
    page.fill("#term-target", "520")
    page.fill("#term-walk_away", "650")
    page.click("form[action$='/terms#terms'] button[type=submit]")
    expect(page.locator("#flash")).to_have_text("✓ Term saved.")
    _open(page, "Add a term")
    page.fill("#term-name", "days")
    page.select_option("#term-kind", "days")
    page.fill("#term-minimum", "1")
    page.fill("#term-maximum", "60")
    page.click("form[action$='/terms#terms'] button[type=submit]")

    # Their first quote, still in preparing: recorded as said, flagged, with a nudge.
    _open(page, "Log an offer")
    page.fill("input[name='value.per_diem']", "1500")
    page.fill("input[name='value.days']", "21")
    page.click("form[action$='/offers#offers'] button[type=submit]")
    expect(page.locator("#flash")).to_have_text("✓ Offer logged.")
    timeline = page.locator("#offers .timeline")
    expect(timeline).to_contain_text("$1,500.00")
    expect(timeline).to_contain_text("outside your range")
    expect(page.locator("#nudge")).to_contain_text("still preparing")
    page.click("#nudge button")
    expect(page.locator(".stage-steps [aria-current=step]")).to_have_text("bargaining")
    expect(page.locator("#nudge")).to_have_count(0)

    # A misheard figure is corrected; the original stays in the history.
    _open(page, "Correct or withdraw")
    form = page.locator("#offers .timeline li").first
    form.locator("input[name='fix.per_diem']").fill("780")
    form.locator("input[name=reason]").fill("misheard: $780 a day")
    form.locator("button[value=correct]").click()
    expect(page.locator("#flash")).to_contain_text("the original stays in the history")
    expect(timeline).to_contain_text("$780.00")
    expect(timeline).not_to_contain_text("$1,500.00")
    _open(page, "Withdrawn and corrected offers")
    expect(page.locator("#withdrawn-offers")).to_contain_text("corrected: misheard: $780 a day")

    # An offer logged by mistake is withdrawn.
    _open(page, "Log an offer")
    page.check("input[name=side][value=ours]")
    page.fill("input[name='value.per_diem']", "400")
    page.click("form[action$='/offers#offers'] button[type=submit]")
    _open(page, "Correct or withdraw")
    first = page.locator("#offers .timeline li").first
    first.locator("input[name=reason]").fill("logged on the wrong case")
    first.locator("button[value=withdraw]").click()
    expect(timeline.locator("li")).to_have_count(1)
    expect(page.locator("#withdrawn-offers summary")).to_contain_text("(2)")

    # The stage menu never proposes walking away; walking away asks first.
    expect(page.locator("#stage-stage")).to_have_value("agreed")
    _move(page, "walked_away")
    expect(page.locator("#stage-confirm")).to_contain_text("This ends the negotiation")
    expect(page.locator(".stage-steps [aria-current=step]")).to_have_text("bargaining")
    page.fill("#confirm-note", "they will not go below $780")
    page.click("#stage-confirm button[type=submit]")
    expect(page.locator(".stage-steps [aria-current=step]")).to_have_text("walked away")
    _open(page, "Stage history")
    expect(page.locator("#stage")).to_contain_text("they will not go below $780")

    # They come back; the agreement is recorded straight from bargaining.
    _move(page, "bargaining", "they called back")
    expect(page.locator(".stage-steps [aria-current=step]")).to_have_text("bargaining")
    page.click("form[action$='/stage#stage'] button[type=submit]")  # agreed, the default
    expect(page.locator("#agreement-error")).to_contain_text("recording the agreement moves")
    expect(page.locator("input[name='final.per_diem']")).to_have_value("780")
    expect(page.locator("input[name='final.days']")).to_have_value("21")
    page.fill("input[name='final.per_diem']", "700")
    page.fill("#agreement-effective", "2026-12-07")
    page.fill("#agreement-potential_cost", "25000")
    page.click("form[action$='/agreement#agreement'] button[type=submit]")
    expect(page.locator(".stage-steps [aria-current=step]")).to_have_text("agreed")
    expect(page.locator("#flash")).to_contain_text("Agreement recorded")
    expect(page.locator("#agreed")).to_contain_text("$14,700.00")  # 700 × 21, computed
    expect(page.locator(".stats")).to_contain_text("$10,300.00")  # hard savings
    expect(page.locator("#analysis")).to_have_count(0)
    page.screenshot(path="/tmp/workflow-agreed.png", full_page=True)


def test_a_refused_new_other_side_comes_back_marked_with_what_was_typed(
    page: Page, sqlite_accord: Accord
) -> None:
    """The form says what the API says (one request model) and keeps what was typed."""
    organisations.create_organisation(
        sqlite_accord.store.unit_of_work(), name="Valley Care Management",
        kind=OrganisationKind.OURS,
    )  # fmt: skip
    page.goto("/negotiations/new")
    page.fill("#negotiation-title", "SNF stay, case 2026-0148")
    page.fill("#negotiation-new_name", "R" * 201)
    page.select_option("#negotiation-new_kind", "facility")
    page.click("form[action='/negotiations'] button[type=submit]")
    expect(page.locator("#negotiation-error")).to_have_text(
        "new_counterparty.name: at most 200 characters"
    )
    expect(page.locator("#negotiation-new_name")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#negotiation-new_name")).to_have_value("R" * 201)
    expect(page.locator("#negotiation-new_kind")).to_have_value("facility")
    expect(page.locator("#negotiation-title")).to_have_value("SNF stay, case 2026-0148")
    listed = organisations.list_organisations(sqlite_accord.store.unit_of_work())
    assert [o.name for o in listed] == ["Valley Care Management"]
