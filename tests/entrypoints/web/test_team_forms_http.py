"""Settings → Team and the account password over HTTP, on SQLite and PostgreSQL: each
form is read into its request model (``http/schemas/accounts.py``, the organisations'
``UserOrganisationsUpdate``) and calls the same service as before; a refusal comes back
next to the form with what was typed (never a password), and writes nothing."""

from __future__ import annotations

import re

import httpx

from accord.bootstrap import Accord
from accord.domain.accounts import Role, User
from accord.domain.organisations import OrganisationKind
from accord.services import organisations
from tests.entrypoints.server import post_form

PASSWORD = "a long enough passphrase"
JSON = {"format": "json"}


def _user(accord: Accord, name: str) -> User:
    with accord.store.unit_of_work() as uow:
        found = uow.accounts.find(name)
    assert found is not None, name
    return found


def test_an_owner_adds_changes_disables_and_scopes_a_person(
    http: httpx.Client, accord: Accord
) -> None:
    practice = organisations.create_organisation(
        accord.store.unit_of_work(), name="Summit PT", kind=OrganisationKind.OURS
    ).id
    person = {"name": " Dana ", "role": "negotiator", "password": PASSWORD}
    added = post_form(http, "/settings/team/add", data=person)
    assert added.status_code == 303 and added.headers["location"].endswith("saved=person#people")
    dana = _user(accord, "dana")
    assert (dana.role, dana.has_password, dana.active) == (Role.NEGOTIATOR, True, True)

    linked = post_form(http, "/settings/team/add", data={"name": "eve", "role": "viewer"},
                       params=JSON)  # fmt: skip
    assert linked.status_code == 200, linked.text
    assert linked.json()["link"]["name"] == "eve" and not _user(accord, "eve").has_password

    steps = [
        ("role", {"role": "viewer"}, "saved=role"),
        ("active", {"active": "no"}, "saved=disabled"),
        ("organisations", {"organisations": str(practice)}, "saved=organisations"),
    ]
    for action, fields, saved in steps:
        done = post_form(http, f"/settings/team/dana/{action}", data=fields)
        assert done.status_code == 303 and saved in done.headers["location"], done.text
    dana = _user(accord, "dana")
    assert (dana.role, dana.active) == (Role.VIEWER, False)
    sees = http.get("/api/users/dana/organisations").json()
    assert sees["organisations"] == [{"id": practice, "name": "Summit PT"}]
    enabled = post_form(http, "/settings/team/dana/active", data={"active": "yes"})
    assert "saved=enabled" in enabled.headers["location"] and _user(accord, "dana").active


def test_a_refused_person_comes_back_next_to_the_form_as_typed(
    http: httpx.Client, accord: Accord
) -> None:
    before = http.get("/settings/team", params=JSON).json()
    refused = post_form(http, "/settings/team/add",
                        data={"name": "Dana Lee", "role": "viewer", "password": PASSWORD},
                        headers={"Accept": "text/html"})  # fmt: skip
    assert refused.status_code == 422
    error = re.search(r'id="add-error"[^>]*>(.*?)</', refused.text, re.S)
    assert error is not None and "a user name is 1–64 characters" in error.group(1)
    assert 'value="Dana Lee"' in refused.text and PASSWORD not in refused.text
    role = post_form(http, "/settings/team/test-owner/role", data={"role": "boss"},
                     headers={"Accept": "text/html"})  # fmt: skip
    assert role.status_code == 422 and 'id="person-test-owner-error"' in role.text
    assert "must be one of: owner, admin, negotiator, viewer or auditor" in role.text
    assert http.get("/settings/team", params=JSON).json() == before


def test_one_sets_ones_own_password_typed_twice(http: httpx.Client, accord: Accord) -> None:
    tiny = {"password": "tiny-9chr", "again": "tiny-9chr"}
    short = post_form(http, "/account/password", data=tiny, headers={"Accept": "text/html"})
    assert short.status_code == 422 and "at least 10 characters" in short.text
    assert "tiny-9chr" not in short.text  # a password is never echoed
    differ = post_form(http, "/account/password", params=JSON,
                       data={"password": PASSWORD, "again": PASSWORD + "!"})  # fmt: skip
    assert differ.status_code == 422 and differ.json()["error"]["field"] == "again"
    assert not _user(accord, "test-owner").has_password
    saved = post_form(http, "/account/password", data={"password": PASSWORD, "again": PASSWORD})
    assert saved.status_code == 303 and saved.headers["location"] == "/login?next=/account"
    assert _user(accord, "test-owner").has_password
