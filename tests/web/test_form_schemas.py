"""A form and the API route of the same action are one input schema: the same bad value
is refused at both doors with the same message and the same field, and nothing is
written."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from accord.entrypoints.web.pages import preparation, workspace_forms
from accord.entrypoints.web.schema_forms import SchemaForm
from tests.web.server import post_form

# form name → (the form's fields, the API's method, path and body), one bad value each
CASES: dict[str, tuple[dict[str, str], str, str, dict[str, object]]] = {
    "term": (
        {"name": "visits", "kind": "hours"},
        "POST", "/api/negotiations/2/terms", {"name": "visits", "kind": "hours"},
    ),
    "revise_term": (
        {"name": "rate_97110", "priority": "9"},
        "PATCH", "/api/negotiations/2/terms/rate_97110", {"priority": 9},
    ),
    "revise": (
        {"title": "", "approach": "win_win"},
        "PATCH", "/api/negotiations/2", {"title": ""},
    ),
    "term_status": (
        {"name": "rate_97110", "status": "maybe"},
        "PUT", "/api/negotiations/2/terms/rate_97110/status", {"status": "maybe"},
    ),
    "offer": (
        {"side": "neither", "value.rate_97110": "35"},
        "POST", "/api/negotiations/2/offers", {"side": "neither", "values": {"rate_97110": 35}},
    ),
    "interaction": (
        {"channel": "pigeon", "summary": "s"},
        "POST", "/api/negotiations/2/interactions", {"channel": "pigeon", "summary": "s"},
    ),
    "goals": ({"goals": "  \n "}, "PUT", "/api/negotiations/2/goals", {"goals": []}),
    "follow_up": (
        {"interaction_id": "1", "replied_at": "9999-12-31T23:59:59-14:00"},
        "POST", "/api/negotiations/2/interactions/1/follow-up",
        {"replied_at": "9999-12-31T23:59:59-14:00"},
    ),
    "checklist": (
        {"item": "why?", "text": "x"},
        "POST", "/api/negotiations/2/checklist/answers", {"item": "why?", "text": "x"},
    ),
    "price": (
        {"description": "d" * 201, "amount": "40"},
        "POST", "/api/negotiations/2/checklist/prices", {"description": "d" * 201, "amount": 40},
    ),
    "team": (
        {"name": "Ann", "role": "boss"},
        "POST", "/api/negotiations/2/team", {"name": "Ann", "role": "boss"},
    ),
    "link_contact": (
        {"contact_id": "0"}, "POST", "/api/negotiations/2/contacts", {"contact_id": 0},
    ),
    "leverage": (
        {"kind": "volume", "description": "d", "strength": "9"},
        "POST", "/api/negotiations/2/leverage",
        {"kind": "volume", "description": "d", "strength": 9},
    ),
    "ally": (
        {"kind": "nobody", "name": "n"},
        "POST", "/api/negotiations/2/allies", {"kind": "nobody", "name": "n"},
    ),
}  # fmt: skip
SCHEMA_FORMS = (*workspace_forms.SCHEMA_FORMS, *preparation.SCHEMA_FORMS)


def test_every_schema_form_has_a_case() -> None:
    assert {row.name for row in SCHEMA_FORMS} == set(CASES)


@pytest.mark.parametrize("row", SCHEMA_FORMS, ids=lambda row: row.name)
def test_the_form_and_the_api_refuse_a_bad_value_alike(
    demo_http: httpx.Client, row: SchemaForm[Any]
) -> None:
    name = row.name
    path = f"/negotiations/2{row.path}"
    fields, method, api_path, body = CASES[name]
    before = demo_http.get("/api/negotiations/2").json()["version"]
    api = demo_http.request(method, api_path, json=body)
    form = post_form(demo_http, path, data={**fields, "version": str(before)},
                     params={"format": "json"})  # fmt: skip
    assert api.status_code == form.status_code == 422, (api.text, form.text)
    assert form.json()["error"] == api.json()["error"]
    assert demo_http.get("/api/negotiations/2").json()["version"] == before


# forms that read into the API's request model outside the table (the contacts page,
# the agreement): (form path, the form's fields) and (the API's method, path and body)
OTHER_FORMS = [
    ("/organisations", {"name": "Summit PT", "kind": "alien"},
     "POST", "/api/organisations", {"name": "Summit PT", "kind": "alien"}),
    ("/contacts", {"name": "Ann Lee", "role": "decision_maker"},
     "POST", "/api/contacts", {"name": "Ann Lee", "role": "decision_maker"}),
    ("/contacts", {"name": "Ann Lee", "organisation_id": "1", "role": "boss"},
     "POST", "/api/contacts", {"name": "Ann Lee", "organisation_id": 1, "role": "boss"}),
    ("/negotiations/2/agreement",
     {"effective": "2026-04-01", "soft_amount": "10", "soft_category": "bogus"},
     "POST", "/api/negotiations/2/agreement",
     {"effective": "2026-04-01", "soft_savings": [{"category": "bogus", "amount": 10}]}),
    ("/negotiations/2/agreement", {"final.rate_97110": "37"},
     "POST", "/api/negotiations/2/agreement", {"final_terms": {"rate_97110": 37}}),
]  # fmt: skip


@pytest.mark.parametrize(("path", "fields", "method", "api_path", "body"), OTHER_FORMS)
def test_the_other_forms_and_the_api_refuse_a_bad_value_alike(
    demo_http: httpx.Client,
    path: str,
    fields: dict[str, str],
    method: str,
    api_path: str,
    body: dict[str, object],
) -> None:
    def written() -> tuple[int, int]:
        contacts = demo_http.get("/api/contacts").json()
        return len(contacts), demo_http.get("/api/negotiations/2").json()["version"]

    before = written()
    api = demo_http.request(method, api_path, json=body)
    form = post_form(demo_http, path, data=fields, params={"format": "json"})
    assert api.status_code == form.status_code == 422, (api.text, form.text)
    assert form.json()["error"] == api.json()["error"]
    assert written() == before


# a refusal read by a nurse or a billing lead: pydantic's wording never reaches them
PLAIN = [
    ("/negotiations/2/revise", {"title": "", "approach": "win_win"},
     "PATCH", "/api/negotiations/2", {"title": ""}, "this field is required"),
    ("/negotiations/2/terms/revise", {"name": "rate_97110", "priority": "9"},
     "PATCH", "/api/negotiations/2/terms/rate_97110", {"priority": 9}, "must be 5 or less"),
    ("/negotiations/2/prices", {"description": "d" * 201, "amount": "40"},
     "POST", "/api/negotiations/2/checklist/prices", {"description": "d" * 201, "amount": 40},
     "at most 200 characters"),
    ("/negotiations/2/interactions", {"channel": "pigeon", "summary": "s"},
     "POST", "/api/negotiations/2/interactions", {"channel": "pigeon", "summary": "s"},
     "must be one of: "),
]  # fmt: skip


@pytest.mark.parametrize(("path", "fields", "method", "api_path", "body", "words"), PLAIN)
def test_a_refusal_is_in_plain_words_at_both_doors(
    demo_http: httpx.Client,
    path: str,
    fields: dict[str, str],
    method: str,
    api_path: str,
    body: dict[str, object],
    words: str,
) -> None:
    version = str(demo_http.get("/api/negotiations/2").json()["version"])
    api = demo_http.request(method, api_path, json=body).json()["error"]["message"]
    form = post_form(demo_http, path, data={**fields, "version": version},
                     params={"format": "json"}).json()["error"]["message"]  # fmt: skip
    assert api == form
    assert words in api, api
    assert "should" not in api and "Value error" not in api, api
