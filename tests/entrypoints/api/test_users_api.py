"""``/api/users`` and ``/api/account/password`` over HTTP, on SQLite and PostgreSQL:
owners and admins add people, change roles, disable and enable them and hand out
one-time sign-in links, as on Settings → Team; everyone sets their own password, as on
the account page; the services' rules hold at this door too, and every change is in the
audit trail with no secret in any answer or log line."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import httpx
import pytest

from accord.bootstrap import Accord
from accord.domain.accounts import Role, TokenScope
from accord.domain.actors import OPERATOR
from accord.services import accounts
from tests.entrypoints.server import FORM_TOKEN
from tests.support.in_process import in_process_client
from tests.support.signed_in import user_of_role

PASSWORD = "correct horse battery staple"


def _as(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def _token(accord: Accord, name: str, scope: TokenScope) -> str:
    _, secret = accounts.create_token(
        accord.store.unit_of_work(), OPERATOR, name, "test", scope, accord.clock.now()
    )
    return secret


def _people(http: httpx.Client) -> dict[str, dict[str, object]]:
    listed = http.get("/api/users")
    assert listed.status_code == 200, listed.text
    return {row["name"]: row for row in listed.json()}


def _signs_in(http: httpx.Client, name: str, password: str) -> bool:
    """Whether the sign-in page takes this name and password (in a browser of its own)."""
    with http.another_browser() as browser:  # type: ignore[attr-defined]
        page = browser.get("/login", headers={"Accept": "text/html"})
        token = FORM_TOKEN.search(page.text)
        assert token is not None
        answer = browser.post("/login", data={"name": name, "password": password, "next": "/",
                                              "csrf_token": token.group(1)},
                              headers={"Origin": str(browser.base_url).rstrip("/")})  # fmt: skip
    return answer.status_code == 303 and "accord_session" in answer.headers.get("set-cookie", "")


def test_an_owner_adds_a_person_with_a_password(http: httpx.Client, accord: Accord) -> None:
    made = http.post("/api/users", json={"name": " Dana ", "role": "viewer", "password": PASSWORD})
    assert made.status_code == 201, made.text
    body = made.json()
    assert body == {"name": "dana", "role": "viewer", "active": True, "has_password": True,
                    "added": accord.clock.now().date().isoformat(), "sees_all": True,
                    "organisations": [], "sign_in_link": None}  # fmt: skip
    assert _people(http)["dana"] == {k: v for k, v in body.items() if k != "sign_in_link"}
    assert set(_people(http)) == {"dana", "test-owner"}
    again = http.post("/api/users", json={"name": "dana", "role": "viewer"})
    assert again.status_code == 409
    assert again.json()["error"]["message"] == "a user named 'dana' exists already"


def test_a_person_added_without_a_password_gets_a_link_that_signs_them_in_once(
    http: httpx.Client, accord: Accord
) -> None:
    made = http.post("/api/users", json={"name": "erin", "role": "negotiator"})
    assert made.status_code == 201, made.text
    assert made.headers["cache-control"] == "no-store"
    link = made.json()["sign_in_link"]
    assert (link["name"], link["minutes"], made.json()["has_password"]) == ("erin", 15, False)
    url = urlsplit(link["url"])
    assert (url.path, url.query.startswith("token=")) == ("/login/link", True)
    with http.another_browser() as browser:  # type: ignore[attr-defined]
        used = browser.get(f"{url.path}?{url.query}")
        assert used.status_code == 303, used.text
        assert browser.get(f"{url.path}?{url.query}").status_code != 303  # once only
    fresh = http.post("/api/users/erin/sign-in-link")
    assert fresh.status_code == 201 and fresh.headers["cache-control"] == "no-store"
    assert fresh.json()["url"] != link["url"] and fresh.json()["name"] == "erin"
    assert http.post("/api/users/nobody/sign-in-link").status_code == 404


def test_an_owner_changes_a_role_and_disables_and_enables_a_person(
    http: httpx.Client, accord: Accord
) -> None:
    user_of_role(accord, Role.VIEWER)
    token = _token(accord, "test-viewer", TokenScope.READ)
    promoted = http.patch("/api/users/test-viewer", json={"role": "negotiator"})
    assert promoted.status_code == 200, promoted.text
    assert (promoted.json()["role"], promoted.json()["active"]) == ("negotiator", True)
    both = http.patch("/api/users/TEST-VIEWER", json={"role": "auditor", "active": False})
    assert both.status_code == 200, both.text
    assert (both.json()["role"], both.json()["active"]) == ("auditor", False)
    assert http.get("/api/negotiations", headers=_as(token)).status_code == 401  # tokens stop
    enabled = http.patch("/api/users/test-viewer", json={"active": True})
    assert enabled.json()["active"] is True and enabled.json()["role"] == "auditor"
    assert http.get("/api/negotiations", headers=_as(token)).status_code == 200
    unchanged = http.patch("/api/users/test-viewer", json={})
    assert unchanged.status_code == 200 and unchanged.json() == enabled.json()
    assert http.patch("/api/users/nobody", json={"active": False}).status_code == 404


def test_disabled_people_get_no_link(http: httpx.Client, accord: Accord) -> None:
    user_of_role(accord, Role.VIEWER)
    http.patch("/api/users/test-viewer", json={"active": False})
    refused = http.post("/api/users/test-viewer/sign-in-link")
    assert refused.status_code == 409
    assert refused.json()["error"]["message"] == "test-viewer is disabled; enable them first"


def test_an_admin_is_refused_an_owner_and_the_last_owner_stays(
    http: httpx.Client, accord: Accord
) -> None:
    user_of_role(accord, Role.ADMIN)
    with in_process_client(accord, signed_in=Role.ADMIN) as admin:
        for body in ({"active": False}, {"role": "viewer"}, {"role": "owner"}, {"active": True}):
            refused = admin.patch("/api/users/test-owner", json=body)
            assert refused.status_code == 403, (body, refused.text)
        assert admin.post("/api/users/test-owner/sign-in-link").status_code == 403
        assert admin.post("/api/users", json={"name": "olga", "role": "owner"}).status_code == 403
        made = admin.post("/api/users", json={"name": "vic", "role": "viewer"})
        assert made.status_code == 201, made.text
    for body in ({"role": "admin"}, {"active": False}):
        last = http.patch("/api/users/test-owner", json=body)
        assert last.status_code == 409, last.text
        assert last.json()["error"]["message"] == (
            "test-owner is the last active owner; make another owner first"
        )
    owner = _people(http)["test-owner"]
    assert (owner["role"], owner["active"]) == ("owner", True)
    assert set(_people(http)) == {"test-admin", "test-owner", "vic"}


@pytest.mark.parametrize("role", [Role.VIEWER, Role.NEGOTIATOR, Role.AUDITOR])
def test_people_who_do_not_manage_users_are_refused(accord: Accord, role: Role) -> None:
    user_of_role(accord, Role.OWNER)
    user_of_role(accord, role)
    with in_process_client(accord, signed_in=role) as client:
        assert client.get("/api/users").status_code == 403
        assert client.post("/api/users", json={"name": "x", "role": "viewer"}).status_code == 403
        assert client.patch("/api/users/test-owner", json={"active": False}).status_code == 403
        assert client.post("/api/users/test-owner/sign-in-link").status_code == 403
    with accord.store.unit_of_work() as uow:
        people = {(u.name, u.role, u.active) for u in uow.accounts.list()}
    assert people == {(f"test-{role.value}", role, True), ("test-owner", Role.OWNER, True)}


def test_a_read_token_changes_nothing_and_a_write_token_only_its_own_password(
    http: httpx.Client, accord: Accord
) -> None:
    for name, role in (("ann", Role.NEGOTIATOR), ("ben", Role.VIEWER)):
        accounts.add_user(accord.store.unit_of_work(), accord.passwords, OPERATOR, name, role,
                          PASSWORD, accord.clock.now())  # fmt: skip
    owner_reads = _token(accord, "test-owner", TokenScope.READ)
    for method, path, body in (
        ("POST", "/api/users", {"name": "x", "role": "viewer"}),
        ("PATCH", "/api/users/ann", {"active": False}),
        ("POST", "/api/users/ann/sign-in-link", None),
        ("PUT", "/api/account/password", {"password": "a new long password"}),
    ):
        refused = http.request(method, path, json=body, headers=_as(owner_reads))
        assert refused.status_code == 403, (path, refused.text)
        assert "read-only" in refused.json()["error"]["message"]
    # listing the team is managing it (as for /api/users/organisations): a read-only
    # token holds reading the record only, whoever's it is
    assert http.get("/api/users", headers=_as(owner_reads)).status_code == 403
    assert http.get("/api/users", headers=_as(_token(accord, "test-owner", TokenScope.WRITE))
                    ).status_code == 200  # fmt: skip

    ann = _token(accord, "ann", TokenScope.WRITE)
    assert http.patch("/api/users/ben", json={"active": False}, headers=_as(ann)).status_code == 403
    assert http.post("/api/users/ben/sign-in-link", headers=_as(ann)).status_code == 403
    # and a name that does not exist is refused alike: the answer does not tell
    assert http.post("/api/users/nobody/sign-in-link", headers=_as(ann)).status_code == 403
    changed = http.put("/api/account/password", json={"password": "ann's new passphrase"},
                       headers=_as(ann))  # fmt: skip
    assert changed.status_code == 204, changed.text
    assert _signs_in(http, "ann", "ann's new passphrase")
    assert not _signs_in(http, "ann", PASSWORD)
    assert _signs_in(http, "ben", PASSWORD)  # ben's untouched
    assert _people(http)["ben"]["active"] is True
    assert set(_people(http)) == {"ann", "ben", "test-owner"}


def test_ones_own_password_follows_the_account_pages_rules(http: httpx.Client) -> None:
    short = http.put("/api/account/password", json={"password": "short"})
    assert short.status_code == 422
    assert short.json()["error"] == {
        "type": "ValidationError", "field": "password",
        "message": "password: a password needs at least 10 characters; a few words make a good one",
    }  # fmt: skip
    assert "short" not in short.text.replace("a password needs", "")
    assert http.put("/api/account/password", json={}).status_code == 422
    assert http.put("/api/account/password", json={"password": PASSWORD}).status_code == 204
    assert _signs_in(http, "test-owner", PASSWORD)


def test_the_audit_trail_records_each_change_and_no_secret_is_answered_or_logged(
    http: httpx.Client, accord: Accord, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    answers = [
        http.post("/api/users", json={"name": "dana", "role": "viewer", "password": PASSWORD}),
        http.post("/api/users", json={"name": "erin", "role": "viewer"}),
        http.patch("/api/users/dana", json={"role": "negotiator"}),
        http.patch("/api/users/dana", json={"active": False}),
        http.post("/api/users/erin/sign-in-link"),
        http.get("/api/users"),
        http.put("/api/account/password", json={"password": PASSWORD + "!"}),
    ]
    assert all(a.status_code < 300 for a in answers), [a.text for a in answers]
    # as on the account page, a new password signs out every session, this one too
    assert http.get("/api/users").status_code == 401
    owner = _as(_token(accord, "test-owner", TokenScope.WRITE))
    links = [urlsplit(a.json()["sign_in_link"]["url"]).query for a in answers[1:2]]
    links.append(urlsplit(answers[4].json()["url"]).query)
    for answer in answers:
        assert PASSWORD not in answer.text and "argon2" not in answer.text
    for answer in (a for i, a in enumerate(answers) if i not in (1, 4)):
        assert "token=" not in answer.text
    logged = caplog.text
    assert PASSWORD not in logged and not any(link.split("=", 1)[1] in logged for link in links)

    trail = http.get("/api/audit", params={"entity": "user"}, headers=owner)
    assert trail.status_code == 200, trail.text
    text = trail.text
    assert PASSWORD not in text and "argon2" not in text
    assert not any(link.split("=", 1)[1] in text for link in links)
    changes = [(e["action"], e["before"], e["after"]) for e in _entries(trail.json())]
    dana = {"name": "dana", "role": "viewer", "active": True, "password": "set"}
    assert ("create", None, dana) in changes
    assert ("update", {"role": "viewer"}, {"role": "negotiator"}) in changes
    assert ("update", {"active": True}, {"active": False}) in changes
    assert ("update", {"name": "test-owner", "password": "none"},
            {"name": "test-owner", "password": "changed"}) in changes  # fmt: skip


def _entries(page: object) -> list[dict[str, object]]:
    if isinstance(page, dict):
        for key in ("entries", "items", "rows"):
            if key in page:
                return list(page[key])
    assert isinstance(page, list)
    return page
