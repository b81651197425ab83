"""Settings → Team, organisation scope, in a real browser on a real server: an owner
ticks the practice a colleague works for; the colleague then sees that practice's
negotiation and nothing of the hospital's: not on the pipeline, and its page is "not
found" when typed in (issue 13 §3)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from accord.bootstrap import Accord
from accord.domain.accounts import Role
from accord.services import demo
from tests.entrypoints.server import server_with_people

PASSWORD = "a long enough passphrase"
SUMMIT = "Summit Physical Therapy (demo)"
HOSPITAL_CASE = "SNF single case agreement"
PRACTICE_CASE = "Big Sky commercial rate increase 2027"


@pytest.fixture
def server(accord: Accord) -> Iterator[str]:
    """The demo, with the owner olga and the negotiator bea; nobody signed in."""
    demo.load_demo(accord.store.unit_of_work, accord.clock.now())
    people = {"olga": Role.OWNER, "bea": Role.NEGOTIATOR}
    with server_with_people(accord, people, PASSWORD) as base:
        yield base


def _signed_in(browser: Browser, base: str, name: str) -> Page:
    page = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900}).new_page()
    page.goto("/login")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".signed-in-as")).to_contain_text(name)
    return page


def test_an_owner_limits_a_colleague_to_one_practice_who_then_sees_only_it(
    browser: Browser, server: str
) -> None:
    colleague = _signed_in(browser, server, "bea")
    expect(colleague.get_by_text(HOSPITAL_CASE).first).to_be_visible()  # no choice yet: all

    owner = _signed_in(browser, server, "olga")
    owner.goto("/settings/team")
    row = owner.locator("#person-bea")
    expect(row.locator(".sees")).to_have_text("all")
    expect(owner.locator("#person-olga .sees")).to_have_text("all")
    row.get_by_text("Organisations", exact=True).click()
    row.get_by_label(SUMMIT).check()
    row.get_by_role("button", name="Save organisations").click()
    expect(owner.locator("#person-bea .sees")).to_have_text(SUMMIT)
    expect(owner.get_by_text(HOSPITAL_CASE)).to_have_count(0)  # on this page, nowhere
    owner.goto("/")
    expect(owner.get_by_text(HOSPITAL_CASE).first).to_be_visible()  # the owner still sees all

    colleague.goto("/")
    expect(colleague.get_by_text(PRACTICE_CASE).first).to_be_visible()
    expect(colleague.get_by_text(HOSPITAL_CASE)).to_have_count(0)
    answer = colleague.goto("/negotiations/1")
    assert answer is not None and answer.status == 404
    expect(colleague.locator("main")).not_to_contain_text(HOSPITAL_CASE)

    owner.goto("/settings/team")
    row = owner.locator("#person-bea")
    row.get_by_text("Organisations", exact=True).click()
    row.get_by_label(SUMMIT).uncheck()
    row.get_by_role("button", name="Save organisations").click()
    expect(owner.locator("#person-bea .sees")).to_have_text("all")
    colleague.goto("/")
    expect(colleague.get_by_text(HOSPITAL_CASE).first).to_be_visible()
