"""The browser's session cookie and the CSRF token of every form.

A browser that has not signed in gets a random cookie (``accord_session``: HttpOnly,
SameSite=Lax, Secure over TLS); signing in replaces it with the session's secret
(``pages/login.py``; :mod:`accord.entrypoints.http.auth` checks it). Every form carries
a token derived from the cookie with a key stored in the database (HMAC-SHA256;
:mod:`accord.services.form_keys`), so a page on another site, which can read neither
the cookie nor the page, cannot forge a form; the origin check of
:mod:`accord.entrypoints.http.origins` stays as a second line. Every worker process
signs with the same key, so any of them accepts a form another served.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import FastAPI, Request, Response
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accord.entrypoints.http.origins import CrossSiteRequestError

__all__ = [
    "COOKIE",
    "FIELD",
    "SessionMiddleware",
    "check_csrf_token",
    "csrf_field",
    "install_sessions",
]

COOKIE = "accord_session"
FIELD = "csrf_token"
_SESSION_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def _well_formed(session: str | None) -> bool:
    return session is not None and 32 <= len(session) <= 64 and set(session) <= _SESSION_CHARS


def _token(key: bytes, session: str) -> str:
    return hmac.new(key, session.encode("ascii"), hashlib.sha256).hexdigest()


class SessionMiddleware:
    """The session cookie and the request's form token, as pure ASGI (Starlette's
    ``@app.middleware("http")`` streams every response between two tasks, a large
    share of a page's cost under load)."""

    def __init__(self, app: ASGIApp, *, key: bytes) -> None:
        self.app = app
        self.key = key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        session = connection.cookies.get(COOKIE)
        fresh = not _well_formed(session)
        if fresh or session is None:
            session = secrets.token_urlsafe(32)
        # what ``request.state.csrf_token`` reads
        scope.setdefault("state", {})["csrf_token"] = _token(self.key, session)
        if not fresh or scope["path"].startswith(("/api/", "/static/")):
            await self.app(scope, receive, send)
            return
        cookie = Response()
        cookie.set_cookie(
            COOKIE, session, httponly=True, samesite="lax", path="/",
            secure=connection.url.scheme == "https",
        )  # fmt: skip
        set_cookie = [(k, v) for k, v in cookie.raw_headers if k == b"set-cookie"]

        async def with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                # a sign-in answer sets the session's own cookie: that one stands
                if not any(k == b"set-cookie" and v.startswith(COOKIE.encode() + b"=")
                           for k, v in headers):  # fmt: skip
                    message = {**message, "headers": [*headers, *set_cookie]}
            await send(message)

        await self.app(scope, receive, with_cookie)


def install_sessions(app: FastAPI, *, key: bytes) -> None:
    """Give every browser a session cookie and every page its CSRF token, signed with
    ``key`` (the same in every worker process)."""
    app.state.session_key = key
    app.add_middleware(SessionMiddleware, key=key)


def check_csrf_token(request: Request, submitted: object) -> None:
    """Refuse a form whose token is not the one of this browser's session."""
    session = request.cookies.get(COOKIE)
    key: bytes = request.app.state.session_key
    if not isinstance(submitted, str) or not _well_formed(session) or session is None:
        raise CrossSiteRequestError(
            "this form was not sent from one of Accord's pages (no valid form token); "
            "reload the page and send it again"
        )
    if not hmac.compare_digest(submitted, _token(key, session)):
        raise CrossSiteRequestError(
            "this form's token has expired (the server restarted or the page is from "
            "another session); reload the page and send it again"
        )


@pass_context
def csrf_field(context: Context) -> Markup:
    """``{{ csrf_field() }}`` in a template: the hidden token input of a form."""
    request: Request = context["request"]
    token = str(request.state.csrf_token)
    return Markup(f'<input type="hidden" name="{FIELD}" value="{token}">')
