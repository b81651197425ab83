"""Rehearsal pages over HTTP (in process): the moves travel with the page, the server replays
them; POST-redirect-GET; an offer is one field per term, and a value the rehearsal does not
take comes back next to its field with nothing lost."""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.entrypoints.server import post_form

HTML = {"Accept": "text/html"}
SNF = {"scenario": "snf-sca", "style": "linear", "plan": "boulware", "opens": "you", "rounds": ""}
OPENING = "per_diem=650, days=30, therapy_included=yes"
OFFER = {"value.per_diem": "650", "value.days": "30", "value.therapy_included": "yes"}


def _post(client: httpx.Client, path: str, data: Mapping[str, object]) -> httpx.Response:
    return post_form(client, path, data=data, headers=HTML)


def _json(client: httpx.Client, location: str) -> dict[str, Any]:
    """The JSON twin of the page at ``location`` (keeping its query)."""
    response = client.get(location.split("#")[0] + "&format=json")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _moves(location: str) -> list[str]:
    return parse_qs(urlsplit(location).query).get("moves", [])


def test_the_rehearsal_page_lists_the_library_and_the_styles(demo_http: httpx.Client) -> None:
    response = demo_http.get("/rehearse", headers=HTML)
    assert response.status_code == 200
    text = response.text
    for expected in ('id="setup-scenario"', "snf-sca", "pt-contract", 'id="setup-style"',
                     "hardball", "win-win", 'id="setup-plan"', "boulware", "no coach",
                     'aria-current="page">Rehearse'):  # fmt: skip
        assert expected in text
    assert "https://" not in text
    body = demo_http.get("/rehearse", params={"format": "json"}).json()
    assert body["started"] is False
    assert {s["ref"] for s in body["scenarios"]} >= {"snf-sca", "pt-contract"}
    assert body["styles"] == ["hardball", "conceder", "linear", "tit-for-tat", "win-win"]


def test_starting_shows_the_first_turn_with_the_coach_and_the_terms(
    demo_http: httpx.Client,
) -> None:
    page = demo_http.get("/rehearse", params={**SNF, "format": "json"}).json()
    assert page["started"] is True and page["steps"] == [] and page["debrief"] is None
    waiting = page["waiting"]
    assert waiting["round"] == 1 and waiting["their_offer"] is None
    assert waiting["coach"].startswith("coach: offer")
    assert waiting["suggested_move"] == "per_diem=350, days=18, therapy_included=yes"
    assert waiting["suggested_values"] == {
        "per_diem": "350",
        "days": "18",
        "therapy_included": "yes",
    }
    terms = {t["name"]: t for t in page["terms"]}
    assert list(terms) == ["per_diem", "days", "therapy_included"]
    assert terms["per_diem"]["label"] == "Per diem"
    assert terms["per_diem"]["summary"] == "from $350 to $650/day, in steps of $25"
    assert terms["therapy_included"]["summary"] == "yes or no"
    text = demo_http.get("/rehearse", params=SNF, headers=HTML).text
    assert "Round 1 of 20: your move" in text and 'id="move-move"' not in text  # no text box
    assert "term=value" not in text and "<code>accept</code>" not in text
    per_diem = _tag(text, "move-term-1")
    assert per_diem.startswith("<input") and 'name="value.per_diem"' in per_diem
    for attribute in ('type="number"', 'value="350"', 'min="350.0"', 'max="650.0"',
                      'step="25.0"'):  # fmt: skip
        assert attribute in per_diem
    assert '<label for="move-term-1">Per diem' in text
    therapy = text.split('id="move-term-3"', 1)[1].split("</select>", 1)[0]
    assert 'name="value.therapy_included"' in therapy
    assert '<option value="yes" selected>yes</option>' in therapy and '"no"' in therapy
    assert "Accept their offer" not in text  # nothing to accept yet


def _tag(html: str, element_id: str) -> str:
    """The opening tag of the element with ``element_id``."""
    before, after = html.split(f'id="{element_id}"', 1)
    return before[before.rindex("<") :] + f'id="{element_id}"' + after.split(">", 1)[0] + ">"


def test_a_move_is_posted_then_the_page_is_replayed_from_the_address(
    demo_http: httpx.Client,
) -> None:
    posted = _post(demo_http, "/rehearse", {**SNF, **OFFER, "action": "offer"})
    assert posted.status_code == 303
    location = posted.headers["location"]
    assert location.startswith("/rehearse?") and location.endswith("#play")
    assert _moves(location) == [OPENING]  # the fields, as one move in the address
    page = _json(demo_http, location.split("#")[0])
    assert page["moves"] == [OPENING]
    step = page["steps"][0]
    assert (
        step["your_offer"].startswith("per_diem=650 USD/day") and step["your_utility"] is not None
    )
    waiting = page["waiting"]
    assert waiting["round"] == 2 and waiting["their_offer"] is not None
    assert 0 <= waiting["your_utility_of_their_offer"] <= 1
    # the same moves always give the same position: the agents are deterministic
    again = _json(demo_http, location.split("#")[0])
    assert again == page


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("640", "640 falls between the steps; enter one from $350 to $650/day, in steps of "
                "$25 (nearest: $625/day or $650/day)"),
        ("700", "700 is out of range; enter one from $350 to $650/day, in steps of $25"),
    ],
)  # fmt: skip
def test_a_value_off_the_grid_is_refused_next_to_its_field_and_nothing_is_lost(
    demo_http: httpx.Client, typed: str, says: str
) -> None:
    data = {**SNF, **OFFER, "moves": [OPENING], "value.per_diem": typed, "action": "offer"}
    response = _post(demo_http, "/rehearse", data)
    assert response.status_code == 422
    text = response.text
    field = _tag(text, "move-term-1")
    assert 'aria-invalid="true"' in field and f'value="{typed}"' in field  # as typed
    assert "move-term-1-error" in field
    assert f'role="alert" id="move-term-1-error">{says}</div>' in unescape(text)
    assert 'aria-invalid="true"' not in _tag(text, "move-term-2")
    assert 'value="30"' in _tag(text, "move-term-2")  # the other fields keep theirs
    assert f'name="moves" value="{OPENING}"' in text  # the moves so far are kept
    assert "Round 2 of 20" in text
    body = post_form(demo_http, "/rehearse", data=data, params={"format": "json"})
    assert body.status_code == 422
    assert body.json()["error"]["field"] == "move.per_diem"
    assert body.json()["page"]["moves"] == [OPENING]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({**SNF, **OFFER, "action": "accept"}, "move"),  # nothing to accept on the opening
        ({**SNF, "action": "offer"}, "move.per_diem"),  # no fields at all
        ({**SNF, **OFFER, "value.per_diem": "cheap"}, "move.per_diem"),
        ({**SNF, **OFFER, "value.per_diem": "nan"}, "move.per_diem"),
        ({**SNF, **OFFER, "value.days": "31"}, "move.days"),
        ({**SNF, **OFFER, "value.days": ""}, "move.days"),
        ({**SNF, **OFFER, "value.therapy_included": "maybe"}, "move.therapy_included"),
        ({**SNF, "style": "bully", "action": "walk"}, "style"),
        ({**SNF, "scenario": "/etc/passwd", "action": "walk"}, "scenario"),  # never a file
    ],
)
def test_refused_moves_and_settings(
    demo_http: httpx.Client, data: dict[str, str], field: str
) -> None:
    response = post_form(demo_http, "/rehearse", data=data, params={"format": "json"})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == field
    html = _post(demo_http, "/rehearse", data)
    assert html.status_code == 422 and 'role="alert"' in html.text and "Traceback" not in html.text


def _play_to_the_end(client: httpx.Client, path: str, settings: dict[str, str]) -> str:
    """Open high, then accept their first offer worth 0.5 or more (or walk at the end)."""
    location = path + "?" + "&".join(f"{k}={v}" for k, v in settings.items() if v)
    for _ in range(60):
        page = _json(client, location.split("#")[0])
        if page["debrief"] is not None:
            return location
        waiting = page["waiting"]
        good = (waiting["your_utility_of_their_offer"] or 0) >= 0.5
        action = "accept" if good else "offer"
        held = {f"value.{k}": v for k, v in waiting["suggested_values"].items()}
        data = {**settings, **held, "moves": page["moves"], "action": action}
        posted = _post(client, path, data)
        assert posted.status_code == 303, posted.text
        location = posted.headers["location"]
    raise AssertionError("the rehearsal did not end")


def test_a_library_rehearsal_ends_with_a_debrief_and_the_outcome_chart(
    demo_http: httpx.Client,
) -> None:
    location = _play_to_the_end(demo_http, "/rehearse", SNF)
    page = _json(demo_http, location.split("#")[0])
    d = page["debrief"]
    assert page["waiting"] is None
    assert d["ended_by"] == "agreement" and d["agreement"]
    assert d["your_utility"] >= 0.5 and 0 <= d["their_utility"] <= 1
    assert d["distance_to_nash"] is not None and d["distance_to_frontier"] >= 0
    assert d["nash"] and isinstance(d["missed_trades"], list)
    assert [r["who"] for r in d["transcript"][:2]] == ["you", "linear"]
    assert page["moves"][-1] == "accept"
    text = demo_http.get(location.split("#")[0], headers=HTML).text
    assert "Debrief" in text and "Trades missed" in text and "Nash point" in text
    chart = re.search(r'<img src="([^"]+)"', text)
    assert chart is not None
    svg = demo_http.get(unescape(chart.group(1)))
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text.startswith("<svg") and "outcome space" in svg.text
    # a move after the end is refused, and the debrief stays
    late = _post(demo_http, "/rehearse", {**SNF, "moves": page["moves"], "action": "walk"})
    assert late.status_code == 422 and "has ended" in late.text and "Debrief" in late.text


def test_walking_away_ends_without_agreement(demo_http: httpx.Client) -> None:
    posted = _post(demo_http, "/rehearse", {**SNF, "moves": [OPENING], "action": "walk"})
    page = _json(demo_http, posted.headers["location"].split("#")[0])
    assert page["debrief"]["agreement"] is None and page["debrief"]["ended_by"] == "walk_away"


def test_a_stored_negotiation_is_rehearsed_from_its_workspace(demo_http: httpx.Client) -> None:
    workspace = demo_http.get("/negotiations/2", headers=HTML).text
    assert 'href="/negotiations/2/rehearse"' in workspace
    settings = {"style": "conceder", "plan": "linear", "opens": "them", "rounds": "8"}
    start = demo_http.get("/negotiations/2/rehearse", params=settings, headers=HTML)
    assert start.status_code == 200
    assert 'aria-current="page">Rehearse' in start.text and "setup-scenario" not in start.text
    location = _play_to_the_end(demo_http, "/negotiations/2/rehearse", settings)
    assert location.startswith("/negotiations/2/rehearse?")
    page = _json(demo_http, location.split("#")[0])
    assert page["negotiation"]["id"] == 2 and page["debrief"] is not None
    assert page["debrief"]["transcript"][0]["who"] == "conceder"  # they opened
    chart = demo_http.get(page["chart"])
    assert chart.status_code == 200 and chart.text.startswith("<svg")


def test_a_negotiation_without_terms_says_what_is_missing(sqlite_http: httpx.Client) -> None:
    created = sqlite_http.post("/api/organisations", json={"name": "Payer", "kind": "payer"})
    ours = sqlite_http.post("/api/organisations", json={"name": "Us", "kind": "ours"})
    negotiation = sqlite_http.post("/api/negotiations", json={
        "title": "Empty", "kind": "contract_rates", "our_org_id": ours.json()["id"],
        "counterparty_id": created.json()["id"],
    })  # fmt: skip
    assert negotiation.status_code == 201, negotiation.text
    nid = negotiation.json()["id"]
    response = sqlite_http.get(f"/negotiations/{nid}/rehearse", headers=HTML)
    assert response.status_code == 200
    assert "cannot be rehearsed yet" in response.text and "no terms" in response.text
