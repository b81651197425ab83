"""A form and the API route of the same action are one input schema: the same bad value
is refused at both doors with the same message and the same field, and nothing is
written."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from accord.entrypoints.web.pages import preparation, workspace_forms
from accord.entrypoints.web.schema_forms import SchemaForm
from tests.entrypoints.server import FORM_TOKEN, post_form

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
# the agreement, a new negotiation, a worklist row, Settings -> Documents, Settings ->
# Team's organisations, the account page's tokens; a contract's negotiation below):
# (form path, the form's fields) and (the API's method, path and body)
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
    # the new-negotiation form, its new-counterparty fields too (NegotiationCreate)
    ("/negotiations", {"title": "T", "kind": "sideways", "our_org_id": "1",
                       "counterparty_id": "2"},
     "POST", "/api/negotiations", {"title": "T", "kind": "sideways", "our_org_id": 1,
                                   "counterparty_id": 2}),
    ("/negotiations", {"title": "T", "kind": "contract_rates", "our_org_id": "1",
                       "lead": "L" * 201, "counterparty_id": "2"},
     "POST", "/api/negotiations", {"title": "T", "kind": "contract_rates", "our_org_id": 1,
                                   "lead": "L" * 201, "counterparty_id": 2}),
    ("/negotiations", {"title": "T", "kind": "contract_rates", "our_org_id": "1",
                       "new_name": "Riverside SNF", "new_kind": "ours"},
     "POST", "/api/negotiations", {"title": "T", "kind": "contract_rates", "our_org_id": 1,
                                   "new_counterparty": {"name": "Riverside SNF",
                                                        "kind": "ours"}}),
    ("/negotiations", {"title": "T", "kind": "contract_rates", "our_org_id": "1",
                       "new_name": "R" * 201, "new_kind": "provider"},
     "POST", "/api/negotiations", {"title": "T", "kind": "contract_rates", "our_org_id": 1,
                                   "new_counterparty": {"name": "R" * 201,
                                                        "kind": "provider"}}),
    # a worklist row's status form (GroupStatusChange)
    ("/underpayments/status", {"payer": "Acme", "code": "97110", "reason": "CO-45",
                               "current_status": "new", "status": "paid"},
     "POST", "/api/underpayments/groups/status",
     {"payer": "Acme", "code": "97110", "reason": "CO-45", "current_status": "new",
      "status": "paid"}),
    ("/underpayments/status", {"payer": "Acme", "code": "97110", "reason": "CO-45",
                               "current_status": "new", "status": "appealed",
                               "tolerance_percent": "100"},
     "POST", "/api/underpayments/groups/status",
     {"payer": "Acme", "code": "97110", "reason": "CO-45", "current_status": "new",
      "status": "appealed", "tolerance_percent": 100}),
    # a refused tolerance the database could not hold: the page comes back over the
    # default period and tolerance (found by benchmarks/doors.py)
    ("/underpayments/status", {"payer": "Acme", "code": "97110", "reason": "CO-45",
                               "current_status": "new", "status": "appealed",
                               "tolerance_dollars": "1e309"},
     "POST", "/api/underpayments/groups/status",
     {"payer": "Acme", "code": "97110", "reason": "CO-45", "current_status": "new",
      "status": "appealed", "tolerance_dollars": "1e309"}),
    # Settings -> Documents: the letterhead and a kind's signer and clauses
    # (LetterheadUpdate, TemplateUpdate)
    ("/settings/documents/letterhead", {"organisation_name": "N" * 201},
     "PUT", "/api/document-letterhead", {"organisation_name": "N" * 201}),
    ("/settings/documents/letterhead", {"address_lines": "\n".join("1234567")},
     "PUT", "/api/document-letterhead", {"address_lines": list("1234567")}),
    ("/settings/documents/proposal", {"signer_title": "S" * 201},
     "PUT", "/api/document-templates/proposal", {"signer_title": "S" * 201}),
    ("/settings/documents/proposal", {"clause_introduction": "word " * 801},
     "PUT", "/api/document-templates/proposal",
     {"clauses": {"introduction": ("word " * 801).strip()}}),
    # Settings -> Team: the organisations a person sees (UserOrganisationsUpdate)
    ("/settings/team/test-owner/organisations", {"organisations": "O" * 201},
     "PUT", "/api/users/test-owner/organisations", {"organisations": ["O" * 201]}),
    # the account page's new API token (TokenCreate)
    ("/account/tokens", {"label": "export", "scope": "everything"},
     "POST", "/api/account/tokens", {"label": "export", "scope": "everything"}),
    ("/account/tokens", {"label": "export", "last_day": "1799971200"},
     "POST", "/api/account/tokens", {"label": "export", "last_day": "1799971200"}),
    ("/account/tokens", {"label": "", "scope": "write"},
     "POST", "/api/account/tokens", {"label": "", "scope": "write"}),
]  # fmt: skip


def _written(http: httpx.Client) -> tuple[object, ...]:
    """What any of these forms could have written: the record's organisations, contacts
    and negotiations, the document settings, the underpayments worklist, whose records
    each person sees, one's API tokens."""
    return (
        http.get("/api/contacts").json(), http.get("/api/organisations").json(),
        http.get("/api/negotiations", params={"limit": 500}).json()["total"],
        http.get("/api/negotiations/2").json()["version"],
        http.get("/api/document-templates/proposal").json(),
        http.get("/api/underpayments").json(), http.get("/api/users/organisations").json(),
        http.get("/api/account/tokens").json(), http.get("/api/users").json(),
    )  # fmt: skip


# Settings -> Team's add, role and disable/enable forms and the account page's password
# read into the request models of `http/schemas/accounts.py` (whose rules are the
# domain's), as /api/users and /api/account/password do: the same bad value gets the
# same refusal at both doors, and nothing is written
# (form path, the form's fields) and (the API's method, path and body)
TEAM_FORMS = [
    ("/settings/team/add", {"name": "Dana Lee", "role": "viewer"},
     "POST", "/api/users", {"name": "Dana Lee", "role": "viewer"}),
    ("/settings/team/add", {"name": "dana", "role": "viewer", "password": "short"},
     "POST", "/api/users", {"name": "dana", "role": "viewer", "password": "short"}),
    ("/settings/team/add", {"name": "dana", "role": ""},
     "POST", "/api/users", {"name": "dana"}),
    ("/settings/team/add", {"name": "dana", "role": "boss"},
     "POST", "/api/users", {"name": "dana", "role": "boss"}),
    ("/settings/team/test-owner/role", {"role": "boss"},
     "PATCH", "/api/users/test-owner", {"role": "boss"}),
    ("/settings/team/test-owner/active", {"active": "maybe"},
     "PATCH", "/api/users/test-owner", {"active": "maybe"}),
    ("/account/password", {"password": "p" * 1025, "again": "p" * 1025},
     "PUT", "/api/account/password", {"password": "p" * 1025}),
    ("/account/password", {"password": "", "again": ""},
     "PUT", "/api/account/password", {"password": ""}),
]  # fmt: skip


@pytest.mark.parametrize(("path", "fields", "method", "api_path", "body"),
                         OTHER_FORMS + TEAM_FORMS)  # fmt: skip
def test_the_other_forms_and_the_api_refuse_a_bad_value_alike(
    demo_http: httpx.Client,
    path: str,
    fields: dict[str, str],
    method: str,
    api_path: str,
    body: dict[str, object],
) -> None:
    before = _written(demo_http)
    api = demo_http.request(method, api_path, json=body)
    form = post_form(demo_http, path, data=fields, params={"format": "json"})
    assert api.status_code == form.status_code == 422, (api.text, form.text)
    assert form.json()["error"] == api.json()["error"]
    assert _written(demo_http) == before
    assert "short" not in api.text and "p" * 20 not in api.text  # a password is not echoed


TEAM_CHOICES = [
    ("/settings/team/test-owner/role", {"role": "boss"},
     "role", "role: must be one of: owner, admin, negotiator, viewer or auditor"),
    ("/settings/team/add", {"name": "dana", "role": ""}, "role", "role: this field is required"),
    ("/settings/team/test-owner/active", {"active": "maybe"}, "active",
     "active: must be yes or no"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "fields", "field", "message"), TEAM_CHOICES)
def test_a_bad_role_or_state_is_refused_in_plain_words(
    demo_http: httpx.Client, path: str, fields: dict[str, str], field: str, message: str
) -> None:
    team = demo_http.get("/settings/team", params={"format": "json"}).json()
    form = post_form(demo_http, path, data=fields, params={"format": "json"})
    assert form.status_code == 422, form.text
    assert form.json()["error"] == {"type": "ValidationError", "message": message,
                                    "field": field}  # fmt: skip
    assert demo_http.get("/settings/team", params={"format": "json"}).json() == team


# a contract's "open a rate negotiation" form (NegotiationFromContract): the demo has no
# stored contract, so each case stores one first
TERMS = "EXAMPLE HEALTH PLAN,2025-01-01,2026-06-30,no,60,per-code,no"
CONTRACT = (
    "payer,effective_date,end_date,auto_renews,notice_days,units_policy,mppr,code,basis,rate\n"
    f"{TERMS},97110,amount,50.00\n"
)
CONTRACT_FORMS = [
    ({"ours": "0"}, {"ours": 0}),
    ({"ours": "1", "title": "T" * 201}, {"ours": 1, "title": "T" * 201}),
]


@pytest.mark.parametrize(("fields", "body"), CONTRACT_FORMS)
def test_the_contract_form_and_the_api_refuse_a_bad_value_alike(
    sqlite_http: httpx.Client, fields: dict[str, str], body: dict[str, object]
) -> None:
    stored = sqlite_http.post("/api/contracts", files={"file": ("c.csv", CONTRACT.encode())})
    [contract] = stored.json()["contract_ids"]
    api = sqlite_http.post(f"/api/contracts/{contract}/negotiation", json=body)
    form = post_form(sqlite_http, f"/contracts/{contract}/negotiation", data=fields,
                     params={"format": "json"})  # fmt: skip
    assert api.status_code == form.status_code == 422, (api.text, form.text)
    assert form.json()["error"] == api.json()["error"]
    assert sqlite_http.get("/api/negotiations").json()["total"] == 0


def test_a_fee_schedule_upload_is_refused_alike_at_the_form_and_the_api(
    sqlite_http: httpx.Client,
) -> None:
    """Uploads keep their multipart form (no request model: the file's content is the
    input) and are checked by the one service both doors call."""
    bad = CONTRACT.replace("per-code", "per-visit").encode()
    api = sqlite_http.post("/api/contracts", files={"file": ("c.csv", bad)})
    page = sqlite_http.get("/contracts", headers={"Accept": "text/html"}).text
    token = FORM_TOKEN.search(page)
    assert token is not None
    form = sqlite_http.post(
        "/contracts", params={"format": "json"}, files={"file": ("c.csv", bad)},
        data={"csrf_token": token.group(1)}, headers={"Origin": str(sqlite_http.base_url)},
    )  # fmt: skip
    assert api.status_code == form.status_code == 422, (api.text, form.text)
    assert form.json()["error"] == api.json()["error"]
    assert sqlite_http.get("/api/contracts").json() == []


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
