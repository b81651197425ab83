"""The request-body limit: a body larger than :data:`MAX_BODY_BYTES` is refused (413)
before it is read into memory.

A declared ``Content-Length`` over the limit is refused without reading a byte; a
chunked body is counted as it arrives and refused as soon as it passes the limit.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accord.domain.validation import is_ascii_digits
from accord.entrypoints.http.hosts import send_error

__all__ = ["MAX_BODY_BYTES", "TOO_LARGE", "BodyLimitMiddleware"]

# The largest legitimate body (a negotiation with its terms, a form of long notes)
# is a few tens of kilobytes; one megabyte leaves room and bounds memory per request.
MAX_BODY_BYTES = 1_048_576
TOO_LARGE = "RequestTooLargeError"


class BodyLimitMiddleware:
    """Refuse request bodies over ``limit`` bytes, reading at most ``limit`` of them."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        limit: int = MAX_BODY_BYTES,
        uploads: Mapping[str, int] | None = None,
    ) -> None:
        self.app = app
        self.limit = limit
        # File uploads (an 835 runs to tens of megabytes) get their own, larger limit,
        # on their exact paths only.
        self.uploads = dict(uploads or {})

    def _message(self, limit: int) -> str:
        return f"the request body is larger than {limit:,} bytes; it was refused"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.uploads.get(scope["path"], self.limit)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            text = declared.decode("latin-1").strip()
            if not is_ascii_digits(text):
                await send_error(send, 400, "ValidationError", "bad Content-Length header")
                return
            if int(text) > limit:
                await send_error(send, 413, TOO_LARGE, self._message(limit))
                return
        received = 0
        started = refused = False

        async def limited() -> Message:
            # Over the limit, answer 413 at once and tell the application the client has
            # gone: it stops reading, and whatever it answers is dropped. (Raising here
            # instead would reach the application wrapped as a 400.)
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    refused = True
                    if not started:
                        await send_error(send, 413, TOO_LARGE, self._message(limit))
                    return {"type": "http.disconnect"}
            return message

        async def guarded(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, limited, guarded)
