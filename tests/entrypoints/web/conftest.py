"""Fixtures of the tests under tests/entrypoints/web."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from accord.bootstrap import Accord, bootstrap
from accord.config import Settings
from accord.services import demo
from accord.services.demo_market import load_demo_market
from tests.entrypoints.server import CHROMIUM_ARGS, chromium_path, in_ci, live_server
from tests.support.clock import FixedClock


@pytest.fixture(scope="module")
def demo_base(demo_accord: Accord) -> Iterator[str]:
    """The base URL of a live server over the demo database."""
    with live_server(demo_accord) as base:
        yield base


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


@contextmanager
def _tab(browser: Browser, base: str) -> Iterator[Page]:
    """A browser tab on ``base``, in a context of its own (no cookies shared)."""
    context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(30_000)  # a limit, not a wait: a loaded CI machine needs room
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture
def page(browser: Browser, sqlite_accord: Accord) -> Iterator[Page]:
    """A browser tab on a live server over a fresh SQLite database."""
    with live_server(sqlite_accord) as base, _tab(browser, base) as tab:
        yield tab


@pytest.fixture
def demo_page(browser: Browser, tmp_path: Path) -> Iterator[Page]:
    """A browser tab on the demo as ``accord serve --demo`` serves it (both negotiations
    and the demo market), on a fresh database each test: a test may change it."""
    app = bootstrap(Settings(data_dir=tmp_path / "data"), clock=FixedClock())
    try:
        demo.load_demo(app.store.unit_of_work, app.clock.now())
        load_demo_market(app.market, app.reference_files)
        with live_server(app) as base, _tab(browser, base) as tab:
            yield tab
    finally:
        app.close()
