"""Handling a submitted form: call the service, then redirect (POST-redirect-GET), or
show the page again with the error next to the form and the values the user typed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool

from accord.entrypoints.http.origins import CrossSiteRequestError, check_form_origin
from accord.entrypoints.web.forms import Form
from accord.entrypoints.web.rendering import FormError, see_other
from accord.entrypoints.web.sessions import FIELD, check_csrf_token
from accord.errors import AccordError

__all__ = [
    "CrossSiteRequestError",
    "ErrorPage",
    "check_same_origin",
    "read_form",
    "submit",
    "submit_form",
]

ErrorPage = Callable[[FormError, dict[str, str], int], Response]


def check_same_origin(request: Request) -> None:
    """Refuse a form that another site made the browser submit (the second line of
    defence, after the form token)."""
    check_form_origin(request.headers, hosts=request.app.state.trusted_hosts)


async def read_form(request: Request) -> Form:
    """The submitted form, typed, after checking it comes from Accord's own pages: its
    origin, then its token."""
    check_same_origin(request)
    data = await request.form()
    check_csrf_token(request, data.get(FIELD))
    lists: dict[str, list[str]] = {}
    for key in data:
        lists[key] = [v for v in data.getlist(key) if isinstance(v, str)]
    plain: dict[str, Any] = {k: v for k, v in data.items()}
    return Form(plain, lists)


async def submit(
    request: Request,
    form_name: str,
    action: Callable[[Form], object],
    *,
    success: str | Callable[[Any], str],
    error_page: ErrorPage,
) -> Response:
    """Run ``action`` on the form; redirect to ``success``, or re-render on an AccordError."""
    form = await read_form(request)
    return await submit_form(form, form_name, action, success=success, error_page=error_page)


async def submit_form(
    form: Form,
    form_name: str,
    action: Callable[[Form], object],
    *,
    success: str | Callable[[Any], str],
    error_page: ErrorPage,
) -> Response:
    """``submit`` for a form already read (and checked) by ``read_form``."""
    try:
        # Services do blocking database work: keep it off the event loop.
        result = await run_in_threadpool(action, form)
    except AccordError as exc:
        return await run_in_threadpool(
            error_page, FormError.of(form_name, exc), form.data, exc.http_status
        )
    return see_other(success(result) if callable(success) else success)
