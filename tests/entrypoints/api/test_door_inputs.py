"""Ordinary-looking input that used to answer 500 (issue 14 §3): a superscript digit in
an integer form field, date-times whose conversion to UTC overflows. Every door answers
422 with the field named, and nothing is written."""

from __future__ import annotations

import httpx
import pytest

from tests.entrypoints.server import post_form

HTML = {"Accept": "text/html"}
LATE = "9999-12-31T23:59:59-14:00"
EARLY = "0001-01-01T00:00:00+14:00"


def _version(client: httpx.Client, nid: int) -> str:
    return str(client.get(f"/api/negotiations/{nid}").json()["version"])


@pytest.mark.parametrize("moment", [LATE, EARLY])
def test_every_api_date_time_field_refuses_an_overflowing_one(
    demo_http: httpx.Client, moment: str
) -> None:
    interactions = demo_http.get("/api/negotiations/1/interactions").json()
    before = len(interactions)
    first = interactions[0]["id"]
    attempts = [
        ("/api/negotiations/2/offers", {"side": "theirs", "values": {}, "at": moment}, "at"),
        *(
            ("/api/negotiations/1/interactions", {"channel": "call", name: moment}, name)
            for name in ("at", "follow_up_due", "replied_at")
        ),
        (f"/api/negotiations/1/interactions/{first}/follow-up", {"replied_at": moment},
         "replied_at"),
    ]  # fmt: skip
    for path, body, field in attempts:
        response = demo_http.post(path, json=body)
        assert response.status_code == 422, (path, field, response.text)
        error = response.json()["error"]
        assert error["field"] == field and "out of range" in error["message"]
    after = demo_http.get("/api/negotiations/1/interactions").json()
    assert len(after) == before


def test_a_form_date_time_that_overflows_comes_back_as_a_form_error(
    demo_http: httpx.Client,
) -> None:
    for name in ("at", "follow_up_due", "replied_at"):
        data = {"channel": "call", "direction": "inbound", "summary": "s", name: LATE,
                "version": _version(demo_http, 1)}  # fmt: skip
        page = post_form(demo_http, "/negotiations/1/interactions", data=data, headers=HTML)
        assert page.status_code == 422, name
        assert "out of range" in page.text and "Traceback" not in page.text


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/negotiations/2/stage", {"stage": "bargaining", "version": "²"}),
        ("/negotiations/2/terms", {"name": "visits", "kind": "visits", "priority": "²"}),
        ("/negotiations/2/terms/revise", {"name": "rate_97110", "their_priority": "3²"}),
        ("/negotiations/1/interactions", {"channel": "call", "contact_id": "²"}),
        (
            "/negotiations/2/agreement",
            {"final.rate_97110": "37", "effective": "2026-04-01", "rate_changes": "97110:31:37:²"},
        ),
        ("/rehearse?scenario=snf-sca", {"scenario": "snf-sca", "rounds": "²", "move": "x=1"}),
    ],
)
def test_a_superscript_digit_in_a_whole_number_field_is_a_form_error(
    demo_http: httpx.Client, path: str, data: dict[str, str]
) -> None:
    before = _version(demo_http, 2)
    response = post_form(demo_http, path, data=data, params={"format": "json"})
    assert response.status_code == 422, response.text
    assert "²" in response.json()["error"]["message"]
    assert _version(demo_http, 2) == before


def test_a_superscript_digit_in_if_match_is_a_422(demo_http: httpx.Client) -> None:
    response = demo_http.post(
        "/api/negotiations/2/offers",
        json={"side": "theirs", "values": {}},
        headers={"If-Match": '"²"'.encode()},
    )
    assert response.status_code == 422 and response.json()["error"]["field"] == "If-Match"


@pytest.mark.parametrize(
    "url",
    [
        "/api/underpayments?payer=%00%1b%5b31m%0d",  # the doors probe's hostile filter
        "/api/contracts?payer=a%00b",
        "/api/remittances/claims?claim_number=CLP%00",
        "/api/audit?entity_id=%00",
        "/api/audit?entity=%00",
    ],
)
def test_a_nul_in_a_query_filter_is_refused_on_both_databases(http: httpx.Client, url: str) -> None:
    # PostgreSQL text cannot hold NUL: a filter with one answered 500 there (doors probe)
    answer = http.get(url)
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["type"] == "ValidationError"
