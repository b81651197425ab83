"""Fixtures of the tests under tests/entrypoints/web (by mirror_tests.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from accord.bootstrap import Accord
from tests.entrypoints.server import CHROMIUM_ARGS, chromium_path, in_ci, live_server


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
