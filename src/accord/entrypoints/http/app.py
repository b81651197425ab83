"""The HTTP application every door shares: one FastAPI app on a wired ``Accord``, with
the error handlers (JSON or HTML) and the protections; the API and the web pages are
installed on it by the composition root (:mod:`accord.asgi`), never by each other.

>>> from accord.bootstrap import bootstrap
>>> app = build_app(bootstrap(), parts=[install_api])   # doctest: +SKIP
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.types import ASGIApp

from accord import __version__
from accord.bootstrap import Accord
from accord.entrypoints.http.access_log import AccessLog
from accord.entrypoints.http.auth import install_authentication
from accord.entrypoints.http.errors import install_error_handlers
from accord.entrypoints.http.failures import ContainFailures
from accord.entrypoints.http.hosts import TrustedHosts
from accord.entrypoints.http.install import install_protections

__all__ = ["Part", "build_app"]

Part = Callable[[FastAPI], None]
"""Something that installs routes on the app (the API, the web pages, ``/docs``)."""


@asynccontextmanager
async def _serving(_app: FastAPI) -> AsyncIterator[None]:
    """When the server starts: move everything built so far (modules, the app, the
    templates) out of the garbage collector's sight. Each request allocates thousands
    of short-lived objects, and every collection they trigger would otherwise walk the
    ~200,000 long-lived ones again: about an eighth of a pipeline request's CPU time."""
    gc.freeze()
    yield


class _AccordApp(FastAPI):
    """FastAPI with :class:`ContainFailures` outside everything, even Starlette's
    own error middleware (which re-raises for the server to log), and the access log
    outside that, so that even a contained failure gets its line and request id."""

    def build_middleware_stack(self) -> ASGIApp:
        return AccessLog(ContainFailures(super().build_middleware_stack()))


def build_app(
    accord: Accord,
    *,
    parts: Iterable[Part] = (),
    host: str | None = None,
    uploads: Mapping[str, int] | None = None,
) -> FastAPI:
    """The application on ``accord`` with each of ``parts`` installed, in order.

    ``host``, the address the server binds, is trusted besides the names of
    ``ACCORD_TRUSTED_HOSTS``; ``uploads`` maps upload paths to their larger body limit.
    Nothing is global: tests build one per temporary database.
    """
    app = _AccordApp(
        title="Accord",
        version=__version__,
        description="Negotiation workbench for healthcare: the record, its brief and outcomes.",
        docs_url=None,
        redoc_url=None,
        lifespan=_serving,
    )
    app.state.accord = accord
    install_error_handlers(app)
    install_authentication(app)  # inside the session cookie, the headers and the protections
    for part in parts:
        part(app)
    hosts = TrustedHosts.parse(accord.settings.trusted_hosts)
    install_protections(app, hosts=hosts.with_host(host) if host else hosts, uploads=uploads)
    return app
