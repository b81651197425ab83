"""Who is asking: every request but the sign-in page and static files needs a user.

A browser proves it with its session cookie (``accord_session``, whose secret the store
keeps only as a hash); a program with ``Authorization: Bearer <token>``, a personal API
token. Without either, the API answers 401 and a page redirects to ``/login``. A change
(any method but GET/HEAD/OPTIONS) is then checked against the user's role by
:func:`accord.services.accounts.authorize` — the same rule whatever the door — and a
read-only token may change nothing.

The user is put in the request's state (``request.state.actor``) for the pages and
for the audit trail's source (``audit_source.py``, installed just inside), and its id
goes into the access log line.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from urllib.parse import quote

import orjson
from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from accord.domain.accounts import Permission, TokenScope
from accord.domain.actors import Actor
from accord.entrypoints.http.audit_source import AuditSourceMiddleware
from accord.errors import AccordError, NotSignedInError, PermissionDeniedError
from accord.services.accounts import authorize
from accord.services.sign_in import session_actor, token_actor

__all__ = [
    "COOKIE",
    "PUBLIC_PATHS",
    "AuthenticationMiddleware",
    "install_authentication",
    "permission_for",
    "session_lifetime",
]

COOKIE = "accord_session"
PUBLIC_PATHS = ("/login", "/login/link", "/login/sso", "/login/sso/callback")
_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
# Changes that touch the organisation's settings rather than the record.
_SETTINGS = re.compile(r"^/(settings/|api/document-(templates|letterhead))")
# Posts that compute and change nothing: a rehearsal against a simulated counterpart.
_READS = re.compile(r"^/(negotiations/[0-9]+/)?rehearse$")
# One's own account (a password, one's API tokens): every role may; the services check
# it is one's own (a read-only token is still refused any change).
_OWN = re.compile(r"^/(api/)?account/")


def permission_for(method: str, path: str) -> Permission:
    """What a request needs: reading, editing the record, or managing settings."""
    if method.upper() in _SAFE or _READS.match(path) or _OWN.match(path):
        return Permission.READ
    if _SETTINGS.match(path):
        return Permission.MANAGE_SETTINGS
    return Permission.EDIT_RECORD


def _changes(method: str, path: str) -> bool:
    """Whether a request may change something (one's own account included): what a
    read-only token may never send."""
    return method.upper() not in _SAFE and not _READS.match(path)


def session_lifetime(app: FastAPI) -> timedelta:
    """How long a new session lasts (``ACCORD_SESSION_HOURS``)."""
    return timedelta(hours=app.state.accord.settings.session_hours)


def _is_api(path: str, headers: Headers, query: bytes) -> bool:
    if path.startswith("/api") or path == "/openapi.json":
        return True
    return b"format=json" in query or "text/html" not in headers.get("accept", "text/html")


class AuthenticationMiddleware:
    """Resolve the actor of each request; refuse the anonymous and the unauthorised."""

    def __init__(self, app: ASGIApp, *, fastapi: FastAPI) -> None:
        self.app = app
        self.fastapi = fastapi

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] != "http" or path.startswith("/static/") or path in PUBLIC_PATHS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        method: str = scope["method"]
        try:
            actor, scope_of_token = await run_in_threadpool(self._actor, headers)
            if actor is None:
                raise NotSignedInError(
                    "sign in first: a session cookie or 'Authorization: Bearer <token>' "
                    "(accord user token create) is needed"
                )
            if scope_of_token is TokenScope.READ:
                # The services refuse its changes too, not only this door.
                actor = replace(actor, read_only=True)
            scope.setdefault("state", {})["actor"] = actor
            needed = permission_for(method, path)
            if scope_of_token is TokenScope.READ and _changes(method, path):
                raise PermissionDeniedError(
                    "this API token is read-only; create one with --scope write to change "
                    "the record"
                )
            authorize(actor, needed)
        except NotSignedInError as exc:
            if not _is_api(path, headers, scope.get("query_string", b"")):
                await _redirect_to_login(scope, send)
                return
            await self._refuse(scope, receive, send, exc)
            return
        except PermissionDeniedError as exc:
            await self._refuse(scope, receive, send, exc)
            return
        await self.app(scope, receive, send)

    def _actor(self, headers: Headers) -> tuple[Actor | None, TokenScope | None]:
        accord = self.fastapi.state.accord
        now = accord.clock.now()
        authorization = headers.get("authorization")
        if authorization is not None:
            kind, _, secret = authorization.partition(" ")
            if kind.lower() != "bearer" or not secret.strip():
                return None, None
            found = token_actor(accord.store.unit_of_work(), secret.strip(), now)
            return (None, None) if found is None else found
        cookie = _cookie(headers)
        if cookie is None:
            return None, None
        return session_actor(accord.store.unit_of_work(), cookie, now), None

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, exc: AccordError) -> None:
        request = Request(scope, receive)
        renderer = getattr(self.fastapi.state, "render_error_page", None)
        if renderer is not None and not _is_api(
            scope["path"], request.headers, scope.get("query_string", b"")
        ):
            await renderer(request, exc)(scope, receive, send)
            return
        body = orjson.dumps(
            {"error": {"type": type(exc).__name__, "message": exc.message, "field": None}}
        )
        response_headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
        if exc.http_status == 401:
            response_headers.append((b"www-authenticate", b'Bearer realm="accord"'))
        await send({"type": "http.response.start", "status": exc.http_status,
                    "headers": response_headers})  # fmt: skip
        await send({"type": "http.response.body", "body": body})


def _cookie(headers: Headers) -> str | None:
    for part in headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == COOKIE and value:
            return value
    return None


async def _redirect_to_login(scope: Scope, send: Send) -> None:
    target = scope["path"]
    if scope.get("query_string"):
        target += "?" + scope["query_string"].decode("latin-1")
    location = "/login" if target == "/" else "/login?next=" + quote(target, safe="")
    await send({"type": "http.response.start", "status": 303,
                "headers": [(b"location", location.encode("latin-1")),
                            (b"content-length", b"0")]})  # fmt: skip
    await send({"type": "http.response.body", "body": b""})


def install_authentication(app: FastAPI) -> None:
    """Require a user on every route but ``/login`` and ``/static`` (the sign-in
    throttle is the database's: ``Accord.sign_in_throttle``).

    The audit source goes just inside: every change and audited read of the request is
    then made as the user resolved here (the services check that user's role too).
    """
    # Starlette runs the middleware added last first: authentication, then the source.
    app.add_middleware(AuditSourceMiddleware)
    app.add_middleware(AuthenticationMiddleware, fastapi=app)
