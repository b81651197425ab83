"""The outermost layer: an unexpected exception stops here.

Starlette re-raises an exception after its handler has answered 500 so that the server
can log it, and uvicorn then logs the full message, which may quote record text or SQL.
The API's handler has already logged the exception's type and where it was raised;
this layer keeps the rest out of the logs.
"""

from __future__ import annotations

import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accord.entrypoints.http.access_log import route_template
from accord.entrypoints.http.hosts import send_error

__all__ = ["ContainFailures"]

log = logging.getLogger(__name__)


class ContainFailures:
    """Swallow an exception that escaped the application, answering 500 if nothing was
    sent yet; log only its type."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        except Exception as exc:
            if scope["type"] != "http":
                raise
            if not started:
                log.error("unexpected %s on %s", type(exc).__name__, route_template(scope))
                await send_error(
                    send, 500, "AccordError", "an unexpected error occurred; it has been logged"
                )
