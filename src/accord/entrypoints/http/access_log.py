"""The access log and the request id: one structured line per request, no record data.

Each request gets a random id, returned in the ``X-Request-ID`` header and attached to
every log line written while it is handled (see ``log_format.py``), so that a user's
"it failed at 10:42, request id 3f9c…" finds the error line. The line names the route
*template* (``/negotiations/{negotiation_id}``), never the raw path or its query string,
which may carry values typed by a user.
"""

from __future__ import annotations

import logging
import secrets
import time
from contextvars import ContextVar
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["REQUEST_ID_HEADER", "AccessLog", "current_request_id", "route_template"]

REQUEST_ID_HEADER = "X-Request-ID"

log = logging.getLogger("accord.access")
_request_id: ContextVar[str | None] = ContextVar("accord_request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request being handled, or None outside a request."""
    return _request_id.get()


def route_template(scope: Scope) -> str:
    """The route that answered, as written in the code; never the path that was asked."""
    route: Any = scope.get("route")
    template = getattr(route, "path", None)
    if isinstance(template, str):
        # A route inside an included router knows only its own part ("/negotiations/
        # {negotiation_id}"); the router's prefix ("/api") is the rest of the path.
        asked = scope.get("path", "").strip("/").split("/")
        own = template.strip("/").split("/")
        prefix = asked[: len(asked) - len(own)] if len(asked) > len(own) else []
        return "/" + "/".join(prefix + own) if prefix else template
    if "endpoint" in scope and scope.get("root_path"):  # a mounted app (static files)
        return f"{scope['root_path']}/{{path}}"
    return "(no route)"


class AccessLog:
    """Outermost ASGI layer: time the request, tag it with an id, log one line."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = secrets.token_hex(8)
        token = _request_id.set(request_id)
        started = time.perf_counter()
        status = 500  # if nothing is ever sent, the client saw a failure

        async def tagged(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.lower().encode(), request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, tagged)
        finally:
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            route = route_template(scope)
            actor = scope.get("state", {}).get("actor")  # put there by auth.py
            log.info(
                "%s %s %s %.1f ms",
                scope.get("method", ""),
                route,
                status,
                duration_ms,
                extra={
                    "user_id": getattr(actor, "user_id", None),
                    "http_method": scope.get("method", ""),
                    "route": route,
                    "status": status,
                    "duration_ms": duration_ms,
                },
            )
            _request_id.reset(token)
