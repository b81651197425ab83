"""Fixtures for the API and web tests.

``http``, ``sqlite_http`` and ``demo_http`` talk to the application in this process
(``tests/support/in_process.py``): most tests only exchange requests and answers.
``live_http``, ``demo_base`` and the browser's ``page`` run a real uvicorn server on
127.0.0.1, for what only a server proves (and at least one test per area, so that the
real stack stays proven: the API, the pages, signing in, downloads).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from accord.bootstrap import Accord, bootstrap
from accord.config import Settings
from accord.services import demo
from tests.support.clock import FixedClock
from tests.support.in_process import InProcessClient, in_process_client
from tests.web.server import CHROMIUM_ARGS, chromium_path, in_ci, live_server

# Assertions wait up to this long for the page to match: a limit, not a wait, which a
# loaded CI machine needs (Playwright's 5 s default timed out there).
expect.set_options(timeout=15_000)


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
def demo_base(demo_accord: Accord) -> Iterator[str]:
    """The base URL of a live server over the demo database."""
    with live_server(demo_accord) as base:
        yield base


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


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's chromium under Playwright: required in CI, skipped elsewhere when absent."""
    chromium = chromium_path()
    if chromium is None:
        message = "Debian's chromium is not installed (scripts/system-deps installs it)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser, sqlite_accord: Accord) -> Iterator[Page]:
    """A browser tab on a live server over a fresh SQLite database."""
    with live_server(sqlite_accord) as base:
        context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.set_default_timeout(30_000)  # a limit, not a wait: a loaded CI machine needs room
        try:
            yield tab
        finally:
            context.close()
