"""The composition root of the HTTP doors: the shared application with the JSON API and
the web pages installed side by side (neither imports the other).

``accord serve`` serves :func:`create_app`; an ASGI server with several workers uses
:func:`from_environment`::

    uvicorn --factory accord.asgi:from_environment --workers 2 --no-access-log
"""

from __future__ import annotations

from functools import partial

from fastapi import FastAPI

from accord.bootstrap import Accord
from accord.entrypoints.api.app import (
    API_UPLOADS,
    DOCX_TEMPLATE_BODY_BYTES,
    UPLOAD_BODY_BYTES,
    install_api,
)
from accord.entrypoints.http.app import Part, build_app
from accord.entrypoints.web.site import (
    SWAGGER_UI,
    WEB_TEMPLATE_UPLOADS,
    WEB_UPLOADS,
    install_web,
)

__all__ = ["create_app", "from_environment"]


def create_app(accord: Accord, *, web: bool = True, host: str | None = None) -> FastAPI:
    """The application on a wired :class:`~accord.bootstrap.Accord`: the API, and with
    ``web`` (the default) the server-rendered pages and their static files (which also
    serve ``/docs`` its Swagger UI offline). ``host``, the address the server binds, is
    trusted besides the names of ``ACCORD_TRUSTED_HOSTS``."""
    parts: list[Part] = [partial(install_api, docs_assets=SWAGGER_UI if web else None)]
    uploads = dict(API_UPLOADS)
    if web:
        parts.append(install_web)
        uploads.update({path: UPLOAD_BODY_BYTES for path in WEB_UPLOADS})
        uploads.update({path: DOCX_TEMPLATE_BODY_BYTES for path in WEB_TEMPLATE_UPLOADS})
    return build_app(accord, parts=parts, host=host, uploads=uploads)


def from_environment() -> FastAPI:
    """The application on the settings of the ``ACCORD_*`` environment, for an ASGI
    server that starts several workers, each building its own (engine, pool, caches).
    Logging is set up as ``accord serve`` sets it up (Accord's access log, its format).
    """
    from accord.bootstrap import bootstrap
    from accord.entrypoints.http.log_format import configure_logging

    accord = bootstrap()
    configure_logging(accord.settings.log_level, accord.settings.log_format)
    return create_app(accord)
