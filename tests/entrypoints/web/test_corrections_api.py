"""The API's withdraw and correct actions, and the forms' confirmations."""

from __future__ import annotations

import httpx

from accord.bootstrap import Accord
from tests.entrypoints.server import post_form
from tests.support.factories import rate_negotiation

HTML = {"Accept": "text/html"}


def test_the_api_withdraws_and_corrects_offers_and_keeps_the_history(
    sqlite_http: httpx.Client, sqlite_accord: Accord
) -> None:
    nid = rate_negotiation(sqlite_accord).id
    said = sqlite_http.post(
        f"/api/negotiations/{nid}/offers", json={"side": "theirs", "values": {"rate_97110": 3.1}}
    ).json()
    fixed = sqlite_http.post(
        f"/api/negotiations/{nid}/offers/{said['id']}/correction",
        json={"reason": "typo", "values": {"rate_97110": 31}},
    )
    assert fixed.status_code == 201, fixed.text
    assert fixed.json()["corrects_id"] == said["id"]
    gone = sqlite_http.post(
        f"/api/negotiations/{nid}/offers/{fixed.json()['id']}/withdrawal",
        json={"reason": "they took it back"},
    )
    assert gone.status_code == 200 and gone.json()["withdrawn_reason"] == "they took it back"
    assert sqlite_http.get(f"/api/negotiations/{nid}/offers").json() == []
    history = sqlite_http.get(f"/api/negotiations/{nid}/offers", params={"history": True}).json()
    assert [o["withdrawn_reason"] for o in history] == ["corrected: typo", "they took it back"]
    again = sqlite_http.post(
        f"/api/negotiations/{nid}/offers/{said['id']}/withdrawal", json={"reason": "x"}
    )
    assert again.status_code == 409


def test_walking_away_from_the_form_asks_for_confirmation_first(
    sqlite_http: httpx.Client, sqlite_accord: Accord
) -> None:
    nid = rate_negotiation(sqlite_accord).id
    version = str(sqlite_http.get(f"/api/negotiations/{nid}").json()["version"])
    asked = post_form(sqlite_http, f"/negotiations/{nid}/stage", headers=HTML,
                      data={"stage": "walked_away", "version": version})  # fmt: skip
    assert asked.status_code == 200 and "This ends the negotiation" in asked.text
    assert sqlite_http.get(f"/api/negotiations/{nid}").json()["stage"] == "preparing"
    no_reason = post_form(sqlite_http, f"/negotiations/{nid}/stage", headers=HTML,
                          data={"stage": "walked_away", "version": version,
                                "confirmed": "yes", "note": ""})  # fmt: skip
    assert no_reason.status_code == 422 and "say why" in no_reason.text
    done = post_form(sqlite_http, f"/negotiations/{nid}/stage",
                     data={"stage": "walked_away", "version": version, "confirmed": "yes",
                           "note": "no movement in a month"})  # fmt: skip
    assert done.status_code == 303 and "saved=stage" in done.headers["location"]
    record = sqlite_http.get(f"/api/negotiations/{nid}").json()
    assert record["stage"] == "walked_away"
    assert record["stage_history"][-1]["note"] == "no movement in a month"


def test_the_save_confirmation_shows_only_accords_own_texts(
    sqlite_http: httpx.Client, sqlite_accord: Accord
) -> None:
    nid = rate_negotiation(sqlite_accord).id
    shown = sqlite_http.get(f"/negotiations/{nid}", params={"saved": "offer"}, headers=HTML)
    assert "✓ Offer logged." in shown.text
    forged = sqlite_http.get(
        f"/negotiations/{nid}", params={"saved": "<b>hacked</b>"}, headers=HTML
    )
    assert 'id="flash"' not in forged.text and "<b>hacked</b>" not in forged.text
