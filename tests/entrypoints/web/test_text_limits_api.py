"""The API's maxLength is the domain's table of limits; PostgreSQL never says "too long"."""

from __future__ import annotations

import json
import math

import httpx
import sqlalchemy as sa

from accord.bootstrap import Accord
from accord.domain.text_limits import LIMITS
from tests.support.factories import rate_negotiation


def test_the_api_documents_the_same_limits(http: httpx.Client) -> None:
    schemas = http.get("/openapi.json").json()["components"]["schemas"]

    def most(schema: str, field: str) -> int:
        spec = schemas[schema]["properties"][field]
        options = spec.get("anyOf", [spec])
        return int(next(o["maxLength"] for o in options if "maxLength" in o))

    assert most("OrganisationCreate", "name") == LIMITS["organisations.name"]
    assert most("OrganisationCreate", "county") == LIMITS["organisations.county"]
    assert most("ContactCreate", "phone") == LIMITS["contacts.phone"]
    assert most("NegotiationCreate", "patient_ref") == LIMITS["negotiations.patient_ref"]
    assert most("TermCreate", "name") == LIMITS["terms.name"]
    assert most("TermCreate", "unit") == LIMITS["terms.unit"]
    assert most("TermCreate", "billing_code") == LIMITS["terms.billing_code"]
    assert most("AllyCreate", "name") == LIMITS["allies.name"]


def test_postgresql_never_answers_value_too_long_for_what_the_api_accepts(
    http: httpx.Client,
) -> None:
    org = http.post("/api/organisations", json={"name": "P", "kind": "payer"}).json()
    phone = http.post(
        "/api/contacts",
        json={"organisation_id": org["id"], "name": "Pat", "phone": "1" * 51},
    )
    assert phone.status_code == 422
    county = http.post(
        "/api/organisations", json={"name": "Q", "kind": "payer", "county": "c" * 101}
    )
    assert county.status_code == 422
    fits = http.post(
        "/api/contacts",
        json={"organisation_id": org["id"], "name": "Pat", "phone": "1" * 50},
    )
    assert fits.status_code == 201


def test_a_competitor_price_stored_as_nan_does_not_break_the_preparation_page(
    sqlite_http: httpx.Client, sqlite_accord: Accord
) -> None:
    nid = rate_negotiation(sqlite_accord).id
    ok = sqlite_http.post(
        f"/api/negotiations/{nid}/checklist/prices", json={"description": "good", "amount": 50}
    )
    assert ok.status_code in (200, 201), ok.text
    # As an older Accord stored it, before NaN was refused at every door.
    with sqlite_accord.store.engine.begin() as connection:
        stored = connection.execute(
            sa.text("SELECT checklist FROM negotiations WHERE id = :id"), {"id": nid}
        ).scalar_one()
        checklist = json.loads(stored)
        checklist["competitor_prices"].append({"description": "bad", "amount": math.nan})
        connection.execute(
            sa.text("UPDATE negotiations SET checklist = :c WHERE id = :id"),
            {"c": json.dumps(checklist), "id": nid},  # json writes NaN as NaN
        )
    page = sqlite_http.get(f"/negotiations/{nid}/preparation")
    twin = sqlite_http.get(
        f"/negotiations/{nid}/preparation", headers={"Accept": "application/json"}
    )
    assert (page.status_code, twin.status_code) == (200, 200)
    assert "good" in page.text
