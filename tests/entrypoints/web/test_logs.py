"""Every log line of a full browser journey: request ids and routes, never record text.

The server's logging is configured as ``accord serve`` configures it, at the most
verbose level a user can choose (debug), in both formats; the journey types a case
reference and distinctive notes, and asks for pages with them in the query string.
"""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator

import httpx
import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from accord.bootstrap import Accord
from accord.domain.interactions import InteractionDirection
from accord.domain.offers import Channel
from accord.entrypoints.http.log_format import configure_logging
from accord.services import activity, demo
from tests.entrypoints.server import live_server

CASE_REFERENCE = "CASE-ZX-48213"
OFFER_NOTE = "Quokka harbour offer note 7731"
SUMMARY = "Wombat escarpment call 5519"
THEIR_POINTS = "Numbat lagoon objection 2284"


@pytest.fixture(params=["json", "text"])
def server_log(request: pytest.FixtureRequest) -> Iterator[tuple[str, io.StringIO]]:
    """The lines the server writes, configured by ``configure_logging``; restored after."""
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    names = [
        "uvicorn",
        "uvicorn.error",
        "uvicorn.access",
        "sqlalchemy",
        "httpx",
        "httpcore",
        "asyncio",
    ]
    saved = {n: (logging.getLogger(n).level, logging.getLogger(n).propagate) for n in names}
    stream = io.StringIO()
    configure_logging("debug", request.param, stream)
    try:
        yield request.param, stream
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in saved_handlers:
            root.addHandler(handler)
        root.setLevel(saved_level)
        for name, (level, propagate) in saved.items():
            logging.getLogger(name).setLevel(level)
            logging.getLogger(name).propagate = propagate
        logging.getLogger("uvicorn.access").disabled = False


def _journey(page: Page) -> str:
    page.goto("/contacts")
    page.fill("#organisation-name", "Riverbend Therapy")
    page.select_option("#organisation-kind", "ours")
    page.click("form[action='/organisations#organisations'] button[type=submit]")
    page.locator("summary", has_text="Add an organisation").first.click()
    page.fill("#organisation-name", "Harbour Mutual")
    page.select_option("#organisation-kind", "payer")
    page.click("form[action='/organisations#organisations'] button[type=submit]")
    expect(page.locator("#organisations")).to_contain_text("Harbour Mutual")

    page.click("text=New negotiation")
    page.fill("#negotiation-title", "Harbour rates")
    page.select_option("#negotiation-kind", "contract_rates")
    page.select_option("#negotiation-counterparty_id", label="Harbour Mutual (payer)")
    page.fill("#negotiation-patient_ref", CASE_REFERENCE)
    page.click("form[action='/negotiations'] button[type=submit]")
    expect(page).to_have_url(re.compile(r"/negotiations/\d+\?saved=negotiation$"))
    workspace = page.url.split("?")[0]

    page.locator("summary", has_text="Add a term").first.click()
    page.fill("#term-name", "rate_97110")
    page.select_option("#term-kind", "rate_per_unit")
    for field, value in (("minimum", "0"), ("maximum", "200"), ("opening", "42")):
        page.fill(f"#term-{field}", value)
    page.fill("#term-target", "38")
    page.fill("#term-walk_away", "33")
    page.click("form[action$='/terms#terms'] button[type=submit]")
    expect(page.locator("#terms")).to_contain_text("rate_97110")

    for value in ("42", "900"):  # the second is refused (above the range): an error path
        page.locator("summary", has_text="Log an offer").first.click()
        page.check("input[name=side][value=ours]")
        page.fill("input[name='value.rate_97110']", value)
        page.fill("#offer-note", OFFER_NOTE)
        page.click("form[action$='/offers#offers'] button[type=submit]")
    expect(page.locator("#offer-error")).to_be_visible()

    page.goto(workspace)
    page.locator("summary", has_text="Log an interaction").first.click()
    page.fill("#interaction-summary", SUMMARY)
    page.fill("#interaction-their_points", THEIR_POINTS)
    page.click("form[action$='/interactions#interactions'] button[type=submit]")
    expect(page.locator("#interactions")).to_contain_text(SUMMARY)

    # Values in a query string must not reach the log either.
    page.goto(f"{workspace}?case={CASE_REFERENCE}&note={OFFER_NOTE.replace(' ', '+')}")
    negotiation_id = workspace.rsplit("/", 1)[1]
    response = page.request.get(f"/api/negotiations/{negotiation_id}/export")
    assert CASE_REFERENCE in response.text()
    return response.headers["x-request-id"]


def test_a_browser_journey_logs_routes_and_request_ids_but_no_record_text(
    page: Page, server_log: tuple[str, io.StringIO]
) -> None:
    log_format, stream = server_log
    request_id = _journey(page)

    lines = stream.getvalue().splitlines()
    assert len(lines) >= 15
    for secret in (CASE_REFERENCE, OFFER_NOTE, SUMMARY, THEIR_POINTS, "Quokka", "Wombat"):
        leaks = [line for line in lines if secret.lower() in line.lower()]
        assert not leaks, f"{secret!r} logged: {leaks[0]}"
    assert re.fullmatch(r"[0-9a-f]{16}", request_id)
    (export_line,) = [line for line in lines if request_id in line]
    assert "/api/negotiations/{negotiation_id}/export" in export_line
    if log_format == "json":
        fields = json.loads(export_line)
        assert fields["status"] == 200 and fields["http_method"] == "GET"
        assert fields["route"] == "/api/negotiations/{negotiation_id}/export"
        assert isinstance(fields["duration_ms"], float)
        assert all(json.loads(line) for line in lines)  # every line is one JSON object
    else:
        assert re.search(r" status=200 duration_ms=[0-9.]+$", export_line)
    assert any("status=422" in line or '"status":422' in line for line in lines)


def test_an_unexpected_error_is_logged_with_its_request_id_and_route_only(
    sqlite_accord: Accord, server_log: tuple[str, io.StringIO]
) -> None:
    log_format, stream = server_log
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
    with live_server(sqlite_accord) as base:
        failed = httpx.get(f"{base}/api/negotiations/{nid}?ref={CASE_REFERENCE}")
    assert failed.status_code == 500

    request_id = failed.headers["x-request-id"]
    lines = [line for line in stream.getvalue().splitlines() if request_id in line]
    assert len(lines) == 2  # the error, then the access line
    error, access = lines
    assert "unexpected" in error and "error" in error
    for line in lines:
        assert "/api/negotiations/{negotiation_id}" in line
        assert "Friday" not in line and CASE_REFERENCE not in line and f"/{nid}" not in line
    assert ('"status":500' if log_format == "json" else "status=500") in access
