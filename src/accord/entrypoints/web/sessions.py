"""The anonymous browser session and the CSRF token of every form.

Until users exist, a session is only a random cookie (``accord_session``: HttpOnly,
SameSite=Lax, Secure over TLS). Every form carries a token derived from it with a key
that lives in the server process (HMAC-SHA256), so a page on another site, which can
read neither the cookie nor the page, cannot forge a form; the origin check of
:mod:`accord.entrypoints.http.origins` stays as a second line. A restarted server has a
new key: a form opened before the restart is refused with a request to reload it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from accord.entrypoints.http.origins import CrossSiteRequestError

__all__ = ["COOKIE", "FIELD", "check_csrf_token", "csrf_field", "install_sessions"]

COOKIE = "accord_session"
FIELD = "csrf_token"
_SESSION_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def _well_formed(session: str | None) -> bool:
    return session is not None and 32 <= len(session) <= 64 and set(session) <= _SESSION_CHARS


def _token(key: bytes, session: str) -> str:
    return hmac.new(key, session.encode("ascii"), hashlib.sha256).hexdigest()


def install_sessions(app: FastAPI) -> None:
    """Give every browser a session cookie and every page its CSRF token."""
    key = secrets.token_bytes(32)
    app.state.session_key = key

    @app.middleware("http")
    async def anonymous_session(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        session = request.cookies.get(COOKIE)
        fresh = not _well_formed(session)
        if fresh or session is None:
            session = secrets.token_urlsafe(32)
        request.state.csrf_token = _token(key, session)
        response = await call_next(request)
        path = request.url.path
        if fresh and not path.startswith(("/api/", "/static/")):
            response.set_cookie(
                COOKIE, session, httponly=True, samesite="lax", path="/",
                secure=request.url.scheme == "https",
            )  # fmt: skip
        return response


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
