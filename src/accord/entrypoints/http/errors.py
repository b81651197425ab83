"""The one error handler: an :class:`~accord.errors.AccordError` becomes its HTTP status
and the body ``{"error": {"type", "message", "field"}}`` (or an HTML page for a browser).

Request-validation errors are turned into :class:`~accord.errors.ValidationError` and go
through the same handler; nothing below the API raises ``HTTPException``.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from accord.domain.counts import counted
from accord.entrypoints.http.access_log import route_template
from accord.entrypoints.http.plain_errors import plain_message
from accord.errors import AccordError, NotFoundError, ValidationError

__all__ = [
    "ErrorPageRenderer",
    "RoutingError",
    "allowed_methods",
    "error_body",
    "install_error_handlers",
    "validate_input",
    "wants_html",
]

log = logging.getLogger(__name__)

ErrorPageRenderer = Callable[[Request, AccordError], Response]


def error_body(exc: AccordError) -> dict[str, Any]:
    """The JSON body of an error."""
    return {
        "error": {
            "type": type(exc).__name__,
            "message": exc.message,
            "field": getattr(exc, "field", None),
        }
    }


M = TypeVar("M", bound=BaseModel)


def _message(error: Mapping[str, Any], default: str) -> str:
    """A refusal's message in plain words (:mod:`accord.entrypoints.http.plain_errors`)."""
    return plain_message(error, default)


def validate_input(model: type[M], data: Mapping[str, object]) -> M:
    """``data`` (a parsed form) as the request model the API takes for the same action:
    a refusal is the one ``ValidationError``, naming the field, as a JSON body's is."""
    try:
        return model.model_validate(data)
    except PydanticValidationError as exc:
        errors = exc.errors()
        first = errors[0] if errors else {"loc": (), "msg": "invalid input"}
        raise ValidationError(
            _message(first, "invalid input"), field=_location(first.get("loc", ()))
        ) from exc


def wants_html(request: Request) -> bool:
    """A browser asking for a page (not the API, not ``?format=json``)."""
    if request.url.path.startswith("/api") or request.query_params.get("format") == "json":
        return False
    return "text/html" in request.headers.get("accept", "")


class RoutingError(AccordError):
    """A routing error from the framework (unknown path, wrong method)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.http_status = status


def _location(loc: Sequence[int | str]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "request"


async def handle_accord_error(request: Request, exc: Exception) -> Response:
    """The one handler of every error a user can cause."""
    assert isinstance(exc, AccordError)
    renderer: ErrorPageRenderer | None = getattr(request.app.state, "render_error_page", None)
    if renderer is not None and wants_html(request):
        return renderer(request, exc)
    return JSONResponse(error_body(exc), status_code=exc.http_status)


async def _request_validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
    field = _location(first.get("loc", ()))
    message = _message(first, "invalid request")
    if len(errors) > 1:
        message += f" (and {counted(len(errors) - 1, 'more problem')})"
    return await handle_accord_error(request, ValidationError(message, field=field))


_METHODS = ("DELETE", "GET", "HEAD", "PATCH", "POST", "PUT")


def allowed_methods(request: Request) -> list[str]:
    """Every method some route answers at this request's path.

    Starlette's 405 names only the methods of the first route that matched the path,
    while FastAPI makes one route per method: ``Allow`` must list them all (RFC 9110).
    """
    methods = [
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL
            for route in request.app.router.routes
        )
    ]
    return sorted(methods)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    error: AccordError
    if exc.status_code == 404:
        error = NotFoundError(f"no page at {request.url.path}")
    else:
        error = RoutingError(str(exc.detail), exc.status_code)
    response = await handle_accord_error(request, error)
    if exc.headers:
        response.headers.update(exc.headers)
    if exc.status_code == 405:
        response.headers["Allow"] = ", ".join(allowed_methods(request))
    return response


async def _unexpected(request: Request, exc: Exception) -> Response:
    # The exception's message may quote record text (a value, a note): log its type and
    # where it was raised, never the message.
    frames = traceback.extract_tb(exc.__traceback__)
    where = " < ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in frames[::-1])
    log.error(
        "unexpected %s on %s %s at %s",
        type(exc).__name__,
        request.method,
        route_template(request.scope),
        where,
    )
    error = AccordError("an unexpected error occurred; it has been logged")
    return await handle_accord_error(request, error)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handler for AccordError and the translations into it."""
    app.add_exception_handler(AccordError, handle_accord_error)
    app.add_exception_handler(RequestValidationError, _request_validation)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
