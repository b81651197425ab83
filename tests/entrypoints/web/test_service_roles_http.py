"""A viewer's crafted POST is refused twice over (issue 13, roles in services): at the
HTTP door, and by the service itself when the door's check is not there at all.

The second server is the real application with its authentication middleware taken
out and the viewer put in the request's state as that middleware would: the request
then reaches the route and the service, which refuses it with its own sentence.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

import httpx
import pytest
import uvicorn
from starlette.types import ASGIApp, Receive, Scope, Send

from accord.asgi import create_app
from accord.bootstrap import Accord
from accord.domain.accounts import Role
from accord.domain.actors import Actor
from accord.entrypoints.http.auth import AuthenticationMiddleware
from accord.services import audit, contract_store, negotiations, remittances
from accord.services import demo as demo_service
from accord.services.audit_ports import AuditQuery
from tests.entrypoints.server import free_port, live_server
from tests.support.factories import rate_negotiation
from tests.support.signed_in import user_of_role

OFFER = {"side": "theirs", "values": {"rate_97110": 34}}


class ActingAs:
    """ASGI wrapper: the request's user, put where the authentication middleware puts it."""

    def __init__(self, app: ASGIApp, actor: Actor) -> None:
        self.app = app
        self.actor = actor

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope = {**scope, "state": {**scope.get("state", {}), "actor": self.actor}}
        await self.app(scope, receive, send)


@contextmanager
def _without_the_door(accord: Accord, actor: Actor) -> Iterator[str]:
    """The application, served over real HTTP, with no authentication middleware."""
    app = create_app(accord)
    app.user_middleware = [
        m for m in app.user_middleware if cast(object, m.cls) is not AuthenticationMiddleware
    ]
    served: Any = ActingAs(app, actor)
    port = free_port()
    config = uvicorn.Config(served, host="127.0.0.1", port=port, log_level="warning",
                            lifespan="off")  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _written(accord: Accord, nid: int) -> tuple[int, int]:
    offers = negotiations.get_negotiation(accord.store.unit_of_work(), nid).offer_history

    def count(entity: str | None = None) -> int:
        query = AuditQuery(entity=entity, limit=1)
        return audit.audit_entries(accord.store.unit_of_work(), query).total

    # The record's entries: signing the test users in adds account entries of its own.
    return len(offers), count() - count("user") - count("sign_in_link")


def test_a_viewers_crafted_post_is_refused_by_the_door_and_by_the_service(
    accord: Accord,
) -> None:
    nid = rate_negotiation(accord).id
    assert nid is not None
    before = _written(accord, nid)
    with live_server(accord, signed_in=Role.VIEWER) as base:
        door = httpx.post(f"{base}/api/negotiations/{nid}/offers", json=OFFER, timeout=30)
    assert door.status_code == 403
    assert door.json()["error"]["message"] == (
        "test-viewer is a viewer, who may not change the record; ask an owner or admin"
    )
    assert _written(accord, nid) == before

    viewer = Actor(user_of_role(accord, Role.VIEWER), "test-viewer", Role.VIEWER)
    with _without_the_door(accord, viewer) as base:
        service = httpx.post(f"{base}/api/negotiations/{nid}/offers", json=OFFER, timeout=30)
        assert service.status_code == 403, service.text
        error = service.json()["error"]
        assert error["type"] == "PermissionDeniedError"
        assert error["message"] == (
            "test-viewer is a viewer, who may not change the record (add offer); "
            "ask an owner or admin"
        )
        assert _written(accord, nid) == before  # no offer, no audit row

        # The same server lets a negotiator through: the refusal was the role's.
        negotiator = Actor(user_of_role(accord, Role.NEGOTIATOR), "test-negotiator",
                           Role.NEGOTIATOR)  # fmt: skip
    with _without_the_door(accord, negotiator) as base:
        made = httpx.post(f"{base}/api/negotiations/{nid}/offers", json=OFFER, timeout=30)
        assert made.status_code == 201, made.text
    offers, trail = _written(accord, nid)
    assert (offers, trail) == (before[0] + 1, before[1] + 1)
    newest = audit.audit_entries(accord.store.unit_of_work(), AuditQuery(limit=1)).entries[0]
    assert (newest.entry.user_name, newest.entry.entity) == ("test-negotiator", "offer")


READ_PATHS = [
    "/", "/contacts", "/contracts", "/contracts/1", "/market", "/outcomes", "/rehearse",
    "/negotiations/2", "/negotiations/2/preparation", "/negotiations/2/analysis",
    "/negotiations/2/brief", "/negotiations/2/history", "/negotiations/2/rehearse",
    "/remittances", "/remittances/1", "/scorecard", "/underpayments",
    "/api/audit", "/api/audit/verify", "/api/negotiations/2/documents/proposal?format=pdf",
]  # fmt: skip


@pytest.mark.parametrize("role", [Role.VIEWER, Role.AUDITOR])
def test_a_viewer_and_an_auditor_read_every_page_and_the_trail_names_their_reads(
    sqlite_accord: Accord, role: Role
) -> None:
    app = sqlite_accord
    demo_service.load_demo(app.store.unit_of_work, app.clock.now())
    contract_store.load_demo_contracts(app.store.unit_of_work, app.clock, app.demo_remittances)
    name, data = next(iter(app.demo_remittances.files(app.clock.now().date())))
    remittances.ingest_remittance_bytes(
        app.store.unit_of_work, app.remittance_reader, app.clock, data, name=name
    )
    with live_server(app, signed_in=role) as base, httpx.Client(base_url=base) as client:
        for path in READ_PATHS:
            answer = client.get(path, headers={"Accept": "text/html"}, timeout=60)
            assert answer.status_code == 200, f"{path}: {answer.status_code} {answer.text[:200]}"
    reads = audit.audit_entries(app.store.unit_of_work(), AuditQuery(limit=2)).entries
    assert [(v.entry.entity, v.entry.user_name) for v in reads] == [
        ("document", f"test-{role.value}"),
        ("remittance_payment", f"test-{role.value}"),
    ]
