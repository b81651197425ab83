"""``/api/account/tokens`` over real HTTP: a user lists, creates and revokes their own
tokens; a read-only token creates none; another's token is not theirs to revoke; an
ended token is refused (issue 13 §1)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from accord.bootstrap import Accord
from accord.domain.accounts import Role, TokenScope
from accord.domain.actors import OPERATOR
from accord.services import accounts
from tests.entrypoints.server import live_server
from tests.support.clock import FixedClock


@pytest.fixture
def api(sqlite_accord: Accord) -> Iterator[tuple[httpx.Client, str, str]]:
    """A bare server; the viewer vera's write token and read token."""
    uow, now = sqlite_accord.store.unit_of_work, sqlite_accord.clock.now()
    for name, role in (("vera", Role.VIEWER), ("ned", Role.NEGOTIATOR)):
        accounts.add_user(uow(), sqlite_accord.passwords, OPERATOR, name, role, None, now)
    _, write = accounts.create_token(uow(), OPERATOR, "vera", "setup", TokenScope.WRITE, now)
    _, read = accounts.create_token(uow(), OPERATOR, "vera", "reader", TokenScope.READ, now)
    with live_server(sqlite_accord, signed_in=None) as base, httpx.Client(base_url=base) as client:
        yield client, write, read


def _as(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_a_user_manages_their_own_tokens_over_the_api(
    api: tuple[httpx.Client, str, str], clock: FixedClock
) -> None:
    client, write, _ = api
    made = client.post("/api/account/tokens", headers=_as(write),
                       json={"label": "export", "last_day": "2026-03-04"})  # fmt: skip
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["secret"].startswith("acc_") and body["scope"] == "read"
    assert (body["last_day"], body["state"]) == ("2026-03-04", "live")
    listed = client.get("/api/account/tokens", headers=_as(body["secret"]))
    assert listed.status_code == 200 and "secret" not in listed.text
    assert [t["label"] for t in listed.json()] == ["setup", "reader", "export"]
    assert listed.json()[2]["last_used_at"] is not None  # this very call

    clock.advance(days=3)  # 5 March: past its last day
    assert client.get("/api/account/tokens", headers=_as(body["secret"])).status_code == 401
    states = {t["label"]: t["state"] for t in client.get(
        "/api/account/tokens", headers=_as(write)).json()}  # fmt: skip
    assert states == {"setup": "live", "reader": "live", "export": "ended"}

    revoked = client.post(f"/api/account/tokens/{body['id']}/revoke", headers=_as(write))
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"


def test_a_read_only_token_creates_no_token_and_bad_input_is_named(
    api: tuple[httpx.Client, str, str],
) -> None:
    client, write, read = api
    refused = client.post("/api/account/tokens", headers=_as(read), json={"label": "more"})
    assert refused.status_code == 403 and "read-only" in refused.json()["error"]["message"]
    for body, field in (({"label": ""}, "label"), ({"label": "x", "scope": "admin"}, "scope"),
                        ({"label": "x", "last_day": "2026-02-01"}, "last_day"),
                        ({"label": "x", "last_day": "31/12/2026"}, "last_day")):  # fmt: skip
        bad = client.post("/api/account/tokens", headers=_as(write), json=body)
        assert bad.status_code == 422, bad.text
        assert field in (bad.json()["error"]["field"] or ""), bad.text
    assert client.get("/api/account/tokens").status_code == 401  # anonymous


def test_anothers_token_is_not_found(
    api: tuple[httpx.Client, str, str], sqlite_accord: Accord
) -> None:
    client, write, _ = api
    theirs, _ = accounts.create_token(
        sqlite_accord.store.unit_of_work(), OPERATOR, "ned", "ned's", TokenScope.READ,
        sqlite_accord.clock.now(),
    )  # fmt: skip
    refused = client.post(f"/api/account/tokens/{theirs.id}/revoke", headers=_as(write))
    assert refused.status_code == 404
    (still,) = accounts.list_tokens(sqlite_accord.store.unit_of_work(), OPERATOR, "ned")
    assert still.revoked_at is None
