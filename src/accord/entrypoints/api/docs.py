"""The interactive API documentation at ``/docs`` (Swagger UI), served without a CDN
when the web assets are mounted, so that it works offline."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

__all__ = ["install_docs"]


def install_docs(app: FastAPI, *, assets: str | None) -> None:
    """Add ``/docs``; ``assets`` is the URL folder of the vendored Swagger UI files
    (None: FastAPI's defaults, loaded from a CDN)."""

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        if assets is None:
            return get_swagger_ui_html(openapi_url="/openapi.json", title="Accord API")
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="Accord API",
            swagger_js_url=f"{assets}/swagger-ui-bundle.js",
            swagger_css_url=f"{assets}/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )
