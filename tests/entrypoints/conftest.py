"""Fixtures of the tests under tests/entrypoints."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from accord.bootstrap import Accord, bootstrap
from accord.config import Settings
from accord.services import demo
from tests.entrypoints.server import live_server
from tests.support.clock import FixedClock
from tests.support.in_process import InProcessClient, in_process_client


@pytest.fixture
def http(accord: Accord) -> Iterator[InProcessClient]:
    """An HTTP client on the application in this process over the ``accord`` fixture
    (SQLite and PostgreSQL), signed in as an owner."""
    with in_process_client(accord) as client:
        yield client


@pytest.fixture
def sqlite_http(sqlite_accord: Accord) -> Iterator[InProcessClient]:
    """An HTTP client on the application in this process over a fresh SQLite database."""
    with in_process_client(sqlite_accord) as client:
        yield client


@pytest.fixture
def live_http(accord: Accord) -> Iterator[httpx.Client]:
    """An HTTP client on a real server over the ``accord`` fixture (SQLite and
    PostgreSQL): for the tests that keep the whole stack, sockets included, proven."""
    with live_server(accord) as base, httpx.Client(base_url=base, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def demo_accord(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Accord]:
    """One SQLite database with the demo negotiations, shared by a module's tests."""
    data: Path = tmp_path_factory.mktemp("demo")
    app = bootstrap(Settings(data_dir=data), clock=FixedClock())
    demo.load_demo(app.store.unit_of_work, app.clock.now())
    try:
        yield app
    finally:
        app.close()


@pytest.fixture(scope="module")
def demo_app(demo_accord: Accord) -> Iterator[InProcessClient]:
    """The application in this process over the demo database, built once a module
    (building it costs more than most tests' requests)."""
    with in_process_client(demo_accord) as client:
        yield client


@pytest.fixture
def demo_http(demo_app: InProcessClient) -> Iterator[httpx.Client]:
    """An HTTP client on the demo application in this process: a new one each test, so
    that no test sees another's cookies."""
    with demo_app.another_browser() as client:
        yield client
