"""The JSON API over HTTP (one journey over a real server, the rest in process), on
SQLite and PostgreSQL."""

from __future__ import annotations

import json

import httpx

from accord.bootstrap import Accord
from tests.support.clock import FixedClock
from tests.support.factories import rate_negotiation


def _created(response: httpx.Response) -> dict[str, object]:
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


def test_a_negotiation_is_prepared_bargained_and_closed_through_the_api(
    live_http: httpx.Client,
) -> None:
    # Over a real server, so that the API's whole stack, sockets included, stays proven;
    # the other API tests talk to the application in process.
    http = live_http
    ours = _created(http.post("/api/organisations", json={"name": "Summit PT", "kind": "ours"}))
    payer = _created(
        http.post("/api/organisations", json={"name": "Big Sky Health", "kind": "payer"})
    )
    karen = _created(
        http.post(
            "/api/contacts",
            json={
                "organisation_id": payer["id"],
                "name": "Karen Lindqvist",
                "role": "decision_maker",
            },
        )
    )
    created = http.post(
        "/api/negotiations",
        json={
            "title": "Big Sky rates 2027",
            "kind": "contract_rates",
            "our_org_id": ours["id"],
            "counterparty_id": payer["id"],
            "deadline": "2026-04-30",
            "lead": "J. Alvarez",
        },
    )
    n = _created(created)
    nid = n["id"]
    assert created.headers["Location"] == f"/api/negotiations/{nid}"
    assert created.headers["ETag"] == '"1"'
    assert n["stage"] == "preparing" and n["team"] == [{"name": "J. Alvarez", "role": "lead"}]

    term = _created(
        http.post(
            f"/api/negotiations/{nid}/terms",
            json={
                "name": "rate_97110",
                "kind": "rate_per_unit",
                "minimum": 0,
                "maximum": 200,
                "opening": 42,
                "target": 38,
                "walk_away": 33,
                "billing_code": "97110",
                "their_priority": 5,
                "their_walk_away": 36,
            },
        )
    )
    assert term["walk_away"] == 33.0
    assert (term["their_priority"], term["their_walk_away"]) == (5, 36.0)
    _created(
        http.post(
            f"/api/negotiations/{nid}/terms",
            json={
                "name": "auth",
                "kind": "categorical",
                "options": ["none", "after 12 visits"],
                "opening": "none",
                "walk_away": "after 12 visits",
            },
        )
    )
    http.post(
        f"/api/negotiations/{nid}/checklist/answers", json={"item": "who", "text": "Karen decides"}
    ).raise_for_status()
    _created(
        http.post(
            f"/api/negotiations/{nid}/checklist/prices",
            json={"description": "Market median 97110", "amount": "36.10"},
        )
    )
    _created(
        http.post(
            f"/api/negotiations/{nid}/leverage",
            json={"kind": "network_gap", "description": "Only clinic in the county", "strength": 5},
        )
    )
    _created(
        http.post(
            f"/api/negotiations/{nid}/allies",
            json={"kind": "professional_association", "name": "State PT association"},
        )
    )
    _created(http.post(f"/api/negotiations/{nid}/team", json={"name": "M. Chen"}))
    http.post(
        f"/api/negotiations/{nid}/contacts", json={"contact_id": karen["id"]}
    ).raise_for_status()

    for stage in ("goals_agreed", "bargaining"):
        moved = http.post(f"/api/negotiations/{nid}/stage", json={"stage": stage})
        assert moved.status_code == 200, moved.text
        assert moved.json()["change"]["to_stage"] == stage
        assert moved.headers["ETag"] == f'"{moved.json()["version"]}"'
    http.put(
        f"/api/negotiations/{nid}/goals", json={"goals": ["Keep members in network"]}
    ).raise_for_status()

    _created(
        http.post(
            f"/api/negotiations/{nid}/offers",
            json={
                "side": "ours",
                "values": {"rate_97110": 42, "auth": "none"},
                "channel": "letter",
                "at": "2026-02-20T10:00:00",
            },
        )
    )
    theirs = _created(
        http.post(
            f"/api/negotiations/{nid}/offers",
            json={"side": "theirs", "values": {"rate_97110": 31}, "at": "2026-02-25T10:00:00Z"},
        )
    )
    assert theirs["at"].startswith("2026-02-25T10:00:00")
    call = _created(
        http.post(
            f"/api/negotiations/{nid}/interactions",
            json={
                "channel": "call",
                "contact_id": karen["id"],
                "at": "2026-02-26T09:00:00Z",
                "their_points": "Budget allows 3-5%",
                "our_questions": "Is the cap negotiable?",
                "follow_up_due": "2026-02-28T09:00:00Z",
            },
        )
    )

    brief = http.get(f"/api/negotiations/{nid}/brief").json()
    row = {t["name"]: t for t in brief["terms"]}["rate_97110"]
    assert row["theirs"] == 31.0 and row["theirs_beyond_walk_away"] is True
    assert row["text"]["theirs"] == "$31.00"
    assert [i["id"] for i in brief["overdue"]] == [call["id"]]  # the clock is at 2026-03-02
    done = http.post(
        f"/api/negotiations/{nid}/interactions/{call['id']}/follow-up",
        json={"replied_at": "2026-02-27T09:00:00Z"},
    )
    assert done.json()["follow_up_done"] is True

    agreement = _created(
        http.post(
            f"/api/negotiations/{nid}/agreement",
            json={
                "final_terms": {"rate_97110": 37.5, "auth": "none"},
                "effective": "2026-04-01",
                "rate_changes": [
                    {
                        "code": "97110",
                        "current_rate": "30.50",
                        "new_rate": "37.50",
                        "yearly_volume": 4200,
                    }
                ],
            },
        )
    )
    assert agreement["yearly_revenue_effect"] == "29400.00"
    record = http.get(f"/api/negotiations/{nid}").json()
    assert record["stage"] == "agreed"
    assert record["checklist"]["competitor_prices"][0]["amount"] == 36.1
    assert {t["name"]: t["status"] for t in record["terms"]} == {
        "rate_97110": "agreed",
        "auth": "agreed",
    }
    outcomes = http.get("/api/outcomes").json()
    assert outcomes["revenue_effect"] == "29400.00"
    assert http.get(f"/api/negotiations/{nid}/agreement").json()["effective"] == "2026-04-01"

    exported = http.get(f"/api/negotiations/{nid}/export")
    assert exported.headers["content-type"].startswith("application/json")
    archive = json.loads(exported.content)
    assert len(archive["negotiations"]) == 1


def test_a_stale_if_match_is_refused_with_409_on_an_edit(
    http: httpx.Client, accord: Accord, clock: FixedClock
) -> None:
    nid = rate_negotiation(accord).id
    read = http.get(f"/api/negotiations/{nid}")
    etag = read.headers["ETag"]
    # The version moves when the negotiation's row is updated (its updated_at at least),
    # so the fixed clock moves on between edits as a real one would.
    clock.advance(minutes=1)
    first = http.patch(
        f"/api/negotiations/{nid}", headers={"If-Match": etag}, json={"title": "First"}
    )
    assert first.status_code == 200
    assert first.headers["ETag"] != etag
    # The new ETag is the version now stored, worked out without reading it back.
    assert http.get(f"/api/negotiations/{nid}").headers["ETag"] == first.headers["ETag"]
    stale = http.patch(
        f"/api/negotiations/{nid}", headers={"If-Match": etag}, json={"title": "Second"}
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["type"] == "ConflictError"
    assert "changed since you opened it" in stale.json()["error"]["message"]
    assert http.get(f"/api/negotiations/{nid}").json()["title"] == "First"
    clock.advance(minutes=1)
    fresh = http.patch(
        f"/api/negotiations/{nid}",
        headers={"If-Match": first.headers["ETag"]},
        json={"title": "Second"},
    )
    assert fresh.status_code == 200


def test_an_append_under_a_stale_if_match_is_recorded_and_moves_the_etag(
    http: httpx.Client, accord: Accord, clock: FixedClock
) -> None:
    nid = rate_negotiation(accord).id
    etag = http.get(f"/api/negotiations/{nid}").headers["ETag"]
    clock.advance(minutes=1)
    first = http.post(
        f"/api/negotiations/{nid}/offers",
        headers={"If-Match": etag},
        json={"side": "ours", "values": {"rate_97110": 40}},
    )
    # An offer overwrites nothing: the version the client saw does not matter.
    second = http.post(
        f"/api/negotiations/{nid}/offers",
        headers={"If-Match": etag},
        json={"side": "theirs", "values": {"rate_97110": 30}},
    )
    assert (first.status_code, second.status_code) == (201, 201)
    assert len({etag, first.headers["ETag"], second.headers["ETag"]}) == 3
    assert http.get(f"/api/negotiations/{nid}").headers["ETag"] == second.headers["ETag"]
    assert len(http.get(f"/api/negotiations/{nid}/offers").json()) == 2


def test_every_error_has_one_shape(http: httpx.Client, accord: Accord) -> None:
    nid = rate_negotiation(accord).id
    cases = [
        (http.get("/api/negotiations/999"), 404, "NotFoundError", None),
        (http.get("/api/no-such-route"), 404, "NotFoundError", None),
        (
            http.post(
                f"/api/negotiations/{nid}/offers",
                json={"side": "ours", "values": {"rate_97110": 500}},
            ),
            422,
            "ValidationError",
            "values.rate_97110",
        ),
        (
            http.post(f"/api/negotiations/{nid}/offers", json={"side": "nobody"}),
            422,
            "ValidationError",
            "side",
        ),
        (
            http.post(f"/api/negotiations/{nid}/stage", json={"stage": "mediation"}),
            409,
            "InvalidTransitionError",
            None,
        ),
        (
            http.post(
                f"/api/negotiations/{nid}/terms",
                headers={"If-Match": "yesterday"},
                json={"name": "x", "kind": "days"},
            ),
            422,
            "ValidationError",
            "If-Match",
        ),
        (
            http.post("/api/organisations", json={"name": "Big Sky Health", "kind": "payer"}),
            409,
            "ConflictError",
            None,
        ),
        (http.delete(f"/api/negotiations/{nid}"), 405, "RoutingError", None),
    ]
    for response, status, kind, field in cases:
        assert response.status_code == status, response.text
        error = response.json()["error"]
        assert set(error) == {"type", "message", "field"}
        assert error["type"] == kind, error
        assert error["field"] == field, error
        assert "Traceback" not in response.text


def test_negotiations_are_listed_a_page_at_a_time_and_by_stage(
    http: httpx.Client, accord: Accord
) -> None:
    ours = _created(http.post("/api/organisations", json={"name": "Us", "kind": "ours"}))
    them = _created(http.post("/api/organisations", json={"name": "Them", "kind": "payer"}))
    ids = [
        _created(
            http.post(
                "/api/negotiations",
                json={
                    "title": f"case {i}",
                    "kind": "single_case_agreement",
                    "our_org_id": ours["id"],
                    "counterparty_id": them["id"],
                },
            )
        )["id"]
        for i in range(5)
    ]
    http.post(f"/api/negotiations/{ids[3]}/stage", json={"stage": "goals_agreed"})
    page = http.get("/api/negotiations", params={"offset": 1, "limit": 2}).json()
    assert page["total"] == 5 and [n["id"] for n in page["items"]] == ids[1:3]
    only = http.get("/api/negotiations", params={"stage": "goals_agreed"}).json()
    assert [n["id"] for n in only["items"]] == [ids[3]]
    assert http.get("/api/negotiations", params={"limit": 0}).status_code == 422
    board = http.get("/api/pipeline").json()
    sizes = {s["stage"]: len(s["items"]) for s in board["stages"]}
    assert sizes["preparing"] == 4 and sizes["goals_agreed"] == 1


def test_the_openapi_document_names_every_schema_at_the_edge(http: httpx.Client) -> None:
    spec = http.get("/openapi.json").json()
    assert "/api/negotiations/{negotiation_id}/offers" in spec["paths"]
    schemas = set(spec["components"]["schemas"])
    assert {"NegotiationCreate", "NegotiationPublic", "OfferCreate", "ErrorBody"} <= schemas
    assert not any(p.startswith("/negotiations") for p in spec["paths"])  # pages stay out
    assert http.get("/docs").status_code == 200


def test_a_term_and_a_negotiation_are_corrected_with_patch(
    http: httpx.Client, accord: Accord, clock: FixedClock
) -> None:
    nid = rate_negotiation(accord).id
    etag = http.get(f"/api/negotiations/{nid}").headers["ETag"]
    clock.advance(minutes=1)
    term = http.patch(
        f"/api/negotiations/{nid}/terms/visit_cap",
        headers={"If-Match": etag},
        json={"target": 32, "minimum": None},
    )
    assert term.status_code == 200, term.text
    assert (term.json()["target"], term.json()["minimum"]) == (32, None)
    refused = http.patch(f"/api/negotiations/{nid}/terms/visit_cap", json={"walk_away": 50})
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "walk_away"
    stale = http.patch(f"/api/negotiations/{nid}", headers={"If-Match": etag}, json={"title": "x"})
    assert stale.status_code == 409
    renamed = http.patch(f"/api/negotiations/{nid}", json={"title": "Big Sky rates 2027"})
    assert renamed.json()["title"] == "Big Sky rates 2027"
    assert renamed.json()["terms"][1]["target"] == 32


def test_a_405_allows_every_method_the_path_answers(http: httpx.Client) -> None:
    # FastAPI makes one route per method; Starlette's 405 named only the first one's.
    assert http.put("/api/organisations").headers["allow"] == "GET, POST"
    response = http.delete("/api/negotiations/1")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, PATCH"


def test_if_match_null_means_no_check_as_the_document_allows(
    http: httpx.Client, accord: Accord
) -> None:
    nid = rate_negotiation(accord).id
    response = http.post(
        f"/api/negotiations/{nid}/terms",
        headers={"If-Match": "null"},
        json={"name": "visits", "kind": "visits"},
    )
    assert response.status_code == 201, response.text
    spec = http.get("/openapi.json").json()
    header = next(
        p
        for p in spec["paths"]["/api/negotiations/{negotiation_id}/terms"]["post"]["parameters"]
        if p["name"] == "if-match"
    )
    assert "null" in header["schema"]["pattern"]
