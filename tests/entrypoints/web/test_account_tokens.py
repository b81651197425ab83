"""API tokens on the account page, in a real browser on a real server: a viewer makes a
read-only token with a last day, sees it once, a program uses it over the API, it ends
after its day, and another is revoked after a confirmation (issue 13 §1)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from accord.adapters.store.tables import audit_log
from accord.bootstrap import Accord
from accord.domain.accounts import Role, TokenScope
from accord.domain.actors import OPERATOR
from accord.services import accounts
from tests.entrypoints.server import FORM_TOKEN, live_server
from tests.support.clock import FixedClock

PASSWORD = "a long enough passphrase"


@pytest.fixture
def server(accord: Accord) -> Iterator[str]:
    """A bare server (nobody signed in) with the viewer vera."""
    accounts.add_user(
        accord.store.unit_of_work(), accord.passwords, OPERATOR, "vera",
        Role.VIEWER, PASSWORD, accord.clock.now(),
    )  # fmt: skip
    with live_server(accord, signed_in=None) as base:
        yield base


def _signed_in(browser: Browser, base: str) -> Page:
    page = browser.new_context(base_url=base).new_page()
    page.goto("/login?next=/account")
    page.get_by_label("User name").fill("vera")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    return page


def _create(page: Page, label: str, *, last_day: str = "", write: bool = False) -> str:
    page.get_by_label("Name", exact=False).first.fill(label)
    if write:
        page.get_by_label("Read and write").check()
    page.get_by_label("Last day it works").fill(last_day)
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_role("heading", name=f"Your new API token “{label}”")).to_be_visible()
    return page.get_by_role("textbox", name="The new API token").input_value()


def test_a_viewer_makes_a_read_only_token_that_ends_after_its_last_day(
    browser: Browser, server: str, accord: Accord, clock: FixedClock
) -> None:
    page = _signed_in(browser, server)
    expect(page.locator("#tokens")).to_contain_text("You have no API tokens.")
    # the two choices sit beside their words, on one line (they once filled the width)
    read_only, read_write = (page.locator("input[name=scope]").nth(i).bounding_box()
                             for i in (0, 1))  # fmt: skip
    assert read_only is not None and read_write is not None
    assert read_only["width"] < 40 and abs(read_only["y"] - read_write["y"]) < 5
    secret = _create(page, "monthly export", last_day="2026-03-05")
    assert secret.startswith("acc_")
    row = page.locator("#tokens tbody tr").first
    expect(row).to_contain_text("monthly export")
    expect(row).to_contain_text("read only")
    expect(row).to_contain_text("2026-03-05")
    expect(row).to_contain_text("never")

    with httpx.Client(base_url=server) as program:
        bearer = {"Authorization": f"Bearer {secret}"}
        assert program.get("/api/negotiations", headers=bearer).status_code == 200
        refused = program.post("/api/organisations", headers=bearer, json={"name": "X"})
        assert refused.status_code == 403 and "read-only" in refused.json()["error"]["message"]
        page.goto("/account")
        expect(page.locator("#tokens tbody tr").first).to_contain_text("2026-03-02 09:00 UTC")
        # shown once: the page, and its JSON twin, never show the secret again
        assert secret not in page.content()
        twin = page.request.get("/account?format=json")
        assert twin.ok and secret not in twin.text()
        assert json.loads(twin.text())["tokens"][0]["state"] == "live"

        clock.advance(days=3, hours=14)  # 5 March, 23:00 UTC: its last day
        assert program.get("/api/negotiations", headers=bearer).status_code == 200
        clock.advance(hours=1)  # 6 March: ended
        ended = program.get("/api/negotiations", headers=bearer)
        assert ended.status_code == 401
    page = _signed_in(browser, server)  # the first session has long ended
    expect(page.locator("#tokens tbody tr").first).to_contain_text("ended")

    with accord.store.engine.connect() as db:
        created = db.execute(sa.select(audit_log).where(audit_log.c.entity == "api_token")).one()
    assert (created.action, created.user_name, created.address) == ("create", "vera", "127.0.0.1")
    assert secret not in (created.after or "")


def test_a_token_is_revoked_after_a_confirmation_and_stops_at_once(
    browser: Browser, server: str
) -> None:
    page = _signed_in(browser, server)
    secret = _create(page, "sync script", write=True)
    with httpx.Client(base_url=server) as program:
        bearer = {"Authorization": f"Bearer {secret}"}
        assert program.get("/api/negotiations", headers=bearer).status_code == 200
        page.goto("/account")
        row = page.locator("#tokens tbody tr").first
        expect(row).to_contain_text("read and write")
        confirm = row.get_by_role("button", name="Yes, revoke “sync script”")
        expect(confirm).to_be_hidden()  # asked first
        row.get_by_text("Revoke…").click()
        expect(row).to_contain_text("stops working at once")
        confirm.click()
        expect(page.locator("#tokens tbody tr").first).to_contain_text("revoked")
        assert program.get("/api/negotiations", headers=bearer).status_code == 401


def test_a_bad_last_day_is_refused_next_to_the_form(browser: Browser, server: str) -> None:
    page = _signed_in(browser, server)
    page.get_by_label("Name", exact=False).first.fill("old")
    page.locator("#token-last-day").evaluate("e => e.removeAttribute('min')")
    page.get_by_label("Last day it works").fill("2026-03-01")
    page.get_by_role("button", name="Create token").click()
    expect(page.locator("#token-error")).to_contain_text("today or later")
    expect(page.locator("#token-last-day")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Name", exact=False).first).to_have_value("old")
    expect(page.locator("#tokens")).to_contain_text("You have no API tokens.")


def test_someone_elses_token_cannot_be_revoked_from_the_account_page(
    server: str, accord: Accord
) -> None:
    uow = accord.store.unit_of_work
    token, _ = accounts.create_token(
        uow(), OPERATOR, "vera", "hers", TokenScope.READ, accord.clock.now()
    )
    accounts.add_user(uow(), accord.passwords, OPERATOR, "ned", Role.NEGOTIATOR,
                      PASSWORD, accord.clock.now())  # fmt: skip
    with httpx.Client(base_url=server) as ned:
        form = FORM_TOKEN.search(ned.get("/login").text)
        assert form is not None
        signed = ned.post("/login", data={"name": "ned", "password": PASSWORD, "next": "/",
                                          "csrf_token": form.group(1)},
                          headers={"Origin": server})  # fmt: skip
        assert signed.status_code == 303
        own = ned.get("/account", headers={"Accept": "text/html"})
        form = FORM_TOKEN.search(own.text)
        assert form is not None and "hers" not in own.text
        refused = ned.post(f"/account/tokens/{token.id}/revoke",
                           data={"csrf_token": form.group(1)},
                           headers={"Origin": server, "Accept": "text/html"})  # fmt: skip
        assert refused.status_code == 404 and f"you have no API token {token.id}" in refused.text
    (still,) = accounts.list_tokens(uow(), OPERATOR, "vera")
    assert still.revoked_at is None
