"""Rendering a page: its template, or its JSON twin (``?format=json``), from one model.

Every page builds a pydantic model; the HTML template receives it as ``page`` and the
JSON twin returns it as it is, so the two can never disagree.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel

from accord.domain.accounts import Permission
from accord.domain.actors import Actor
from accord.domain.agreements import SoftSavingCategory
from accord.domain.counts import counted
from accord.domain.interactions import InteractionDirection
from accord.domain.leverage import AllyKind, LeverageKind
from accord.domain.negotiation import Approach, NegotiationKind, TeamRole
from accord.domain.offers import Channel, Side
from accord.domain.organisations import DecisionRole, OrganisationKind
from accord.domain.stages import Stage
from accord.domain.terms import Direction, TermKind, TermStatus
from accord.entrypoints.http.errors import error_body
from accord.entrypoints.web.glossary import GLOSSARY
from accord.entrypoints.web.sessions import csrf_field
from accord.errors import AccordError

__all__ = [
    "CHOICES",
    "STATIC_DIR",
    "FormError",
    "render_error_page",
    "render_page",
    "see_other",
    "templates",
    "wants_json",
]

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"


# The options of every select, for the templates: name → [(value, label)].
CHOICES: dict[str, list[tuple[str, str]]] = {
    name: [(m.value, m.value.replace("_", " ")) for m in kind]
    for name, kind in {
        "negotiation_kind": NegotiationKind, "approach": Approach, "team_role": TeamRole,
        "organisation_kind": OrganisationKind, "decision_role": DecisionRole,
        "term_kind": TermKind, "direction": Direction, "term_status": TermStatus,
        "channel": Channel, "side": Side, "interaction_direction": InteractionDirection,
        "stage": Stage, "leverage_kind": LeverageKind, "ally_kind": AllyKind,
        "soft_category": SoftSavingCategory,
    }.items()
}  # fmt: skip


SAVED = {
    "term": "Term saved.",
    "offer": "Offer logged.",
    "interaction": "Interaction logged.",
    "goals": "Saved.",
    "stage": "Stage moved; the move is in the stage history.",
    "agreement": "Agreement recorded; the negotiation is now agreed.",
    "correction": "Saved; the original stays in the history.",
    "negotiation": "Negotiation opened.",
    "organisation": "Organisation saved.",
    "contact": "Contact saved.",
    "preparation": "Saved.",
    "person": "Saved.",
    "role": "Role changed; they sign in again to use it.",
    "enabled": "Enabled: they can sign in again.",
    "disabled": "Disabled: signed out everywhere; their API tokens stop working.",
}
"""The confirmations shown after a save (``?saved=KEY``): fixed texts, so that nothing
from the address is echoed into the page."""


def _money(value: object) -> str:
    if value is None or value == "":
        return "—"
    amount = Decimal(str(value))
    sign = "−" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


def _when(value: datetime | None) -> str:
    return "—" if value is None else value.strftime("%Y-%m-%d %H:%M")


def _day(value: date | datetime | None) -> str:
    return "—" if value is None else value.strftime("%Y-%m-%d")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _label(value: object) -> str:
    return str(value).replace("_", " ")


def _pairs(items: list[Any], key: str, label: str) -> list[tuple[Any, Any]]:
    """Objects → (value, label) options for a select."""
    return [(getattr(i, key), getattr(i, label)) for i in items]


def _options(values: list[Any]) -> list[tuple[str, str]]:
    """Plain values → (value, readable label) options for a select."""
    return [(str(v), _label(v)) for v in values]


def _package(description: str | None) -> list[str]:
    """An engine package description, ``a=1 x, b=2 y``, as one item per term."""
    return [part.strip() for part in (description or "").split(", ") if part.strip()]


def _share(value: float | None) -> str:
    """A utility (0..1) as people read it."""
    return "—" if value is None else f"{value:.2f}"


def _with_labels(text: str | None, labels: dict[str, str] | None) -> str:
    """Term identifiers in an engine sentence replaced by their labels (``rate_97110`` →
    ``97110 therapeutic exercise — rate per unit``); longest names first."""
    if not text or not labels:
        return text or ""
    names = sorted(labels, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w])(" + "|".join(re.escape(n) for n in names) + r")(?![\w])")
    return pattern.sub(lambda m: labels[m.group(1)], text)


def signed_in(request: Request) -> Actor | None:
    """The user the page is shown to (``request.state.actor``), or None on ``/login``."""
    actor = getattr(request.state, "actor", None)
    return actor if isinstance(actor, Actor) else None


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(money=_money, when=_when, day=_day, pct=_pct, label=_label, count=counted,
                       pairs=_pairs, options=_options, package=_package, share=_share,
                       with_labels=_with_labels)  # fmt: skip
    env.globals["choices"] = CHOICES
    env.globals["glossary"] = GLOSSARY
    env.globals["csrf_field"] = csrf_field
    env.globals["signed_in"] = signed_in
    env.globals["EDIT"] = Permission.EDIT_RECORD
    env.globals["MANAGE_USERS"] = Permission.MANAGE_USERS
    env.globals["MANAGE_SETTINGS"] = Permission.MANAGE_SETTINGS
    return env


templates = Jinja2Templates(env=_environment())


class FormError(BaseModel):
    """A refused form: which form, the message and the field at fault."""

    form: str
    type: str
    message: str
    field: str | None = None

    @classmethod
    def of(cls, form: str, exc: AccordError) -> FormError:
        detail = error_body(exc)["error"]
        return cls(form=form, **detail)


def wants_json(request: Request) -> bool:
    """The JSON twin of a page: ``?format=json`` or ``Accept: application/json``."""
    if request.query_params.get("format") == "json":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def render_page(
    request: Request,
    template: str,
    page: BaseModel,
    *,
    title: str,
    error: FormError | None = None,
    values: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    """The page's template with ``page``, or its JSON twin; a refused form comes back
    with its message next to its fields and the values the user typed."""
    if wants_json(request):
        body = page.model_dump(mode="json")
        if error is not None:
            body = {**error_body_of(error), "page": body}
        return JSONResponse(body, status_code=status_code)
    context = {
        "page": page, "title": title, "error": error, "values": values or {},
        "flash": None if error is not None else SAVED.get(request.query_params.get("saved", "")),
    }  # fmt: skip
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def error_body_of(error: FormError) -> dict[str, Any]:
    return {"error": {"type": error.type, "message": error.message, "field": error.field}}


def see_other(url: str) -> Response:
    """POST-redirect-GET: after a change, the browser loads the page afresh."""
    return RedirectResponse(url, status_code=303)


def render_error_page(request: Request, exc: AccordError) -> Response:
    """An error as a page (404, 409...), never a traceback."""
    context = {"title": f"Error {exc.http_status}", "exc": exc, "kind": type(exc).__name__}
    return templates.TemplateResponse(request, "error.html", context, status_code=exc.http_status)
