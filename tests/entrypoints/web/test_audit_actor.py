"""The audit trail names who made a change (issue 13, roles and audit): the signed-in
user for a form or an API call with their token, the local operator for the command
line; over real HTTP on SQLite and PostgreSQL, and in a real browser's History tab."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import httpx
import pytest
from playwright.sync_api import Browser, expect

from accord.bootstrap import Accord
from accord.domain.accounts import Role, TokenScope
from accord.domain.actors import OPERATOR
from accord.entrypoints.cli.app import main
from accord.entrypoints.cli.context import reset_app
from accord.services import accounts
from tests.entrypoints.server import FORM_TOKEN, live_server, post_form
from tests.support.factories import rate_negotiation

PASSWORD = "a long enough passphrase"
HTML = {"Accept": "text/html"}


def _dana(accord: Accord) -> tuple[int, str]:
    """The negotiator dana, with a password and a write token: her id and the token."""
    now = accord.clock.now()
    uow = accord.store.unit_of_work
    user = accounts.add_user(uow(), accord.passwords, OPERATOR, "dana", Role.NEGOTIATOR,
                             PASSWORD, now)  # fmt: skip
    _, secret = accounts.create_token(uow(), OPERATOR, "dana", "billing script",
                                      TokenScope.WRITE, now)  # fmt: skip
    return user.id, secret


def _sign_in(client: httpx.Client, name: str, password: str) -> None:
    """Sign in as a browser does: the sign-in page's form, with its token and Origin."""
    page = client.get("/login", headers=HTML)
    token = FORM_TOKEN.search(page.text)
    assert token is not None
    answer = client.post(
        "/login",
        data={"name": name, "password": password, "next": "/", "csrf_token": token.group(1)},
        headers={"Origin": str(client.base_url).rstrip("/")},
    )
    assert answer.status_code == 303, answer.text


@pytest.fixture
def cli(
    accord: Accord, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[Callable[..., tuple[int, str]]]:
    """Run ``accord ARGS`` in-process on the ``accord`` fixture's database."""
    monkeypatch.setenv("ACCORD_DATA_DIR", str(accord.settings.data_dir))
    monkeypatch.setenv("ACCORD_DATABASE_URL", accord.settings.resolved_database_url)
    reset_app()

    def run(*args: str) -> tuple[int, str]:
        code = main(list(args))
        return code, capsys.readouterr().out

    yield run
    reset_app()


def test_the_trail_names_the_signed_in_user_and_the_operator_for_the_cli(
    accord: Accord, cli: Callable[..., tuple[int, str]]
) -> None:
    nid = rate_negotiation(accord).id
    dana_id, token = _dana(accord)
    assert cli("org", "add", "Valley Ortho", "--kind", "provider")[0] == 0
    with (
        live_server(accord, signed_in=None) as base,
        httpx.Client(base_url=base, timeout=30) as browser,
    ):
        _sign_in(browser, "dana", PASSWORD)
        version = browser.get(f"/api/negotiations/{nid}").json()["version"]
        logged = post_form(browser, f"/negotiations/{nid}/interactions", headers=HTML, data={
            "channel": "call", "direction": "outbound", "summary": "asked for their fee "
            "schedule", "version": str(version),
        })  # fmt: skip
        assert logged.status_code == 303, logged.text
        with httpx.Client(base_url=base, timeout=30) as script:
            offered = script.post(
                f"/api/negotiations/{nid}/offers",
                json={"side": "theirs", "values": {"rate_97110": 34}},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert offered.status_code == 201, offered.text
        history = browser.get(f"/negotiations/{nid}/history", headers=HTML)
        assert history.status_code == 200
        assert "dana <span" in history.text and "(negotiator)" in history.text
        listed = browser.get("/api/audit", params={"entity": "offer"}).json()
        assert [e["user_name"] for e in listed["entries"]] == ["dana"]

    code, out = cli("audit", "list", "--limit", "1000", "--json")
    assert code == 0
    entries = json.loads(out)["entries"]
    by_entity = {(e["action"], e["entity"]): e for e in entries}
    for made in (("create", "interaction"), ("create", "offer")):
        entry = by_entity[made]
        assert (entry["user_id"], entry["user_name"], entry["role"]) == (
            dana_id, "dana", "negotiator",
        ), made  # fmt: skip
        assert entry["address"] == "127.0.0.1" and entry["request_id"]
    org = next(e for e in entries if e["entity"] == "organisation"
               and e["after"]["name"] == "Valley Ortho")  # fmt: skip
    assert (org["user_id"], org["user_name"], org["role"], org["address"]) == (
        None, "local", "owner", "cli",
    )  # fmt: skip
    code, out = cli("audit", "verify")
    assert code == 0 and out.startswith("audit trail intact: ")


def test_the_history_tab_shows_the_name_of_who_changed_the_stage(
    browser: Browser, sqlite_accord: Accord
) -> None:
    nid = rate_negotiation(sqlite_accord).id
    _dana(sqlite_accord)
    with live_server(sqlite_accord, signed_in=None) as base:
        context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(30_000)  # a limit, not a wait: a loaded CI machine needs room
        try:
            page.goto(f"/negotiations/{nid}")
            page.get_by_label("User name").fill("dana")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(f"**/negotiations/{nid}")
            target = page.locator("#stage-stage option:not([value=''])").first.get_attribute(
                "value"
            )
            assert target
            page.select_option("#stage-stage", target)
            page.click("form[action$='/stage#stage'] button[type=submit]")
            page.wait_for_url(f"**/negotiations/{nid}**")
            page.click("nav.tabs >> text=History")
            page.wait_for_url(f"**/negotiations/{nid}/history")
            newest = page.locator("#history tbody tr").nth(0)
            expect(newest).to_contain_text("dana (negotiator)")
            expect(page.locator("#history tbody tr").nth(1)).to_contain_text(f"→ {target}")
            # The negotiation itself was opened by a script: the local operator.
            expect(page.locator("#history tbody tr").last).to_contain_text("local (owner)")
        finally:
            context.close()
