"""Mounting the web pages and their static files on the application."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from accord.entrypoints.web.headers import install_security_headers
from accord.entrypoints.web.pages import (
    analysis,
    brief,
    contacts,
    corrections,
    document_settings,
    documents,
    economics,
    market,
    outcomes,
    pipeline,
    preparation,
    rehearsal,
    remittances,
    workspace,
    workspace_forms,
)
from accord.entrypoints.web.rendering import STATIC_DIR, render_error_page
from accord.entrypoints.web.sessions import install_sessions

__all__ = ["SWAGGER_UI", "WEB_UPLOADS", "install_web"]

SWAGGER_UI = "/static/vendor/swagger-ui"  # Swagger UI for /docs, vendored from npm
WEB_UPLOADS = ("/remittances", "/contracts")
"""The pages' file upload forms (they take the larger body limit of an upload)."""


def install_web(app: FastAPI) -> None:
    """Add the pages, ``/static`` and the HTML rendering of errors to ``app``."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.state.render_error_page = render_error_page
    install_security_headers(app)
    install_sessions(app)
    # pipeline first: /negotiations/new must win over /negotiations/{id}
    pages = (
        pipeline, workspace, workspace_forms, corrections, preparation, analysis, brief,
        contacts, outcomes, market, rehearsal, documents, remittances, economics,
        document_settings,
    )  # fmt: skip
    for module in pages:
        app.include_router(module.router, include_in_schema=False)
