"""Forms that do what an API route does, as one table: each row reads its form into the
API's own request model (one input schema per action, so one set of limits and one
message for each refusal at every door) and calls the same service.

A row only shapes the form (text fields, a term value typed in a box, the ``value.<term>``
fields of an offer) into what the API's JSON would carry; the schema decides.

>>> row = SchemaForm("goals", "/goals", GoalsUpdate, read, run, "/negotiations/{id}#goals")
>>> # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from fastapi import APIRouter, Request, Response

from accord.bootstrap import Accord
from accord.entrypoints.http.deps import AccordDep, NegotiationId
from accord.entrypoints.http.errors import validate_input
from accord.entrypoints.http.schemas.common import InputModel
from accord.entrypoints.web.actions import ErrorPage, submit
from accord.entrypoints.web.forms import Form

__all__ = ["SchemaForm", "given", "install_schema_forms", "whole_numbers"]

M = TypeVar("M", bound=InputModel)

ErrorPages = Callable[[Request, Accord, int], ErrorPage]
"""The page a refused form comes back on, for a negotiation."""


@dataclass(frozen=True, slots=True)
class SchemaForm(Generic[M]):
    """One form of a negotiation: where it posts, its request model, how the form's
    fields are shaped into that model, the service call, and where a save lands."""

    name: str
    """The form's name on the page (a refusal is shown next to it)."""
    path: str
    """Under ``/negotiations/{negotiation_id}``."""
    schema: type[M]
    read: Callable[[Form], Mapping[str, object]]
    run: Callable[[Accord, int, M, Form], object]
    """``run(accord, negotiation_id, body, form)``: the form gives the version it was
    built from and what the API takes in the path (a term's name)."""
    saved: str
    """Where a save lands, ``{id}`` the negotiation's id (POST-redirect-GET)."""

    def validate(self, form: Form) -> M:
        """The form as the API's request model; a refusal names the field."""
        return validate_input(self.schema, self.read(form))


def given(form: Form, *names: str) -> dict[str, str]:
    """The fields of ``names`` the user filled in, as typed: a field left empty is left
    out, so the schema's default applies, as for a JSON body without it."""
    return {name: text for name in names if (text := form.text(name))}


def whole_numbers(form: Form, *names: str) -> dict[str, int]:
    """The whole-number fields of ``names`` the user filled in (read by the domain's one
    parser of typed integers); an empty one is left out, as in :func:`given`."""
    return {name: number for name in names if (number := form.integer(name)) is not None}


def _route(row: SchemaForm[Any], error_page: ErrorPages) -> Callable[..., Any]:
    async def post(request: Request, accord: AccordDep, negotiation_id: NegotiationId) -> Response:
        def action(form: Form) -> object:
            return row.run(accord, negotiation_id, row.validate(form), form)

        return await submit(
            request, row.name, action, success=row.saved.format(id=negotiation_id),
            error_page=error_page(request, accord, negotiation_id),
        )  # fmt: skip

    post.__name__ = f"form_{row.name}"
    post.__doc__ = f"The {row.name.replace('_', ' ')} form: {row.schema.__name__}, as the API."
    return post


def install_schema_forms(
    router: APIRouter, rows: Iterable[SchemaForm[Any]], *, error_page: ErrorPages
) -> None:
    """A POST route on ``router`` for each row."""
    for row in rows:
        router.add_api_route(
            f"/negotiations/{{negotiation_id}}{row.path}", _route(row, error_page),
            methods=["POST"], name=f"form_{row.name}",
        )  # fmt: skip
