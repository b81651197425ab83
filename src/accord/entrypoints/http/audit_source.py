"""Who acts during a request: the audit trail's source for the API and the pages.

Every change or audited read made while a request is handled is attributed to the
signed-in user (the session's or the API token's, which
:class:`~accord.entrypoints.http.auth.AuthenticationMiddleware` puts in the request's
state), the request's id (the access log's ``X-Request-ID``) and its client address.
This is the one place the HTTP doors say who acts: the same source is what the services
check a change's permission against (``services/permissions.py``).

A request that reaches here with no user (the sign-in page) acts as
:data:`~accord.domain.actors.ANONYMOUS`, who may change nothing in the record.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from accord.domain.actors import ANONYMOUS, Actor
from accord.domain.audit import AuditSource
from accord.entrypoints.http.access_log import current_request_id
from accord.services.audit_ports import acting_as

__all__ = ["AuditSourceMiddleware", "request_source"]


def request_source(scope: Scope, actor: Actor = ANONYMOUS) -> AuditSource:
    """The source of what a request does: its actor, request id and client address."""
    client = scope.get("client")
    address = str(client[0]) if client else "unknown"
    return AuditSource(actor=actor, request_id=current_request_id(), address=address[:100])


def _actor_of(scope: Scope) -> Actor:
    state = scope.get("state")
    found = state.get("actor") if isinstance(state, dict) else None
    return found if isinstance(found, Actor) else ANONYMOUS


class AuditSourceMiddleware:
    """Sets the audit source for the rest of the request.

    It runs just inside the authentication middleware, so that the actor it reads from
    the request's state is the user that middleware resolved.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with acting_as(request_source(scope, _actor_of(scope))):
            await self.app(scope, receive, send)
