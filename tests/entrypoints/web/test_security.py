"""The server's holes closed (issue 13 §0): trusted hosts, form tokens, origin checks,
no-store caching, the body limit and logs without record text, over real HTTP."""

from __future__ import annotations

import importlib
import logging
import pkgutil
import re
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import urlsplit

import httpx
import pytest
import sqlalchemy as sa
from fastapi.routing import APIRoute
from playwright.sync_api import Page

from accord.bootstrap import Accord
from accord.domain.interactions import InteractionDirection
from accord.domain.offers import Channel
from accord.entrypoints.web import pages as web_pages
from accord.services import activity, demo
from tests.entrypoints.server import FORM_TOKEN, live_server, post_form
from tests.support.in_process import InProcessClient
from tests.support.signed_in import session_secret

HTML = {"Accept": "text/html"}
ORG = {"name": "Injected", "kind": "payer"}


def _netloc(base: str) -> str:
    return urlsplit(base).netloc


def test_a_request_for_another_host_name_is_refused(demo_base: str) -> None:
    port = urlsplit(demo_base).port
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1.evil.example", ""):
        for path in ("/", "/api/negotiations", "/negotiations/1"):
            refused = httpx.get(demo_base + path, headers={"Host": host})
            assert refused.status_code == 400, (host, path)
            assert refused.json()["error"]["type"] == "UntrustedHostError"
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}", "LOCALHOST"):
        assert httpx.get(demo_base + "/api/negotiations", headers={"Host": host}).is_success


def test_a_host_named_in_the_setting_is_served(sqlite_accord: Accord) -> None:
    settings = sqlite_accord.settings.model_copy(
        update={"trusted_hosts": "accord.clinic.example,*.team.example"}
    )
    team = replace(sqlite_accord, settings=settings)  # the same database, another setting
    with live_server(team) as base:
        for host, status in (("accord.clinic.example", 200), ("a.team.example", 200),
                             ("localhost", 400), ("team.example.evil", 400)):  # fmt: skip
            response = httpx.get(base + "/api/organisations", headers={"Host": host})
            assert response.status_code == status, host


def test_a_form_needs_the_token_of_its_own_session(
    sqlite_http: InProcessClient, sqlite_accord: Accord
) -> None:
    origin = {"Origin": str(sqlite_http.base_url).rstrip("/")}
    missing = sqlite_http.post("/organisations", data=ORG, headers=origin)
    assert missing.status_code == 403
    assert "token" in missing.json()["error"]["message"]
    # another browser, signed in with its own session (as the same user, even)
    theirs = {"accord_session": session_secret(sqlite_accord)}
    with sqlite_http.another_browser(cookies=theirs) as other_browser:
        page = other_browser.get("/contacts", headers=HTML)
        found = FORM_TOKEN.search(page.text)
        assert found is not None
        # The attacker's own token, sent with the victim's cookie, is worthless.
        stolen = sqlite_http.post(
            "/organisations", data={**ORG, "csrf_token": found.group(1)}, headers=origin
        )
        assert stolen.status_code == 403
    assert sqlite_http.get("/api/organisations").json() == []
    own = post_form(sqlite_http, "/organisations", data={"name": "Mine", "kind": "payer"})
    assert own.status_code == 303
    assert [o["name"] for o in sqlite_http.get("/api/organisations").json()] == ["Mine"]


def test_every_post_form_of_every_page_carries_the_token(demo_http: httpx.Client) -> None:
    for path in ("/contacts", "/negotiations/new", "/negotiations/1",
                 "/negotiations/2/preparation", "/rehearse?scenario=snf-sca"):  # fmt: skip
        text = demo_http.get(path, headers=HTML).text
        forms = text.count('method="post"')
        assert forms > 0 and len(FORM_TOKEN.findall(text)) == forms, path


def test_the_session_cookie_is_http_only_and_same_site(sqlite_accord: Accord) -> None:
    with live_server(sqlite_accord, signed_in=None) as base:
        response = httpx.get(base + "/login", headers=HTML)  # before signing in
        cookie = response.headers["set-cookie"].lower()
        assert cookie.startswith("accord_session=")
        assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
        assert "secure" not in cookie  # plain http on loopback; Secure when served over TLS
        api = httpx.get(base + "/api/negotiations")
        assert "set-cookie" not in api.headers


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {},  # neither Origin nor Sec-Fetch-Site
    ],
    ids=["other-origin", "null-origin", "cross-site", "same-site", "no-origin"],
)
def test_a_form_with_a_valid_token_from_another_site_is_still_refused(
    sqlite_http: httpx.Client, headers: dict[str, str]
) -> None:
    page = sqlite_http.get("/contacts", headers=HTML)
    found = FORM_TOKEN.search(page.text)
    assert found is not None
    refused = sqlite_http.post(
        "/organisations", data={**ORG, "csrf_token": found.group(1)}, headers=headers
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["type"] == "CrossSiteRequestError"
    assert sqlite_http.get("/api/organisations").json() == []


def test_a_rebinding_page_with_its_own_host_and_origin_is_refused(
    sqlite_http: httpx.Client,
) -> None:
    port = sqlite_http.base_url.port
    evil = {"Host": f"evil.example:{port}", "Origin": f"http://evil.example:{port}"}
    for path, kwargs in (("/organisations", {"data": ORG}), ("/api/organisations", {"json": ORG})):
        refused = sqlite_http.post(path, headers=evil, **kwargs)  # type: ignore[arg-type]
        assert refused.status_code == 400, path
    assert sqlite_http.get("/api/organisations").json() == []


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "http://evil.example"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}],
    ids=["other-origin", "null-origin", "cross-site"],
)
def test_the_api_refuses_a_change_sent_from_another_site(
    sqlite_http: httpx.Client, headers: dict[str, str]
) -> None:
    refused = sqlite_http.post("/api/organisations", json=ORG, headers=headers)
    assert refused.status_code == 403
    assert refused.json()["error"]["type"] == "CrossSiteRequestError"
    assert sqlite_http.get("/api/organisations", headers=headers).status_code == 200  # reads


def test_the_api_serves_its_own_pages_and_clients_without_origin(
    sqlite_http: httpx.Client,
) -> None:
    own = {"Origin": str(sqlite_http.base_url).rstrip("/"), "Sec-Fetch-Site": "same-origin"}
    assert sqlite_http.post("/api/organisations", json=ORG, headers=own).status_code == 201
    script = sqlite_http.post("/api/organisations", json={"name": "Script", "kind": "payer"})
    assert script.status_code == 201


def test_pages_answers_and_exports_are_never_stored_by_a_cache(demo_http: httpx.Client) -> None:
    for path in ("/", "/negotiations/1", "/negotiations/1?format=json", "/contacts",
                 "/api/negotiations", "/api/negotiations/1", "/api/negotiations/1/export",
                 "/api/negotiations/1/brief", "/no-such-page"):  # fmt: skip
        response = demo_http.get(path, headers=HTML)
        assert response.headers.get("cache-control") == "no-store", path
    static = demo_http.get("/static/accord.css")
    assert static.status_code == 200 and static.headers.get("cache-control") != "no-store"


def test_a_body_over_the_limit_is_refused_before_it_is_read(sqlite_http: httpx.Client) -> None:
    declared = sqlite_http.post(
        "/api/organisations",
        content=b"{" + b" " * 2_000_000 + b"}",
        headers={"Content-Type": "application/json"},
    )
    assert declared.status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield b'{"name": "'
        for _ in range(64):
            yield b"x" * 65_536
        yield b'", "kind": "payer"}'

    streamed = sqlite_http.post(
        "/api/organisations", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert streamed.status_code == 413, streamed.text
    form = post_form(sqlite_http, "/organisations", data={"name": "x" * 1_100_000, "kind": "payer"})
    assert form.status_code == 413
    assert sqlite_http.get("/api/organisations").json() == []


def test_a_500_logs_no_record_text(sqlite_accord: Accord, caplog: pytest.LogCaptureFixture) -> None:
    secret = "Mrs Example said the discharge is on Friday"
    (nid, _) = demo.load_demo(sqlite_accord.store.unit_of_work, sqlite_accord.clock.now())
    activity.log_interaction(
        sqlite_accord.store.unit_of_work(), sqlite_accord.clock.now(), nid, summary=secret,
        channel=Channel.CALL, direction=InteractionDirection.INBOUND,
    )  # fmt: skip
    with sqlite_accord.store.engine.begin() as connection:
        # A date-time column holding text: reading it fails with the text in the message.
        connection.execute(
            sa.text("UPDATE interactions SET follow_up_due = summary WHERE summary = :s"),
            {"s": secret},
        )
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = records.append  # type: ignore[method-assign]
    names = ["", "uvicorn", "uvicorn.error", "uvicorn.access", "sqlalchemy", "accord", "fastapi"]
    for name in names:
        logging.getLogger(name).addHandler(handler)
    try:
        with live_server(sqlite_accord) as base:
            for path in (f"/api/negotiations/{nid}", f"/negotiations/{nid}"):
                failed = httpx.get(base + path, headers=HTML)
                assert failed.status_code == 500, path
                assert secret not in failed.text and "Friday" not in failed.text
    finally:
        for name in names:
            logging.getLogger(name).removeHandler(handler)
    logged = "\n".join(
        handler.format(r) + (logging.Formatter().formatException(r.exc_info) if r.exc_info else "")
        for r in records
    )
    assert "unexpected" in logged  # the failure itself is logged...
    assert "Friday" not in logged and "Mrs Example" not in logged  # ...not the record
    assert "Friday" not in caplog.text


def test_the_store_never_puts_sql_parameters_in_errors(sqlite_accord: Accord) -> None:
    assert sqlite_accord.store.engine.hide_parameters


def test_a_page_on_another_site_cannot_post_a_form_in_a_real_browser(page: Page) -> None:
    page.goto("/contacts")  # the user has Accord open: a session cookie exists
    base = page.evaluate("() => location.origin")
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    attack = (
        f'<form method="post" action="{base}/organisations">'
        '<input name="name" value="Injected"><input name="kind" value="payer">'
        f'<input name="csrf_token" value="{token}"><button>go</button></form>'
    )  # even with a token leaked to it, another origin is refused
    page.route(
        "http://evil.example/", lambda route: route.fulfill(body=attack, content_type="text/html")
    )
    page.goto("http://evil.example/")
    with page.expect_response(f"{base}/organisations") as answer:
        page.click("button")
    assert answer.value.status == 403
    assert httpx.get(f"{base}/api/organisations").json() == []


def test_an_835_upload_has_its_own_larger_limit_and_the_form_its_token(
    sqlite_http: httpx.Client,
) -> None:
    junk = b"ISA*" + b"x" * 2_000_000  # over 1 MiB: refused as a file, not as a body
    api = sqlite_http.post("/api/remittances", files={"file": ("big.835", junk)})
    assert api.status_code == 422, api.text
    other = sqlite_http.post("/api/organisations", content=junk)
    assert other.status_code == 413
    origin = {"Origin": str(sqlite_http.base_url).rstrip("/")}
    missing = sqlite_http.post("/remittances", files={"files": ("a.835", junk)}, headers=origin)
    assert missing.status_code == 403 and "token" in missing.json()["error"]["message"]
    page = sqlite_http.get("/remittances", headers=HTML)
    found = FORM_TOKEN.search(page.text)
    assert found is not None
    sent = sqlite_http.post(
        "/remittances",
        files={"files": ("a.835", junk)},
        data={"csrf_token": found.group(1)},
        headers={**origin, "Accept": "application/json"},
    )
    assert sent.status_code == 422, sent.text
    assert sqlite_http.get("/remittances?format=json").json()["total"] == 0


def test_every_web_post_route_refuses_a_form_without_its_token(demo_http: httpx.Client) -> None:
    posts = sorted(
        route.path
        for info in pkgutil.iter_modules(web_pages.__path__)
        for route in importlib.import_module(f"{web_pages.__name__}.{info.name}").router.routes
        if isinstance(route, APIRoute) and "POST" in route.methods
    )  # fmt: skip
    assert len(posts) >= 20
    origin = str(demo_http.base_url).rstrip("/")
    demo_http.get("/contacts", headers=HTML)  # a session cookie, but no token sent
    for path in posts:
        url = re.sub(r"\{[a-z_]+\}", "1", path.replace("{kind}", "proposal"))
        refused = demo_http.post(url, data={"name": "x"}, headers={"Origin": origin})
        assert refused.status_code == 403, (path, refused.status_code)
