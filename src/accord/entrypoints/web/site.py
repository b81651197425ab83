"""Mounting the web pages and their static files on the application."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from accord.bootstrap import Accord
from accord.domain.documents import DocumentKind
from accord.entrypoints.http.prepared_routes import PreparedRoutes
from accord.entrypoints.web.headers import install_security_headers
from accord.entrypoints.web.pages import (
    account,
    analysis,
    brief,
    contacts,
    contract_negotiation,
    corrections,
    document_settings,
    documents,
    economics,
    history,
    login,
    market,
    outcomes,
    pipeline,
    preparation,
    rehearsal,
    remittances,
    team,
    workspace,
    workspace_forms,
)
from accord.entrypoints.web.rendering import STATIC_DIR, render_error_page
from accord.entrypoints.web.sessions import install_sessions
from accord.services.form_keys import form_key

__all__ = ["SWAGGER_UI", "WEB_TEMPLATE_UPLOADS", "WEB_UPLOADS", "install_web"]

SWAGGER_UI = "/static/vendor/swagger-ui"  # Swagger UI for /docs, vendored from npm
WEB_UPLOADS = ("/remittances", "/contracts")
"""The pages' file upload forms (they take the larger body limit of an upload)."""
WEB_TEMPLATE_UPLOADS = tuple(f"/settings/documents/{kind.value}/docx" for kind in DocumentKind)
"""The settings page's Word template uploads (the limit of a template)."""


# pipeline first: /negotiations/new must win over /negotiations/{id}
_PAGES = PreparedRoutes(
    lambda: [
        (module.router, False)
        for module in (
            login, pipeline, workspace, workspace_forms, corrections, preparation, analysis,
            brief, contacts, outcomes, market, rehearsal, documents, remittances, economics,
            contract_negotiation, document_settings, team, account, history,
        )
    ]
)  # fmt: skip
"""The pages' routes, analysed once per process (``http/prepared_routes.py``)."""


def install_web(app: FastAPI) -> None:
    """Add the pages, ``/static`` and the HTML rendering of errors to ``app``."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.state.render_error_page = render_error_page
    install_security_headers(app)
    accord: Accord = app.state.accord
    install_sessions(app, key=form_key(accord.store.unit_of_work()))
    _PAGES.install(app)
