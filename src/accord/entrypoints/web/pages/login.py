"""Signing in and out in the browser: ``/login``, ``/login/link``, single sign-on
(``/login/sso`` and its return, ``/login/sso/callback``) and ``/logout``.

A successful sign-in replaces the browser's anonymous cookie with a new session secret
(so a cookie planted before sign-in is worth nothing after it): HttpOnly, SameSite=Lax,
Secure over HTTPS, for ``ACCORD_SESSION_HOURS``. The store keeps only its hash.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated
from urllib.parse import quote, unquote

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from accord.bootstrap import Accord
from accord.domain.actors import Actor
from accord.entrypoints.http.auth import COOKIE, session_lifetime
from accord.entrypoints.web.actions import read_form
from accord.entrypoints.web.rendering import templates
from accord.errors import AccordError, NotFoundError
from accord.services.sign_in import redeem_sign_in_link, sign_in, sign_out
from accord.services.sign_on import begin_sign_on, finish_sign_on
from accord.services.sign_on_ports import IdentityProvider

__all__ = ["SIGN_ON_COOKIE", "router", "safe_next"]

router = APIRouter()

SIGN_ON_COOKIE = "accord_sso"
SIGN_ON_WAIT = timedelta(minutes=10)
"""How long a browser may spend at the provider before its return is refused."""


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only (never ``//elsewhere``)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _signed_in(request: Request, secret: str, target: str) -> Response:
    response = RedirectResponse(safe_next(target), status_code=303)
    response.set_cookie(
        COOKIE, secret, max_age=int(session_lifetime(request.app).total_seconds()),
        httponly=True, samesite="lax", path="/",
        secure=_secure(request),
    )  # fmt: skip
    return response


def _secure(request: Request) -> bool:
    # behind a TLS-terminating proxy the request may arrive as plain http
    return request.url.scheme == "https" or bool(request.app.state.accord.settings.trusted_proxy)


def _page(request: Request, *, next_: str, name: str = "", error: str | None = None,
          status: int = 200) -> Response:  # fmt: skip
    provider = request.app.state.accord.sign_on
    context = {"title": "Sign in", "next": safe_next(next_), "name": name, "message": error,
               "sign_on": provider.name if provider is not None else None}  # fmt: skip
    return templates.TemplateResponse(request, "login.html", context, status_code=status)


@router.get("/login", name="login")
def login_page(
    request: Request, next_: Annotated[str | None, Query(alias="next", max_length=2000)] = None
) -> Response:
    """The sign-in form (a signed-in browser goes straight on)."""
    if isinstance(getattr(request.state, "actor", None), Actor):
        return RedirectResponse(safe_next(next_), status_code=303)
    return _page(request, next_=next_ or "/")


@router.post("/login")
async def login(request: Request) -> Response:
    """Check the name and password (throttled); on success, a new session cookie."""
    form = await read_form(request)
    accord: Accord = request.app.state.accord
    name = form.text("name")[:100]
    address = request.client.host if request.client else "unknown"
    try:
        _, secret = await run_in_threadpool(
            lambda: sign_in(
                accord.store.unit_of_work(), accord.passwords, accord.sign_in_throttle,
                name=name, password=form.data.get("password", ""), address=address,
                now=accord.clock.now(), lifetime=session_lifetime(request.app),
            )
        )  # fmt: skip
    except AccordError as exc:
        return _page(request, next_=form.text("next"), name=name, error=exc.message,
                     status=exc.http_status)  # fmt: skip
    return _signed_in(request, secret, form.text("next"))


@router.get("/login/link", name="login_link")
def login_link(
    request: Request, token: Annotated[str, Query(min_length=1, max_length=100)] = "x"
) -> Response:
    """A one-time sign-in link (``accord serve`` prints one for the local owner)."""
    accord: Accord = request.app.state.accord
    try:
        _, secret = redeem_sign_in_link(
            accord.store.unit_of_work(), token, accord.clock.now(), session_lifetime(request.app)
        )
    except AccordError as exc:
        return _page(request, next_="/", error=exc.message, status=exc.http_status)
    return _signed_in(request, secret, "/")


def _provider(request: Request) -> IdentityProvider:
    provider: IdentityProvider | None = request.app.state.accord.sign_on
    if provider is None:
        raise NotFoundError("single sign-on is not set up here (ACCORD_OIDC_ISSUER)")
    return provider


@router.get("/login/sso", name="sign_on")
async def sign_on(
    request: Request, next_: Annotated[str | None, Query(alias="next", max_length=2000)] = None
) -> Response:
    """Go to the organisation's sign-in provider; its state, nonce and PKCE verifier stay
    in a short-lived cookie of this browser only."""
    provider = _provider(request)
    redirect_uri = str(request.url_for("sign_on_callback"))
    try:
        start = await run_in_threadpool(begin_sign_on, provider, redirect_uri)
    except AccordError as exc:
        return _page(request, next_=next_ or "/", error=exc.message, status=exc.http_status)
    response = RedirectResponse(start.url, status_code=303)
    kept = ".".join((start.state, start.nonce, start.verifier, quote(safe_next(next_), safe="")))
    response.set_cookie(
        SIGN_ON_COOKIE, kept, max_age=int(SIGN_ON_WAIT.total_seconds()), path="/login/sso",
        httponly=True, samesite="lax", secure=_secure(request),
    )  # fmt: skip
    return response


@router.get("/login/sso/callback", name="sign_on_callback")
async def sign_on_callback(
    request: Request,
    code: Annotated[str, Query(max_length=4000)] = "",
    state: Annotated[str, Query(max_length=200)] = "",
    error: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """Back from the provider: check the state, verify the ID token, sign in."""
    provider = _provider(request)
    accord: Accord = request.app.state.accord
    kept = request.cookies.get(SIGN_ON_COOKIE, "").split(".")
    kept = kept if len(kept) == 4 else ["", "", "", ""]
    expected, nonce, verifier, target = kept
    if error:
        message = f"the sign-in provider did not sign you in ({error[:60]}); try again"
        return _forget_sign_on(_page(request, next_="/", error=message, status=401))
    try:
        _, secret = await run_in_threadpool(
            lambda: finish_sign_on(
                accord.store.unit_of_work(), provider, accord.sign_on_policy, code=code,
                state=state, expected_state=expected, verifier=verifier, nonce=nonce,
                redirect_uri=str(request.url_for("sign_on_callback")),
                now=accord.clock.now(), lifetime=session_lifetime(request.app),
            )
        )  # fmt: skip
    except AccordError as exc:
        page = _page(request, next_="/", error=exc.message, status=exc.http_status)
        return _forget_sign_on(page)
    return _forget_sign_on(_signed_in(request, secret, unquote(target)))


def _forget_sign_on(response: Response) -> Response:
    response.delete_cookie(SIGN_ON_COOKIE, path="/login/sso", httponly=True, samesite="lax")
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    """End this browser's session and forget its cookie."""
    await read_form(request)
    accord: Accord = request.app.state.accord
    secret = request.cookies.get(COOKIE)
    if secret:
        await run_in_threadpool(sign_out, accord.store.unit_of_work(), secret)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax")
    return response
