"""An HTTP client that talks to the application in this process, without a server.

Most API and page tests only exchange requests and answers: for them, starting uvicorn
on a port (``tests/entrypoints/server.py: live_server``) costs time and proves nothing more.
:func:`in_process_client` hands the same application (``accord.asgi.create_app``,
signed in the same way, with a real session) to httpx through its ASGI transport, so a
request goes through every middleware, the routes and the database exactly as it does
behind a server; only the socket is missing. Tests of what a server adds (listening,
workers, the access log of a running server, a browser) keep using ``live_server``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from anyio.from_thread import BlockingPortal, start_blocking_portal

from accord.asgi import create_app
from accord.bootstrap import Accord
from accord.domain.accounts import Role
from tests.support.signed_in import SignedInBrowser, session_secret

# What the server of ``live_server`` is reached as: a trusted host, a loopback address.
BASE_URL = "http://127.0.0.1"
CLIENT_ADDRESS = ("127.0.0.1", 50000)


class _Chunks(httpx.AsyncByteStream):
    """A synchronous request body (a generator of chunks) read by the ASGI app."""

    def __init__(self, stream: httpx.SyncByteStream) -> None:
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self._stream:
            yield chunk


class _InProcessTransport(httpx.BaseTransport):
    """A synchronous httpx transport that runs each request through the ASGI app on
    one event loop of its own (the blocking portal), as tests use ``httpx.Client``."""

    def __init__(self, app: Any, portal: BlockingPortal) -> None:
        # A server answers 500 when the app fails rather than raising into the client:
        # the tests see what a real client would.
        self._asgi = httpx.ASGITransport(app=app, raise_app_exceptions=False, client=CLIENT_ADDRESS)
        self._portal = portal

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._portal.call(self._send, request)

    async def _send(self, request: httpx.Request) -> httpx.Response:
        if not isinstance(request.stream, httpx.AsyncByteStream):
            # A body given as a generator: handed to the app chunk by chunk, as a socket
            # would deliver it (without a Content-Length).
            request = httpx.Request(
                request.method,
                request.url,
                headers=request.headers,
                stream=_Chunks(request.stream),
                extensions=request.extensions,
            )
        response = await self._asgi.handle_async_request(request)
        # The raw bytes, as a socket would carry them: the client decodes them (gzip)
        # by the headers, as it does for a server's answer.
        body = b"".join([chunk async for chunk in response.aiter_raw()])
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            content=body,
            extensions=response.extensions,
            request=request,
        )


class InProcessClient(httpx.Client):
    """An ``httpx.Client`` whose requests go to an application in this process."""

    def __init__(self, transport: httpx.BaseTransport, **options: Any) -> None:
        super().__init__(transport=transport, base_url=BASE_URL, timeout=30, **options)
        self._in_process = transport

    def another_browser(self, **options: Any) -> httpx.Client:
        """A second client on the same application, with its own cookies (``options``
        as for ``httpx.Client``): another browser on the same server."""
        return InProcessClient(self._in_process, **options)


@contextmanager
def in_process_client(
    accord: Accord, *, signed_in: Role | None = Role.OWNER
) -> Iterator[InProcessClient]:
    """An ``httpx.Client`` on ``accord``'s application in this process, at
    :data:`BASE_URL`; closed afterwards.

    As with ``live_server``, every request without credentials of its own is signed in
    as the user ``test-<role>`` of ``signed_in`` through a real session; ``None`` gives
    the bare application, for tests of signing in.
    """
    app: Any = create_app(accord)
    if signed_in is not None:
        app = SignedInBrowser(app, session_secret(accord, signed_in))
    with (
        start_blocking_portal() as portal,
        InProcessClient(_InProcessTransport(app, portal)) as client,
    ):
        yield client
