"""Building the application is cheap after the first time: the routes are analysed once
per process and shared, while each application serves its own Accord."""

from __future__ import annotations

from pathlib import Path

from accord.asgi import create_app
from accord.bootstrap import Accord, bootstrap
from accord.config import Settings
from tests.support.clock import FixedClock
from tests.support.in_process import in_process_client


def test_two_applications_share_the_analysed_routes(sqlite_accord: Accord) -> None:
    first, second = create_app(sqlite_accord), create_app(sqlite_accord)
    shared = [route for route in second.routes if any(route is own for own in first.routes)]
    per_app = {getattr(route, "path", "") for route in second.routes if route not in shared}
    assert shared, "no route is shared"
    # only what is cheap to build stays per application: the OpenAPI document (which
    # FastAPI caches on the app), /docs and the static files
    assert per_app <= {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/static"}
    assert first.openapi() == second.openapi()


def test_each_application_serves_its_own_database(tmp_path: Path) -> None:
    accords = [
        bootstrap(Settings(data_dir=tmp_path / name), clock=FixedClock()) for name in ("a", "b")
    ]
    try:
        with in_process_client(accords[0]) as one, in_process_client(accords[1]) as other:
            created = one.post("/api/organisations", json={"name": "Summit PT", "kind": "ours"})
            assert created.status_code == 201, created.text
            assert [o["name"] for o in one.get("/api/organisations").json()] == ["Summit PT"]
            assert other.get("/api/organisations").json() == []
            # the pages too: the session key and the record come from the request's app
            assert "Summit PT" in one.get("/contacts").text
            assert "Summit PT" not in other.get("/contacts").text
    finally:
        for accord in accords:
            accord.close()
