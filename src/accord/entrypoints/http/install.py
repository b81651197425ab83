"""Putting the HTTP protections on an application, in the order they must run."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import FastAPI

from accord.entrypoints.http.caching import NoStoreMiddleware
from accord.entrypoints.http.hosts import TrustedHostMiddleware, TrustedHosts
from accord.entrypoints.http.limits import MAX_BODY_BYTES, BodyLimitMiddleware
from accord.entrypoints.http.origins import ApiOriginMiddleware

__all__ = ["install_protections"]


def install_protections(
    app: FastAPI,
    *,
    hosts: TrustedHosts,
    max_body: int = MAX_BODY_BYTES,
    uploads: Mapping[str, int] | None = None,
) -> None:
    """Trusted hosts first, then the body limit, the API's origin check and no-store.

    (The audit trail's source is set inside authentication, where the user is known:
    see :func:`~accord.entrypoints.http.auth.install_authentication`.)

    ``uploads`` maps the exact paths of file uploads to their larger body limit.
    ``app.state.trusted_hosts`` keeps ``hosts`` for the form checks.
    """
    app.state.trusted_hosts = hosts
    # Starlette runs the middleware added last first.
    app.add_middleware(NoStoreMiddleware)
    app.add_middleware(ApiOriginMiddleware, hosts=hosts)
    app.add_middleware(BodyLimitMiddleware, limit=max_body, uploads=uploads)
    app.add_middleware(TrustedHostMiddleware, hosts=hosts)
