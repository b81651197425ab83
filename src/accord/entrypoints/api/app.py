"""The ASGI application: the JSON API under ``/api`` and the web pages, on one Accord.

>>> from accord.bootstrap import bootstrap
>>> app = create_app(bootstrap())          # doctest: +SKIP
>>> uvicorn.run(app)                        # doctest: +SKIP
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from starlette.types import ASGIApp

from accord import __version__
from accord.bootstrap import Accord
from accord.domain.documents import DocumentKind
from accord.domain.docx_template_fields import DOCX_TEMPLATE_MAX_BYTES
from accord.entrypoints.api.docs import install_docs
from accord.entrypoints.api.errors import install_error_handlers
from accord.entrypoints.api.routes import (
    audit,
    corrections,
    document_templates,
    documents,
    economics,
    negotiations,
    organisations,
    preparation,
    record,
    remittances,
    views,
)
from accord.entrypoints.api.schemas.common import ErrorBody
from accord.entrypoints.http.access_log import AccessLog
from accord.entrypoints.http.auth import install_authentication
from accord.entrypoints.http.failures import ContainFailures
from accord.entrypoints.http.hosts import TrustedHosts
from accord.entrypoints.http.install import install_protections
from accord.services.remittances import MAX_UPLOAD_BYTES

__all__ = ["create_app", "from_environment"]

_ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in (
        (
            400,
            "The request cannot be read: a malformed body or form, or a Host this server "
            "does not answer to (see ACCORD_TRUSTED_HOSTS).",
        ),
        (
            401,
            "Not signed in: send a session cookie or `Authorization: Bearer <token>` "
            "(accord user token create).",
        ),
        (
            403,
            "Refused: the user's role or a read-only token does not allow this change, or "
            "it was sent from another web site (Origin or Sec-Fetch-Site); see security.",
        ),
        (404, "No such record."),
        (409, "Conflict: stale If-Match version, duplicate, or a move the process forbids."),
        (413, "The request body is larger than 1 MiB (101 MiB for an 835 upload)."),
        (422, "A value is not acceptable; `field` names it."),
        (503, "The database is unavailable or busy; try again."),
    )
}


# An organisation's Word template (2 MB at most) with the multipart framing.
DOCX_TEMPLATE_BODY_BYTES = DOCX_TEMPLATE_MAX_BYTES + (64 << 10)


def docx_template_upload_paths() -> list[str]:
    """The exact paths a .docx template is uploaded to (API and settings page)."""
    return [
        path
        for kind in DocumentKind
        for path in (
            f"/api/document-templates/{kind.value}/docx",
            f"/settings/documents/{kind.value}/docx",
        )
    ]


# An uploaded 835 may be as large as the service accepts, plus the multipart framing.
UPLOAD_BODY_BYTES = MAX_UPLOAD_BYTES + (1 << 20)


def api_router() -> APIRouter:
    """Every API route, under ``/api``."""
    router = APIRouter(prefix="/api", responses=_ERRORS)
    for module in (
        organisations,
        negotiations,
        record,
        corrections,
        preparation,
        views,
        remittances,
        economics,
        documents,
        document_templates,
        audit,
    ):
        router.include_router(module.router)
    return router


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


def create_app(accord: Accord, *, web: bool = True, host: str | None = None) -> FastAPI:
    """Build the application on a wired :class:`~accord.bootstrap.Accord`.

    With ``web`` (the default) the server-rendered pages and their static files are
    mounted too. ``host``, the address the server binds, is trusted besides the names
    of ``ACCORD_TRUSTED_HOSTS``. Nothing is global: tests build one per temporary
    database.
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
    app.include_router(api_router())
    if web:
        from accord.entrypoints.web.site import SWAGGER_UI, install_web

        install_web(app)
    install_docs(app, assets=SWAGGER_UI if web else None)
    hosts = TrustedHosts.parse(accord.settings.trusted_hosts)
    install_protections(
        app,
        hosts=hosts.with_host(host) if host else hosts,
        uploads={
            **{
                path: UPLOAD_BODY_BYTES
                for path in ("/api/remittances", "/remittances", "/api/contracts", "/contracts")
            },
            **{path: DOCX_TEMPLATE_BODY_BYTES for path in docx_template_upload_paths()},
        },
    )
    return app


def from_environment() -> FastAPI:
    """The application on the settings of the ``ACCORD_*`` environment, for an ASGI
    server that starts several workers, each building its own (engine, pool, caches)::

        uvicorn --factory accord.entrypoints.api.app:from_environment --workers 2 \\
            --no-access-log

    Logging is set up as ``accord serve`` sets it up (Accord's access log, its format).
    """
    from accord.bootstrap import bootstrap
    from accord.entrypoints.http.log_format import configure_logging

    accord = bootstrap()
    configure_logging(accord.settings.log_level, accord.settings.log_format)
    return create_app(accord)
