"""Signing in and out over real HTTP, in process and in a real browser: sessions that
expire, throttled guessing, roles the server enforces, API tokens (issue 13 §1–§3)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect

from accord.bootstrap import Accord
from accord.domain.accounts import Role, TokenScope
from accord.domain.actors import OPERATOR
from accord.services import accounts
from accord.services import demo as demo_service
from tests.entrypoints.server import FORM_TOKEN, live_server
from tests.support.clock import FixedClock
from tests.support.in_process import in_process_client

PASSWORD = "a long enough passphrase"
SHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def _user(accord: Accord, name: str, role: Role) -> None:
    accounts.add_user(
        accord.store.unit_of_work(), accord.passwords, OPERATOR, name, role, PASSWORD,
        accord.clock.now(),
    )  # fmt: skip


@pytest.fixture
def bare(sqlite_accord: Accord) -> Iterator[str]:
    """A server nobody is signed in to, with the user dana (negotiator)."""
    _user(sqlite_accord, "dana", Role.NEGOTIATOR)
    with live_server(sqlite_accord, signed_in=None) as base:
        yield base


@pytest.fixture
def bare_http(sqlite_accord: Accord) -> Iterator[httpx.Client]:
    """A client on the application in process, nobody signed in, with the user dana."""
    _user(sqlite_accord, "dana", Role.NEGOTIATOR)
    with in_process_client(sqlite_accord, signed_in=None) as client:
        yield client


def _sign_in(client: httpx.Client, name: str, password: str) -> httpx.Response:
    page = client.get("/login", headers={"Accept": "text/html"})
    token = FORM_TOKEN.search(page.text)
    assert token is not None
    return client.post(
        "/login",
        data={
            "name": name,
            "password": password,
            "next": "/contacts",
            "csrf_token": token.group(1),
        },
        headers={"Origin": str(client.base_url).rstrip("/")},
    )


def test_a_user_signs_in_and_out_in_the_browser(browser: Browser, bare: str) -> None:
    context = browser.new_context(base_url=bare, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto("/contacts")
    expect(page).to_have_url(f"{bare}/login?next=%2Fcontacts")
    expect(page.get_by_role("heading", name="Sign in to Accord")).to_be_visible()
    page.screenshot(path=str(SHOTS / "login.png"))
    page.get_by_label("User name").fill("dana")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#sign-in-error")).to_have_text("the user name or password is not right")
    page.screenshot(path=str(SHOTS / "login-refused.png"))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{bare}/contacts")  # back where the browser was going
    expect(page.locator(".signed-in-as")).to_have_text("dana · negotiator")
    cookie = next(c for c in context.cookies() if c["name"] == "accord_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{bare}/login")
    page.goto("/")
    expect(page).to_have_url(f"{bare}/login")
    context.close()


def test_a_session_expires_and_a_stolen_cookie_dies_at_sign_out(
    sqlite_accord: Accord, clock: FixedClock
) -> None:
    _user(sqlite_accord, "dana", Role.NEGOTIATOR)
    hours = sqlite_accord.settings.session_hours
    with live_server(sqlite_accord, signed_in=None) as base, httpx.Client(base_url=base) as client:
        assert _sign_in(client, "dana", PASSWORD).headers["location"] == "/contacts"
        secret = client.cookies["accord_session"]
        assert client.get("/api/organisations").status_code == 200
        clock.advance(hours=hours, seconds=1)
        assert client.get("/api/organisations").status_code == 401
        page = client.get("/contacts", headers={"Accept": "text/html"})
        assert page.status_code == 303 and page.headers["location"] == "/login?next=%2Fcontacts"
        client.cookies.clear()
        _sign_in(client, "dana", PASSWORD)
        copied = httpx.Client(
            base_url=base, cookies={"accord_session": client.cookies["accord_session"]}
        )
        assert copied.get("/api/organisations").status_code == 200
        token = FORM_TOKEN.search(client.get("/contacts", headers={"Accept": "text/html"}).text)
        assert token is not None
        out = client.post("/logout", data={"csrf_token": token.group(1)}, headers={"Origin": base})
        assert out.status_code == 303 and out.headers["location"] == "/login"
        assert copied.get("/api/organisations").status_code == 401  # the session is gone
        assert secret != client.cookies.get("accord_session")
        copied.close()


def test_guessing_a_password_is_throttled(bare_http: httpx.Client) -> None:
    answers = [_sign_in(bare_http, "dana", f"guess number {n}").status_code for n in range(6)]
    assert answers == [401] * 5 + [429]
    refused = _sign_in(bare_http, "dana", PASSWORD)  # even the right one, for a while
    assert refused.status_code == 429 and "try again in 15 minutes" in refused.text


def test_a_viewer_sees_no_edit_button_and_a_crafted_post_is_refused(
    browser: Browser, sqlite_accord: Accord
) -> None:
    demo_service.load_demo(sqlite_accord.store.unit_of_work, sqlite_accord.clock.now())
    with live_server(sqlite_accord, signed_in=Role.VIEWER) as base:
        context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto("/negotiations/1")
        expect(page.locator(".signed-in-as")).to_have_text("test-viewer · viewer")
        expect(page.get_by_role("link", name="New negotiation")).to_be_hidden()
        expect(page.get_by_role("button", name="Record offer")).to_be_hidden()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        page.screenshot(path=str(SHOTS / "viewer-workspace.png"))
        context.close()
        with httpx.Client(base_url=base) as client:
            page_text = client.get("/contacts", headers={"Accept": "text/html"}).text
            token = FORM_TOKEN.search(page_text)
            assert token is not None
            crafted = client.post(
                "/organisations", data={"name": "Sneaky Payer", "kind": "payer",
                                        "csrf_token": token.group(1)},
                headers={"Origin": base, "Accept": "text/html"},
            )  # fmt: skip
            assert crafted.status_code == 403 and "test-viewer is a viewer" in crafted.text
            api = client.post("/api/organisations", json={"name": "Sneaky", "kind": "payer"})
            assert api.status_code == 403
            assert api.json()["error"]["type"] == "PermissionDeniedError"
            names = [o["name"] for o in client.get("/api/organisations").json()]
            assert "Sneaky Payer" not in names and "Sneaky" not in names


def test_api_tokens_read_write_and_revoked(accord: Accord) -> None:
    _user(accord, "dana", Role.NEGOTIATOR)
    uow = accord.store.unit_of_work
    now = accord.clock.now()
    reader, read_secret = accounts.create_token(
        uow(), OPERATOR, "dana", "report", TokenScope.READ, now
    )
    _, write_secret = accounts.create_token(uow(), OPERATOR, "dana", "sync", TokenScope.WRITE, now)
    body = {"name": "Token Payer", "kind": "payer"}
    with in_process_client(accord, signed_in=None) as client:
        as_reader = {"Authorization": f"Bearer {read_secret}"}
        assert client.get("/api/organisations", headers=as_reader).json() == []
        refused = client.post("/api/organisations", json=body, headers=as_reader)
        assert refused.status_code == 403 and "read-only" in refused.json()["error"]["message"]
        made = client.post("/api/organisations", json=body,
                           headers={"Authorization": f"Bearer {write_secret}"})  # fmt: skip
        assert made.status_code == 201
        accounts.revoke_token(uow(), OPERATOR, reader.id, now)
        assert client.get("/api/organisations", headers=as_reader).status_code == 401
    listed = {t.label: t for t in accounts.list_tokens(uow(), OPERATOR)}
    assert listed["sync"].last_used_at == now and listed["report"].revoked_at == now


def test_logs_carry_the_user_id_and_never_a_password_session_or_token(
    sqlite_accord: Accord, caplog: pytest.LogCaptureFixture
) -> None:
    _user(sqlite_accord, "dana", Role.NEGOTIATOR)
    _, token = accounts.create_token(
        sqlite_accord.store.unit_of_work(), OPERATOR, "dana", "t", TokenScope.READ,
        sqlite_accord.clock.now(),
    )  # fmt: skip
    caplog.set_level("DEBUG")
    with live_server(sqlite_accord, signed_in=None) as base, httpx.Client(base_url=base) as client:
        _sign_in(client, "dana", "a wrong password here")
        _sign_in(client, "dana", PASSWORD)
        session = client.cookies["accord_session"]
        assert client.get("/api/organisations").status_code == 200
        assert httpx.get(
            base + "/api/organisations", headers={"Authorization": f"Bearer {token}"}
        ).is_success
    # the server's loggers (this process also holds the test client's httpx/httpcore)
    server = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    assert server
    lines = [record.getMessage() + repr(record.__dict__) for record in server]
    for secret in (PASSWORD, "a wrong password here", session, token):
        assert not [line for line in lines if secret in line]
    with sqlite_accord.store.unit_of_work() as uow:
        dana = uow.accounts.find("dana")
    assert dana is not None
    users = [getattr(r, "user_id", None) for r in caplog.records if r.name == "accord.access"]
    assert users.count(dana.id) == 2  # the two API calls; sign-in pages have no user yet


def test_a_negotiator_edits_the_record_but_not_the_templates(sqlite_accord: Accord) -> None:
    letterhead = {"organisation_name": "Us", "address_lines": [], "phone": ""}
    with in_process_client(sqlite_accord, signed_in=Role.NEGOTIATOR) as client:
        made = client.post("/api/organisations", json={"name": "Payer", "kind": "payer"})
        assert made.status_code == 201
        refused = client.put("/api/document-letterhead", json=letterhead)
        assert refused.status_code == 403
        assert "may not change settings" in refused.json()["error"]["message"]
    with in_process_client(sqlite_accord, signed_in=Role.ADMIN) as client:
        assert client.put("/api/document-letterhead", json=letterhead).status_code == 200
