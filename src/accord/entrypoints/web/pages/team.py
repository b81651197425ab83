"""Settings → Team: the people who use this Accord, their roles, and their sign-in links
(each person's own account page is ``account.py``).

Owners and admins manage people here as ``accord user …`` does in a terminal: the same
services decide who may do what (an admin cannot touch an owner; the last active owner
stays). A person added without a password gets a one-time sign-in link, shown once, to
hand over; after signing in they set a password on their account page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from accord.bootstrap import Accord
from accord.domain.accounts import PASSWORD_MIN, Role
from accord.domain.actors import Actor
from accord.entrypoints.http.deps import AccordDep
from accord.entrypoints.http.errors import validate_input
from accord.entrypoints.http.schemas.accounts import ActiveChange, RoleChange, UserCreate
from accord.entrypoints.http.schemas.memberships import UserOrganisationsUpdate
from accord.entrypoints.web.actions import read_form
from accord.entrypoints.web.forms import Form
from accord.entrypoints.web.rendering import FormError, render_page, see_other, signed_in
from accord.entrypoints.web.schema_forms import given
from accord.errors import AccordError, NotSignedInError
from accord.services import accounts, memberships
from accord.services.sign_in import LINK_LIFETIME, link_for_user

__all__ = ["ROLE_SAYS", "TeamPage", "router"]

router = APIRouter()
PATH = "/settings/team"


class Person(BaseModel):
    name: str
    role: str
    active: bool
    has_password: bool
    added: str  # "2026-12-07"
    is_you: bool
    sees: str = "all"  # "all", or the names of the organisations whose records they see
    chosen: list[int] = []  # the organisations chosen for them (moot for owners, admins)


class SignInLink(BaseModel):
    name: str
    url: str
    minutes: int


class TeamPage(BaseModel):
    people: list[Person]
    roles: list[tuple[str, str]]  # ("negotiator", "Negotiator — edits the record")
    link: SignInLink | None = None
    password_min: int = PASSWORD_MIN
    organisations: list[tuple[int, str]] = []  # what a person can be chosen to work for


ROLE_SAYS = {
    Role.OWNER: "everything, including managing owners",
    Role.ADMIN: "edits the record, the settings and the team (not owners)",
    Role.NEGOTIATOR: "edits the record: negotiations, offers, contracts, remittances",
    Role.VIEWER: "reads everything, changes nothing",
    Role.AUDITOR: "reads everything, changes nothing (for a review or an audit)",
}
"""What each role may do, in the words docs/security.md uses."""


def _actor(request: Request) -> Actor:
    actor = signed_in(request)
    if actor is None:  # the authentication middleware lets no anonymous request here
        raise NotSignedInError("sign in first")
    return actor


def _team(accord: Accord, actor: Actor, link: SignInLink | None = None) -> TeamPage:
    users = accounts.list_users(accord.store.unit_of_work(), actor)
    scopes = memberships.team_scopes(accord.store.unit_of_work(), actor)
    choices = memberships.organisation_choices(accord.store.unit_of_work(), actor)
    return TeamPage(
        people=[
            Person(name=u.name, role=u.role.value, active=u.active, has_password=u.has_password,
                   added=u.created_at.date().isoformat(), is_you=u.id == actor.user_id,
                   sees=scopes[u.name].sees,
                   chosen=[oid for oid, _ in scopes[u.name].organisations])
            for u in users
        ],
        roles=[(r.value, f"{r.value.capitalize()} — {ROLE_SAYS[r]}") for r in Role],
        link=link,
        organisations=choices,
    )  # fmt: skip


def _render_team(
    request: Request, accord: Accord, *, link: SignInLink | None = None,
    error: FormError | None = None, values: dict[str, Any] | None = None, status: int = 200,
) -> Response:  # fmt: skip
    page = _team(accord, _actor(request), link)
    response = render_page(request, "team.html", page, title="Team", error=error,
                           values=values, status_code=status)  # fmt: skip
    response.headers["Cache-Control"] = "no-store"  # a sign-in link is a secret
    return response


@router.get(PATH, name="team")
def team(request: Request, accord: AccordDep) -> Response:
    """Everyone who may sign in, with their role and state (JSON twin: ``?format=json``)."""
    return _render_team(request, accord)


def _new_person(form: Form) -> UserCreate:
    """The add form as the request model: a password left empty is left out (a link)."""
    password = form.data.get("password", "")  # as typed: a password is never trimmed
    return validate_input(UserCreate, {
        **given(form, "name", "role"), **({"password": password} if password else {}),
    })  # fmt: skip


def _link(request: Request, accord: Accord, actor: Actor, name: str) -> SignInLink:
    user, secret = link_for_user(accord.store.unit_of_work(), actor, name, accord.clock.now())
    base = str(request.base_url).rstrip("/")
    return SignInLink(name=user.name, url=f"{base}/login/link?token={secret}",
                      minutes=int(LINK_LIFETIME.total_seconds() // 60))  # fmt: skip


async def _change(
    request: Request, accord: Accord, form: Form, form_name: str,
    action: Callable[[Actor], SignInLink | str | None], saved: str,
) -> Response:  # fmt: skip
    """Run ``action`` as the signed-in user; a link comes back on the page (shown once),
    anything else redirects (to ``saved``'s message, or the one ``action`` names); a
    refusal comes back next to its form."""
    actor = _actor(request)
    try:
        link = await run_in_threadpool(action, actor)
    except AccordError as exc:
        error, status = FormError.of(form_name, exc), exc.http_status

        def again() -> Response:
            return _render_team(request, accord, error=error, values=form.data, status=status)

        return await run_in_threadpool(again)
    if isinstance(link, SignInLink):
        shown = link
        return await run_in_threadpool(lambda: _render_team(request, accord, link=shown))
    return see_other(f"{PATH}?saved={link or saved}#people")


@router.post(PATH + "/add")
async def add_person(request: Request, accord: AccordDep) -> Response:
    """Add a person; with no password, answer with their one-time sign-in link."""
    form = await read_form(request)

    def add(actor: Actor) -> SignInLink | None:
        body = _new_person(form)
        user = accounts.add_user(
            accord.store.unit_of_work(), accord.passwords, actor, body.name, body.role,
            body.password, accord.clock.now(),
        )  # fmt: skip
        return None if body.password else _link(request, accord, actor, user.name)

    return await _change(request, accord, form, "add", add, "person")


@router.post(PATH + "/{name}/role")
async def change_role(request: Request, accord: AccordDep, name: str) -> Response:
    """Give a person another role (they are signed out, to sign in with it)."""
    form = await read_form(request)

    def change(actor: Actor) -> None:
        body = validate_input(RoleChange, given(form, "role"))
        accounts.change_role(accord.store.unit_of_work(), actor, name, body.role)

    return await _change(request, accord, form, f"person-{name}", change, "role")


@router.post(PATH + "/{name}/active")
async def set_active(request: Request, accord: AccordDep, name: str) -> Response:
    """Disable a person (signed out everywhere, tokens stop) or enable them again."""
    form = await read_form(request)

    def change(actor: Actor) -> str:
        body = validate_input(ActiveChange, given(form, "active"))  # "yes" or "no"
        accounts.set_active(accord.store.unit_of_work(), actor, name, active=body.active)
        return "enabled" if body.active else "disabled"

    return await _change(request, accord, form, f"person-{name}", change, "disabled")


@router.post(PATH + "/{name}/organisations")
async def choose_organisations(request: Request, accord: AccordDep, name: str) -> Response:
    """Choose the organisations whose records a person sees (none ticked: all of them)."""
    form = await read_form(request)

    def change(actor: Actor) -> None:
        chosen = {"organisations": form.lists.get("organisations", [])}  # ids, as ticked
        body = validate_input(UserOrganisationsUpdate, chosen)
        memberships.set_user_organisations(
            accord.store.unit_of_work(), actor, name, replace=body.organisations
        )

    return await _change(request, accord, form, f"person-{name}", change, "organisations")


@router.post(PATH + "/{name}/link")
async def new_link(request: Request, accord: AccordDep, name: str) -> Response:
    """A new one-time sign-in link for a person (shown once)."""
    form = await read_form(request)
    return await _change(
        request, accord, form, f"person-{name}",
        lambda actor: _link(request, accord, actor, name), "person",
    )  # fmt: skip
