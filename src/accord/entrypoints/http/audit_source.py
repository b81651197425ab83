"""Who acts during a request: the audit trail's source for the API and the pages.

Every change or audited read made while a request is handled is attributed to the
request's id (the access log's ``X-Request-ID``) and its client address. The actor is
the local owner until login lands; then the session's user replaces it here.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from accord.domain.actors import LOCAL, Actor
from accord.domain.audit import AuditSource
from accord.entrypoints.http.access_log import current_request_id
from accord.services.audit_ports import acting_as

__all__ = ["AuditSourceMiddleware", "request_source"]


def request_source(scope: Scope, actor: Actor = LOCAL) -> AuditSource:
    """The source of what a request does: its actor, request id and client address."""
    client = scope.get("client")
    address = str(client[0]) if client else "unknown"
    return AuditSource(actor=actor, request_id=current_request_id(), address=address[:100])


class AuditSourceMiddleware:
    """Sets the audit source for the rest of the request (inside the access log)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with acting_as(request_source(scope)):
            await self.app(scope, receive, send)
