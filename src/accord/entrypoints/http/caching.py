"""``Cache-Control: no-store`` on every response that may carry record data.

Pages, their JSON twins, API answers and exports name patients' references and
negotiating positions; a shared browser cache or a proxy must not keep them. Only the
static assets (stylesheets, icons) may be cached.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["NoStoreMiddleware"]


class NoStoreMiddleware:
    """Add ``Cache-Control: no-store`` to every response outside ``static_prefix``."""

    def __init__(self, app: ASGIApp, *, static_prefix: str = "/static/") -> None:
        self.app = app
        self.static_prefix = static_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self.static_prefix):
            await self.app(scope, receive, send)
            return

        async def no_store(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"
                ]
                headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, no_store)
