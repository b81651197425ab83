"""A real uvicorn server in a background thread, on a free port of 127.0.0.1."""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from accord.asgi import create_app
from accord.bootstrap import Accord
from accord.domain.accounts import Role
from accord.domain.actors import OPERATOR
from accord.services import accounts
from tests.support.signed_in import SignedInBrowser, session_secret

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def server_with_people(accord: Accord, people: Mapping[str, Role], password: str) -> Iterator[str]:
    """A bare server (nobody signed in) after adding each person of ``people`` (name →
    role) with ``password``, as ``accord user add`` does; yield its base URL."""
    for name, role in people.items():
        accounts.add_user(accord.store.unit_of_work(), accord.passwords, OPERATOR, name,
                          role, password, accord.clock.now())  # fmt: skip
    with live_server(accord, signed_in=None) as base:
        yield base


@contextmanager
def live_server(accord: Accord, *, signed_in: Role | None = Role.OWNER) -> Iterator[str]:
    """Serve ``accord`` over real HTTP; yield its base URL; stop it afterwards.

    Every request without credentials of its own is signed in as the user
    ``test-<role>`` of ``signed_in`` (see ``tests/support/signed_in.py``); ``None``
    serves the bare application, for tests of signing in.
    """
    port = free_port()
    app: Any = create_app(accord)
    if signed_in is not None:
        app = SignedInBrowser(app, session_secret(accord, signed_in))
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def chromium_path() -> Path | None:
    """Debian's chromium, or None when it is not installed."""
    if CHROMIUM.exists():
        return CHROMIUM
    found = shutil.which("chromium")
    return Path(found) if found else None


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


FORM_TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


def post_form(
    client: httpx.Client,
    url: str,
    *,
    data: Mapping[str, Any],
    headers: Mapping[str, str] | None = None,
    follow_redirects: bool = False,
    params: Mapping[str, str] | None = None,
) -> httpx.Response:
    """POST a form as a browser does: with the session cookie and the form token of a
    page the server rendered, and its own Origin."""
    target = client.base_url.join(url) if str(client.base_url) else httpx.URL(url)
    origin = f"{target.scheme}://{target.netloc.decode('ascii')}"
    page = client.get(origin + "/contacts", headers={"Accept": "text/html"})
    found = FORM_TOKEN.search(page.text)
    assert found is not None, "the page carries no form token"
    return client.post(
        url,
        data={**data, "csrf_token": found.group(1)},
        headers={"Origin": origin, **(headers or {})},
        params=params,
        follow_redirects=follow_redirects,
    )
