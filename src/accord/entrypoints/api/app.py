"""The JSON API under ``/api`` and its documentation at ``/docs``, installed on the
shared application (:func:`accord.entrypoints.http.app.build_app`) by
:func:`accord.asgi.create_app`."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from accord.domain.documents import DocumentKind
from accord.domain.docx_template_fields import DOCX_TEMPLATE_MAX_BYTES
from accord.entrypoints.api.docs import install_docs
from accord.entrypoints.api.routes import (
    account,
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
    user_organisations,
    users,
    views,
)
from accord.entrypoints.http.prepared_routes import PreparedRoutes
from accord.entrypoints.http.schemas.common import ErrorBody
from accord.services.remittances import MAX_UPLOAD_BYTES

__all__ = [
    "API_UPLOADS",
    "DOCX_TEMPLATE_BODY_BYTES",
    "UPLOAD_BODY_BYTES",
    "api_router",
    "install_api",
]

_ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in (
        (
            400,
            "The request cannot be read: a malformed body or form, or a Host this server "
            "does not answer to (see ACCORD_TRUSTED_HOSTS).",
        ),
        (401, "Not signed in: no session, or no live 'Authorization: Bearer' API token."),
        (
            403,
            "Refused: your role does not allow it, a read-only API token, or a change "
            "sent from another web site (Origin or Sec-Fetch-Site); see security.",
        ),
        (404, "No such record."),
        (409, "Conflict: stale If-Match version, duplicate, or a move the process forbids."),
        (413, "The request body is larger than 1 MiB (101 MiB for an 835 upload)."),
        (422, "A value is not acceptable; `field` names it."),
        (503, "The database is unavailable or busy; try again."),
    )
}


# An uploaded 835 may be as large as the service accepts, plus the multipart framing.
UPLOAD_BODY_BYTES = MAX_UPLOAD_BYTES + (1 << 20)
# An organisation's Word template (2 MB at most) with the multipart framing.
DOCX_TEMPLATE_BODY_BYTES = DOCX_TEMPLATE_MAX_BYTES + (64 << 10)
API_UPLOADS = {
    **{path: UPLOAD_BODY_BYTES for path in ("/api/remittances", "/api/contracts")},
    **{
        f"/api/document-templates/{kind.value}/docx": DOCX_TEMPLATE_BODY_BYTES
        for kind in DocumentKind
    },
}
"""The API's file uploads and their body limit."""


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
        user_organisations,
        users,
        account,
    ):
        router.include_router(module.router)
    return router


_API_ROUTES = PreparedRoutes(lambda: [(api_router(), True)])
"""The API's routes, analysed once per process (``http/prepared_routes.py``)."""


def install_api(app: FastAPI, *, docs_assets: str | None = None) -> None:
    """Add ``/api`` and ``/docs`` (``docs_assets``: the URL folder of a vendored Swagger
    UI; None loads FastAPI's defaults from a CDN)."""
    _API_ROUTES.install(app)
    install_docs(app, assets=docs_assets)
