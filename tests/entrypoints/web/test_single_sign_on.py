"""Single sign-on in a real browser, against a real OpenID Connect provider on loopback
(tests/support/oidc_provider.py): the button, the round trip, refusals on the sign-in
page, and no button where single sign-on is not set up."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect

from accord.bootstrap import Accord, bootstrap
from accord.config import Settings
from accord.services.sign_in import session_actor
from tests.entrypoints.server import live_server
from tests.support.clock import FixedClock
from tests.support.oidc_provider import CLIENT_ID, LocalProvider, oidc_provider


@pytest.fixture
def provider(clock: FixedClock) -> Iterator[LocalProvider]:
    with oidc_provider() as running:
        running.clock = lambda: clock.now().timestamp()
        yield running


@pytest.fixture
def sso_accord(tmp_path: Path, clock: FixedClock, provider: LocalProvider) -> Iterator[Accord]:
    secret_file = tmp_path / "client-secret"
    secret_file.write_text("a client secret for tests\n", encoding="utf-8")
    settings = Settings(
        data_dir=tmp_path / "data", oidc_issuer=provider.issuer, oidc_client_id=CLIENT_ID,
        oidc_client_secret_file=secret_file, oidc_provider_name="Clinic ID",
        oidc_allowed_domains="clinic.example", oidc_create_users=True,
    )  # fmt: skip
    app = bootstrap(settings, clock=clock)
    try:
        yield app
    finally:
        app.close()


@pytest.fixture
def server(sso_accord: Accord) -> Iterator[str]:
    with live_server(sso_accord, signed_in=None) as base:
        yield base


def test_a_person_signs_in_with_the_organisations_provider(
    browser: Browser, server: str, provider: LocalProvider, sso_accord: Accord
) -> None:
    provider.sign_in_as("u-42", email="dana@clinic.example", email_verified=True)
    page = browser.new_context(base_url=server).new_page()
    page.goto("/negotiations/new")  # sent to sign in first, and back afterwards
    page.get_by_role("link", name="Sign in with Clinic ID").click()
    expect(page.locator(".signed-in-as")).to_have_text("dana@clinic.example · viewer")
    assert page.url == f"{server}/negotiations/new"
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert "accord_sso" not in cookies  # the flow's secrets are forgotten
    session = cookies["accord_session"]
    assert session["httpOnly"] and session["sameSite"] == "Lax"
    assert (
        session_actor(sso_accord.store.unit_of_work(), session["value"], sso_accord.clock.now())
        is not None
    )


def test_a_refused_token_comes_back_to_the_sign_in_page_in_words(
    browser: Browser, server: str, provider: LocalProvider
) -> None:
    provider.sign_in_as("u-42", email="dana@clinic.example", email_verified=True)
    provider.trick = "wrong_audience"
    page = browser.new_context(base_url=server).new_page()
    page.goto("/login")
    page.get_by_role("link", name="Sign in with Clinic ID").click()
    expect(page.locator("#sign-in-error")).to_contain_text("ID token was refused")
    expect(page.locator(".signed-in-as")).to_have_count(0)
    page.goto("/")
    expect(page).to_have_url(f"{server}/login")  # not signed in


def test_a_return_without_this_browsers_state_is_refused(
    server: str, provider: LocalProvider
) -> None:
    provider.sign_in_as("u-42", email="dana@clinic.example", email_verified=True)
    with httpx.Client(base_url=server) as attacker, httpx.Client(base_url=server) as victim:
        started = attacker.get("/login/sso")
        assert started.status_code == 303 and started.headers["location"].startswith(
            provider.issuer + "/authorize?"
        )
        at_provider = httpx.get(started.headers["location"])  # the attacker's own code
        back = at_provider.headers["location"]
        refused = victim.get(back.removeprefix(server), headers={"Accept": "text/html"})
        assert refused.status_code == 401
        assert "did not start in this browser" in refused.text
        assert victim.get("/api/negotiations").status_code == 401
    assert provider.token_requests == 0


def test_the_provider_saying_no_is_shown_plainly(server: str) -> None:
    with httpx.Client(base_url=server) as client:
        page = client.get("/login/sso/callback?error=access_denied&state=x")
    assert page.status_code == 401 and "did not sign you in (access_denied)" in page.text


def test_without_single_sign_on_there_is_no_button(sqlite_accord: Accord) -> None:
    with live_server(sqlite_accord, signed_in=None) as base, httpx.Client(base_url=base) as client:
        login = client.get("/login")
        assert login.status_code == 200 and "Sign in with" not in login.text
        missing = client.get("/login/sso", headers={"Accept": "text/html"})
        assert missing.status_code == 404 and "not set up" in missing.text
