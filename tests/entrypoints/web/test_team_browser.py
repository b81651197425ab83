"""Settings → Team and the account page, in a real browser on a real server: an owner adds
a colleague without a password, hands over the one-time link, the colleague sets a
password; roles and disabling come back as the services decide (issue 13 §1–§3)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from accord.bootstrap import Accord
from accord.domain.accounts import Role
from accord.domain.actors import OPERATOR
from accord.services import accounts
from tests.entrypoints.server import FORM_TOKEN, server_with_people

PASSWORD = "a long enough passphrase"
SHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


@pytest.fixture
def server(accord: Accord) -> Iterator[str]:
    """A bare server (nobody signed in) with the owner olga and the admin ari."""
    with server_with_people(accord, {"olga": Role.OWNER, "ari": Role.ADMIN}, PASSWORD) as base:
        yield base


def _signed_in(browser: Browser, base: str, name: str, password: str = PASSWORD) -> Page:
    context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".signed-in-as")).to_contain_text(name)
    return page


def _close(page: Page) -> None:
    context: BrowserContext = page.context
    context.close()


def test_an_owner_adds_a_colleague_who_signs_in_by_link_and_sets_a_password(
    browser: Browser, server: str
) -> None:
    owner = _signed_in(browser, server, "olga")
    owner.get_by_role("link", name="Settings").click()
    owner.get_by_role("link", name="Team").click()
    expect(owner.get_by_role("heading", name="Team", exact=True)).to_be_visible()
    owner.get_by_label("Sign-in name").fill("Dana")
    owner.get_by_label("Role", exact=True).select_option("negotiator")
    owner.get_by_role("button", name="Add", exact=True).click()
    expect(owner.get_by_role("heading", name="Sign-in link for dana")).to_be_visible()
    link = owner.get_by_role("textbox", name="Sign-in link", exact=True).input_value()
    assert link.startswith(f"{server}/login/link?token=")
    row = owner.locator("#person-dana")
    expect(row).to_contain_text("negotiator")
    expect(row).to_contain_text("a one-time link only")
    owner.screenshot(path=str(SHOTS / "team.png"), full_page=True)

    colleague = browser.new_context(base_url=server).new_page()
    colleague.goto(link)
    expect(colleague.locator(".signed-in-as")).to_have_text("dana · negotiator")
    expect(colleague.get_by_role("link", name="Settings")).to_have_count(0)  # not hers
    colleague.locator(".signed-in-as").click()
    expect(colleague.get_by_role("heading", name="Set a password")).to_be_visible()
    colleague.get_by_label("New password").fill(PASSWORD)
    colleague.get_by_label("The same password again").fill(PASSWORD + " typo")
    colleague.get_by_role("button", name="Save password").click()
    expect(colleague.locator("#password-error")).to_contain_text("the two passwords differ")
    colleague.get_by_label("New password").fill(PASSWORD)
    colleague.get_by_label("The same password again").fill(PASSWORD)
    colleague.get_by_role("button", name="Save password").click()
    expect(colleague).to_have_url(f"{server}/login?next=/account")  # signed out by the change
    colleague.goto(link)  # a link works once
    expect(colleague.locator("#sign-in-error")).to_contain_text("has been used or has expired")
    _close(colleague)
    _signed_in(browser, server, "dana").context.close()  # with her own password now

    owner.reload()
    expect(owner.locator("#person-dana")).to_contain_text("a password")
    owner.get_by_label("Role of dana").select_option("viewer")
    owner.locator("#person-dana").get_by_role("button", name="Change role").click()
    expect(owner.locator("#flash")).to_contain_text("Role changed")
    expect(owner.locator("#person-dana")).to_contain_text("viewer")
    owner.locator("#person-dana").get_by_role("button", name="Disable").click()
    expect(owner.locator("#flash")).to_contain_text("Disabled")
    expect(owner.locator("#person-dana")).to_contain_text("disabled")
    # olga is the last active owner: demoting her is refused, next to her row
    owner.get_by_label("Role of olga").select_option("admin")
    owner.locator("#person-olga").get_by_role("button", name="Change role").click()
    expect(owner.locator("#person-olga-error")).to_contain_text("last active owner")
    _close(owner)


def test_an_admin_cannot_touch_an_owner_and_a_negotiator_cannot_open_the_team(
    server: str, accord: Accord
) -> None:
    accounts.add_user(
        accord.store.unit_of_work(), accord.passwords, OPERATOR, "nell",
        Role.NEGOTIATOR, PASSWORD, accord.clock.now(),
    )  # fmt: skip
    with httpx.Client(base_url=server) as admin, httpx.Client(base_url=server) as nell:
        for client, name in ((admin, "ari"), (nell, "nell")):
            page = client.get("/login")
            token = FORM_TOKEN.search(page.text)
            assert token is not None
            signed = client.post(
                "/login", data={"name": name, "password": PASSWORD, "next": "/",
                                "csrf_token": token.group(1)},
                headers={"Origin": server},
            )  # fmt: skip
            assert signed.status_code == 303
        team = admin.get("/settings/team", headers={"Accept": "text/html"})
        assert team.status_code == 200
        token = FORM_TOKEN.search(team.text)
        assert token is not None
        refused = admin.post(
            "/settings/team/olga/active", data={"active": "no", "csrf_token": token.group(1)},
            headers={"Origin": server, "Accept": "text/html"},
        )  # fmt: skip
        assert refused.status_code == 403
        assert "ari is an admin, who may not manage owners" in refused.text
        assert nell.get("/settings/team?format=json").status_code == 403
        own = nell.get("/account", headers={"Accept": "text/html"})
        assert own.status_code == 200 and "nell" in own.text
    with accord.store.unit_of_work() as uow:
        olga = uow.accounts.find("olga")
    assert olga is not None and olga.active  # nothing changed
