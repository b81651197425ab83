"""Same-origin checks for requests that change the record (POST, PUT, PATCH, DELETE).

There is no login yet, so any page open in the user's browser could otherwise make the
browser post to Accord. A browser says where a request comes from in ``Origin`` and
``Sec-Fetch-Site``; these checks read them.

- Forms (:func:`check_form_origin`) need one of the two headers, and both must say
  "this site": ``Origin: null`` (a sandboxed frame, a redirect), another origin, or no
  header at all are refused. Every browser Accord supports sends ``Origin`` on a POST.
- The JSON API (:class:`ApiOriginMiddleware`) refuses the same cross-site signals but
  lets a request with neither header through: scripts and command-line clients send no
  ``Origin``, and a browser cannot be made to omit it. Those clients will need a token
  once logins exist.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from accord.entrypoints.http.hosts import TrustedHosts, send_error
from accord.errors import AccordError

__all__ = [
    "UNSAFE_METHODS",
    "ApiOriginMiddleware",
    "CrossSiteRequestError",
    "check_form_origin",
    "cross_site_reason",
]

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class CrossSiteRequestError(AccordError):
    """A change sent from another web site (refused: the server has no login yet, so any
    page in the browser could otherwise change the record)."""

    http_status = 403
    exit_code = 1


def cross_site_reason(
    headers: Mapping[str, str], *, hosts: TrustedHosts, require_origin: bool
) -> str | None:
    """Why a request that changes data is refused as cross-site, or None if it is not.

    ``headers`` are the request's, with lower-case names.
    """
    origin = headers.get("origin")
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return f"this request was sent from another site ({fetch_site}); it was refused"
    if origin is None:
        if require_origin and fetch_site is None:
            return "this form was sent without saying where from (no Origin); it was refused"
        return None
    if origin == "null":
        return "this request came from a page with no origin (Origin: null); it was refused"
    netloc = urlsplit(origin).netloc.lower()
    # The origin must be this very server (the Host the browser used), and a trusted
    # name: a rebinding page sends its own name in both Host and Origin.
    if netloc != headers.get("host", "").lower() or not hosts.allows(netloc):
        return f"this request was sent from {origin}; it was refused"
    return None


def check_form_origin(headers: Mapping[str, str], *, hosts: TrustedHosts) -> None:
    """Refuse a form that another site made the browser submit."""
    reason = cross_site_reason(headers, hosts=hosts, require_origin=True)
    if reason is not None:
        raise CrossSiteRequestError(reason)


class ApiOriginMiddleware:
    """403 for a cross-site change under ``/api`` (see the module's note on clients)."""

    def __init__(self, app: ASGIApp, *, hosts: TrustedHosts, prefix: str = "/api") -> None:
        self.app = app
        self.hosts = hosts
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] in UNSAFE_METHODS
            and scope["path"].startswith(self.prefix)
        ):
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            reason = cross_site_reason(headers, hosts=self.hosts, require_origin=False)
            if reason is not None:
                await send_error(send, 403, CrossSiteRequestError.__name__, reason)
                return
        await self.app(scope, receive, send)
