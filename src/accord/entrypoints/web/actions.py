"""Handling a submitted form: call the service, then redirect (POST-redirect-GET), or
show the page again with the error next to the form and the values the user typed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request, Response

from accord.entrypoints.web.forms import Form
from accord.entrypoints.web.rendering import FormError, see_other
from accord.errors import AccordError

__all__ = ["ErrorPage", "read_form", "submit"]

ErrorPage = Callable[[FormError, dict[str, str], int], Response]


async def read_form(request: Request) -> Form:
    """The submitted form, typed."""
    data = await request.form()
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
    try:
        result = action(form)
    except AccordError as exc:
        return error_page(FormError.of(form_name, exc), form.data, exc.http_status)
    return see_other(success(result) if callable(success) else success)
