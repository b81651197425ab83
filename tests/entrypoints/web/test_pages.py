"""The server-rendered pages over HTTP: JSON twins, POST-redirect-GET, inline errors.

Every page renders over a real server; the other tests talk to the application in
process."""

from __future__ import annotations

import re

import httpx
import pytest

from accord.bootstrap import Accord
from tests.entrypoints.server import post_form
from tests.support.clock import FixedClock
from tests.support.factories import rate_negotiation

HTML = {"Accept": "text/html"}
PAGES = [
    "/",
    "/negotiations/1",
    "/negotiations/1/preparation",
    "/negotiations/2",
    "/negotiations/2/preparation",
    "/negotiations/2/analysis",
    "/negotiations/2/brief",
    "/contacts",
    "/outcomes",
    "/negotiations/new",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_with_the_demo_data(demo_base: str, path: str) -> None:
    response = httpx.get(demo_base + path, headers=HTML)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    text = response.text
    assert '<html lang="en">' in text and "<main" in text and "Traceback" not in text
    assert "https://" not in text  # nothing from a CDN: the page works offline


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_json_twin(demo_http: httpx.Client, path: str) -> None:
    response = demo_http.get(path, params={"format": "json"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert isinstance(response.json(), dict)


def test_the_json_twins_carry_the_same_data_as_the_api(demo_http: httpx.Client) -> None:
    def get(path: str) -> object:
        return demo_http.get(path, params={"format": "json"}).json()

    assert get("/") == get("/api/pipeline")
    assert get("/outcomes")["outcomes"] == get("/api/outcomes")  # type: ignore[index]
    workspace = get("/negotiations/2")
    assert workspace["negotiation"] == get("/api/negotiations/2")  # type: ignore[index]
    assert workspace["brief"] == get("/api/negotiations/2/brief")  # type: ignore[index]
    assert get("/contacts")["contacts"] == get("/api/relationships")  # type: ignore[index]
    assert get("/negotiations/2/brief")["brief"] == get("/api/negotiations/2/brief")  # type: ignore[index]


def test_the_workspace_shows_terms_offers_interactions_and_signals(demo_http: httpx.Client) -> None:
    text = demo_http.get("/negotiations/2", headers=HTML).text
    for expected in (
        "rate_97110",
        "They offered",
        "We offered",
        "They said",
        "We asked",
        "Walk-away signals",
        "beyond walk-away",
        "Log an offer",
        "Record the agreement",
    ):
        assert expected in text, expected


def test_a_form_posts_then_redirects_to_the_page_it_changed(sqlite_http: httpx.Client) -> None:
    made = post_form(sqlite_http, "/organisations", data={"name": "Summit PT", "kind": "ours"})
    assert made.status_code == 303
    assert made.headers["location"] == "/contacts?saved=organisation#organisations"
    shown = sqlite_http.get(made.headers["location"], headers={"Accept": "text/html"})
    assert "✓ Organisation saved." in shown.text
    post_form(sqlite_http, "/organisations", data={"name": "Big Sky Health", "kind": "payer"})
    opened = post_form(
        sqlite_http,
        "/negotiations",
        data={
            "title": "Big Sky rates",
            "kind": "contract_rates",
            "our_org_id": "1",
            "counterparty_id": "2",
            "our_goals": "130% of Medicare\nVisit cap 30",
        },
    )
    assert (
        opened.status_code == 303
        and opened.headers["location"] == "/negotiations/1?saved=negotiation"
    )
    record = sqlite_http.get("/api/negotiations/1").json()
    assert record["our_goals"] == ["130% of Medicare", "Visit cap 30"]


def test_a_refused_form_comes_back_with_the_message_and_what_was_typed(
    sqlite_http: httpx.Client, sqlite_accord: Accord
) -> None:
    nid = rate_negotiation(sqlite_accord).id
    version = str(sqlite_http.get(f"/api/negotiations/{nid}").json()["version"])
    response = post_form(
        sqlite_http,
        f"/negotiations/{nid}/offers",
        data={"side": "ours", "value.rate_97110": "999", "version": version, "note": "typo"},
        headers=HTML,
    )
    assert response.status_code == 422
    text = response.text
    assert (
        'role="alert"' in text
        and "999 is above the range of 97110 therapeutic exercise — rate per unit" in text
    )
    assert 'aria-invalid="true"' in text and 'value="999"' in text
    assert "Traceback" not in text
    assert sqlite_http.get(f"/api/negotiations/{nid}/offers").json() == []


def test_a_form_built_from_an_old_version_is_refused_as_a_conflict(
    sqlite_http: httpx.Client, sqlite_accord: Accord, clock: FixedClock
) -> None:
    nid = rate_negotiation(sqlite_accord).id
    version = str(sqlite_http.get(f"/api/negotiations/{nid}").json()["version"])
    clock.advance(minutes=5)  # a real clock moves between the two edits
    first = post_form(
        sqlite_http,
        f"/negotiations/{nid}/stage",
        data={"stage": "goals_agreed", "version": version},
    )
    assert first.status_code == 303
    stale = post_form(
        sqlite_http,
        f"/negotiations/{nid}/stage",
        headers=HTML,
        data={"stage": "walked_away", "version": version, "confirmed": "yes", "note": "stale"},
    )
    assert stale.status_code == 409
    assert "changed since you opened it" in stale.text
    assert sqlite_http.get(f"/api/negotiations/{nid}").json()["stage"] == "goals_agreed"


def test_missing_pages_are_html_for_browsers_and_json_for_programs(demo_http: httpx.Client) -> None:
    page = demo_http.get("/negotiations/999", headers=HTML)
    assert page.status_code == 404 and "no negotiation with id 999" in page.text
    assert page.headers["content-type"].startswith("text/html")
    data = demo_http.get("/negotiations/999", params={"format": "json"})
    assert data.status_code == 404 and data.json()["error"]["type"] == "NotFoundError"


def test_the_analysis_page_draws_the_outcome_space(demo_http: httpx.Client) -> None:
    chart = demo_http.get("/negotiations/2/analysis.svg")
    assert chart.status_code == 200 and chart.headers["content-type"].startswith("image/svg")
    assert chart.text.lstrip().startswith(("<svg", "<?xml"))
    assert (
        demo_http.get("/negotiations/2/analysis", params={"format": "json"}).json()["analysis"]
        == demo_http.get("/api/negotiations/2/analysis").json()
    )


def test_a_negotiation_without_terms_says_why_it_has_no_analysis(
    sqlite_http: httpx.Client,
) -> None:
    post_form(sqlite_http, "/organisations", data={"name": "Us", "kind": "ours"})
    post_form(sqlite_http, "/organisations", data={"name": "Them", "kind": "payer"})
    post_form(
        sqlite_http,
        "/negotiations",
        data={"title": "t", "kind": "contract_rates", "our_org_id": "1", "counterparty_id": "2"},
    )
    page = sqlite_http.get("/negotiations/1", headers=HTML)
    assert page.status_code == 200 and "has no terms yet" in page.text
    api = sqlite_http.get("/api/negotiations/1/analysis")
    assert api.status_code == 422 and api.json()["error"]["field"] == "terms"


def test_pages_forbid_scripts_framing_and_sniffing(demo_http: httpx.Client) -> None:
    for path in ("/", "/negotiations/2/analysis.svg", "/api/pipeline"):
        headers = demo_http.get(path, headers=HTML).headers
        assert "script-src 'none'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
    docs = demo_http.get("/docs").headers["content-security-policy"]
    assert "script-src 'self' 'unsafe-inline'" in docs


def test_static_assets_are_served_by_accord(demo_http: httpx.Client) -> None:
    css = demo_http.get("/static/accord.css")
    assert css.status_code == 200 and "--brand" in css.text
    docs = demo_http.get("/docs")
    assert docs.status_code == 200 and "https://" not in docs.text  # works offline
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert demo_http.get(f"/static/vendor/swagger-ui/{asset}").status_code == 200


def test_a_term_and_the_description_can_be_corrected_from_the_workspace(
    sqlite_http: httpx.Client, sqlite_accord: Accord
) -> None:
    nid = rate_negotiation(sqlite_accord).id
    version = str(sqlite_http.get(f"/api/negotiations/{nid}").json()["version"])
    refused = post_form(
        sqlite_http,
        f"/negotiations/{nid}/terms/revise",
        data={"name": "rate_97110", "walk_away": "45", "version": version},
        headers=HTML,
    )
    assert refused.status_code == 422 and "walk-away 45 is better for us" in refused.text
    fixed = post_form(sqlite_http,
        f"/negotiations/{nid}/terms/revise",
        data={"name": "rate_97110", "walk_away": "35", "priority": "5", "version": version,
              "their_priority": "4", "their_walk_away": "37"},
    )  # fmt: skip
    assert fixed.status_code == 303
    terms = {t["name"]: t for t in sqlite_http.get(f"/api/negotiations/{nid}/terms").json()}
    assert terms["rate_97110"]["walk_away"] == 35 and terms["rate_97110"]["priority"] == 5
    assert (terms["rate_97110"]["their_priority"], terms["rate_97110"]["their_walk_away"]) == (
        4,
        37,
    )
    analysis = sqlite_http.get(f"/negotiations/{nid}/analysis")
    assert "their priorities declared for 1 of 3 terms" in analysis.text
    assert terms["rate_97110"]["target"] == 38  # left empty: kept
    renamed = post_form(
        sqlite_http,
        f"/negotiations/{nid}/revise",
        data={"title": "Big Sky rates 2027", "deadline": "2026-06-30", "our_goals": "a\nb"},
    )
    assert renamed.status_code == 303
    record = sqlite_http.get(f"/api/negotiations/{nid}").json()
    assert (record["title"], record["deadline"], record["our_goals"]) == (
        "Big Sky rates 2027",
        "2026-06-30",
        ["a", "b"],
    )


def test_the_pages_render_a_closed_negotiation_on_both_databases(
    http: httpx.Client, accord: Accord, clock: FixedClock
) -> None:
    nid = rate_negotiation(accord).id
    for stage in ("goals_agreed", "bargaining"):
        clock.advance(minutes=1)
        assert (
            post_form(http, f"/negotiations/{nid}/stage", data={"stage": stage}).status_code == 303
        )
    for side, rate in (("ours", "42"), ("theirs", "31")):
        clock.advance(days=1)
        posted = post_form(
            http, f"/negotiations/{nid}/offers", data={"side": side, "value.rate_97110": rate}
        )
        assert posted.status_code == 303
    clock.advance(days=1)
    agreed = post_form(
        http,
        f"/negotiations/{nid}/agreement",
        data={
            "final.rate_97110": "37",
            "effective": "2026-04-01",
            "rate_changes": "97110:30.50:37.00:4200",
        },
    )
    assert agreed.status_code == 303, agreed.text
    for path in (
        "/",
        f"/negotiations/{nid}",
        f"/negotiations/{nid}/preparation",
        f"/negotiations/{nid}/analysis",
        "/contacts",
        "/outcomes",
    ):
        page = http.get(path, headers=HTML)
        assert page.status_code == 200, (path, page.text[:300])
    outcomes = http.get("/outcomes", headers=HTML).text
    assert "$27,300.00" in outcomes
    # the savings report's period is filled in: this year so far, to the clock's day
    assert 'id="sav-from" type="date" name="from" value="2026-01-01"' in outcomes
    assert re.search(r'id="sav-to" type="date" name="to" value="2026-0[3-9]-\d\d"', outcomes)
    assert http.get(f"/api/negotiations/{nid}").json()["stage"] == "agreed"


def test_a_form_sent_from_another_site_is_refused(sqlite_http: httpx.Client) -> None:
    for headers in ({"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        refused = sqlite_http.post(
            "/organisations", data={"name": "Injected", "kind": "payer"}, headers=headers
        )
        assert refused.status_code == 403
        assert refused.json()["error"]["type"] == "CrossSiteRequestError"
    own = post_form(
        sqlite_http,
        "/organisations",
        data={"name": "Mine", "kind": "payer"},
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert own.status_code == 303
    assert [o["name"] for o in sqlite_http.get("/api/organisations").json()] == ["Mine"]


def test_the_stage_form_offers_agreed_only_through_the_agreement(demo_http: httpx.Client) -> None:
    page = demo_http.get("/negotiations/2", params={"format": "json"}).json()
    assert page["negotiation"]["stage"] == "bargaining"
    # Ending moves last; the natural next stage is proposed, never walking away.
    assert page["stage_moves"] == ["mediation", "agreed", "walked_away"]
    assert page["next_stage"] == "agreed"


def test_the_api_analysis_gives_every_advised_package_its_values_per_term(
    demo_http: httpx.Client,
) -> None:
    data = demo_http.get("/api/negotiations/2/analysis").json()
    terms = demo_http.get("/api/negotiations/2").json()["terms"]
    walk = {t["name"]: t["walk_away"] for t in terms}
    direction = {t["name"]: t["direction"] for t in terms}
    advised = [data["opening"], data["target"], data["next_offer"], *data["mesos"]]
    assert len(advised) >= 4
    for package in advised:
        assert set(package["values"]) == set(walk)  # every term, as data
        for name, value in package["values"].items():
            if isinstance(walk[name], int | float) and not isinstance(value, str):
                if direction[name] == "higher_better":
                    assert value >= walk[name], (name, package)
                else:
                    assert value <= walk[name], (name, package)
    for point in data["points"]:
        assert point["reference"] is True and set(point["values"]) == set(walk)
        assert bool(point["beyond_limits"]) == (point["flag"] is not None)
    assert data["disagreement_ours"] == data["our_reservation"]
    assert data["situation"]["zopa"] in ("yes", "unproven", "no")
