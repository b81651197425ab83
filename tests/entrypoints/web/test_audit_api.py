"""The audit trail over HTTP: a change made through the API is attributed to its
request id and client address; ``/api/audit`` lists and verifies it (SQLite and
PostgreSQL); the History tab shows a negotiation's entries in a real browser."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
from playwright.sync_api import Browser

from accord.bootstrap import Accord
from accord.services import demo
from tests.entrypoints.server import live_server


def test_an_api_change_carries_its_request_id_and_address(
    accord: Accord, http: httpx.Client
) -> None:
    created = http.post("/api/organisations", json={"name": "Big Sky Health", "kind": "payer"})
    assert created.status_code == 201
    listed = http.get("/api/audit", params={"entity": "organisation"})
    assert listed.status_code == 200
    body = listed.json()
    assert body["total"] == 1
    entry = body["entries"][0]
    assert entry["request_id"] == created.headers["x-request-id"]
    assert entry["address"] == "127.0.0.1"
    assert (entry["user_name"], entry["role"]) == ("test-owner", "owner")  # the signed-in user
    assert entry["user_id"] is not None
    assert (entry["action"], entry["after"]["name"]) == ("create", "Big Sky Health")
    # before it: test-owner made, and their sign-in link issued (account changes)
    assert http.get("/api/audit/verify").json() == {
        "ok": True, "entries": 3, "head": entry["hash"], "bad_row": None, "reason": None,
    }  # fmt: skip
    assert http.get("/api/audit", params={"since": "2999-01-01T00:00"}).json()["total"] == 0
    assert http.get("/api/audit", params={"since": "soon"}).status_code == 422


def test_a_negotiations_history_over_the_api_lists_its_reads_too(
    accord: Accord, http: httpx.Client
) -> None:
    sca, _pt = demo.load_demo(accord.store.unit_of_work, accord.clock.now())
    download = http.get(f"/api/negotiations/{sca}/documents/agreement", params={"format": "pdf"})
    assert download.status_code == 200
    history = http.get(f"/api/negotiations/{sca}/audit", params={"limit": 1}).json()
    newest = history["entries"][0]
    assert (newest["action"], newest["entity"], newest["entity_id"]) == (
        "read", "document", "agreement",
    )  # fmt: skip
    assert newest["request_id"] == download.headers["x-request-id"]
    assert newest["summary"] == "made the agreement document (pdf)"
    assert history["total"] > 10


def test_the_history_tab_shows_who_changed_what(
    browser: Browser, sqlite_accord: Accord, tmp_path: Path
) -> None:
    sca, _pt = demo.load_demo(sqlite_accord.store.unit_of_work, sqlite_accord.clock.now())
    with live_server(sqlite_accord) as base:
        context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        try:
            page.goto(f"/negotiations/{sca}")
            # A change made in the browser: move the stage, with a reason.
            target = page.locator("#stage-stage option:not([value=''])").first.get_attribute(
                "value"
            )
            assert target
            page.select_option("#stage-stage", target)
            page.fill("#stage-note", "asked by Ms Example's caregiver")
            page.click("form[action$='/stage#stage'] button[type=submit]")
            page.wait_for_url(f"**/negotiations/{sca}**")
            page.click("nav.tabs >> text=History")
            page.wait_for_url(f"**/negotiations/{sca}/history")
            assert page.locator("nav.tabs a[aria-current=page]").inner_text() == "History"
            newest = page.locator("#history tbody tr").nth(0).inner_text()
            moved = page.locator("#history tbody tr").nth(1).inner_text()
            assert "added stage change" in newest and "127.0.0.1" in newest
            assert f"→ {target}" in moved and "request " in moved
            assert page.locator("#history tbody tr").count() > 5
            text = page.locator("#history").inner_text()
            assert "added negotiation" in text and "Ms Example" not in text
            shot = Path(os.environ.get("ACCORD_SCREENSHOTS", tmp_path)) / "history.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            context.close()
