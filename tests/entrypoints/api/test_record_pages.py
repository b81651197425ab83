"""The pipeline, contacts and outcomes pages a page at a time, over real HTTP.

With a team's thousands of negotiations each view shows a page: the board a page of
each stage with a link to the rest, one stage page by page, contacts and agreements
page by page; every link keeps the filters, and each JSON twin stays the API's view.
"""

from __future__ import annotations

from typing import Any

import httpx

HTML = {"Accept": "text/html"}


def _created(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _record(http: httpx.Client, negotiations: int = 5, contacts: int = 3) -> None:
    ours = _created(http.post("/api/organisations", json={"name": "Us", "kind": "ours"}))
    them = _created(http.post("/api/organisations", json={"name": "Them", "kind": "payer"}))
    for i in range(negotiations):
        _created(http.post("/api/negotiations", json={
            "title": f"case {i}", "kind": "single_case_agreement",
            "our_org_id": ours["id"], "counterparty_id": them["id"],
        }))  # fmt: skip
    for i in range(contacts):
        _created(http.post("/api/contacts", json={"organisation_id": them["id"],
                                                  "name": f"Person {i}"}))  # fmt: skip


def test_the_board_shows_a_page_of_each_stage_and_links_to_the_rest(http: httpx.Client) -> None:
    _record(http)
    board = http.get("/", params={"limit": 2, "format": "json"}).json()
    preparing = next(s for s in board["stages"] if s["stage"] == "preparing")
    assert preparing["total"] == 5 and [n["negotiation"]["title"] for n in preparing["items"]] == [
        "case 0", "case 1"
    ]  # fmt: skip
    assert board["total"] == 5 and board["open_count"] == 5 and board["limit"] == 2
    assert board == http.get("/api/pipeline", params={"limit": 2}).json()
    text = http.get("/", params={"limit": 2, "demo": "false"}, headers=HTML).text
    assert "/?stage=preparing&amp;offset=2&amp;demo=false&amp;limit=2" in text
    assert "3 more preparing" in text


def test_one_stage_is_paged_through_with_its_filters_kept(http: httpx.Client) -> None:
    _record(http)
    query: dict[str, str | int] = {"stage": "preparing", "offset": 2, "limit": 2}
    page = http.get("/", params={**query, "format": "json"}).json()
    preparing = next(s for s in page["stages"] if s["stage"] == "preparing")
    assert [n["negotiation"]["title"] for n in preparing["items"]] == ["case 2", "case 3"]
    assert page == http.get("/api/pipeline", params=query).json()
    text = http.get("/", params=query, headers=HTML).text
    assert "3–4 of 5" in text
    assert "/?stage=preparing&amp;offset=0&amp;limit=2" in text  # previous
    assert "/?stage=preparing&amp;offset=4&amp;limit=2" in text  # next
    wrong = http.get("/", params={"stage": "nowhere", "format": "json"})
    assert wrong.status_code in (400, 422) and wrong.json()["error"]["field"] == "stage"


def test_contacts_are_listed_a_page_at_a_time(http: httpx.Client) -> None:
    _record(http)
    page = http.get("/contacts", params={"limit": 2, "format": "json"}).json()
    assert page["total"] == 3 and len(page["contacts"]) == 2
    api = http.get("/api/relationships", params={"limit": 2})
    assert api.headers["x-total-count"] == "3" and page["contacts"] == api.json()
    rest = http.get("/api/relationships", params={"offset": 2, "limit": 2}).json()
    assert [h["contact"]["name"] for h in page["contacts"] + rest] == [
        "Person 0", "Person 1", "Person 2"
    ]  # fmt: skip
    assert all(h["negotiation_count"] == 0 for h in rest)
    text = http.get("/contacts", params={"limit": 2}, headers=HTML).text
    assert "Contacts 1–2 of 3" in text and "/contacts?offset=2&amp;limit=2" in text


def test_the_outcomes_twin_pages_agreements_like_the_api(http: httpx.Client) -> None:
    _record(http)
    page = http.get("/outcomes", params={"limit": 1, "format": "json"}).json()["outcomes"]
    assert page == http.get("/api/outcomes", params={"limit": 1}).json()
    assert page["total"] == 0 and page["rows"] == [] and page["limit"] == 1
