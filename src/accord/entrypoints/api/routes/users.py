"""``/api/users``: the people who use this Accord, their roles and sign-in links.

The JSON twin of Settings → Team and ``accord user``: the same services decide who may
do what (only owners and admins manage people; an admin cannot touch an owner; the last
active owner stays) and record each change in the audit trail. A person added without
a password gets a one-time sign-in link, in that answer only (``Cache-Control:
no-store``). Whose records a person sees is ``user_organisations.py``; one's own
password and tokens are ``account.py``.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from accord.bootstrap import Accord
from accord.domain.accounts import User, check_user_name
from accord.domain.actors import Actor
from accord.entrypoints.api.routes.user_organisations import UserName
from accord.entrypoints.http.deps import AccordDep
from accord.entrypoints.http.schemas.accounts import UserCreate
from accord.entrypoints.http.schemas.users import (
    NewUserPublic,
    SignInLinkPublic,
    UserPublic,
    UserUpdate,
)
from accord.errors import NotFoundError
from accord.services import accounts, memberships
from accord.services.permissions import acting_actor
from accord.services.sign_in import LINK_LIFETIME, link_for_user

__all__ = ["router"]

router = APIRouter(tags=["users"])


def _public(accord: Accord, actor: Actor, user: User) -> UserPublic:
    scope = memberships.user_scope(accord.store.unit_of_work(), actor, user.name)
    return UserPublic.of(user, scope)


def _find(accord: Accord, actor: Actor, name: str) -> User:
    """The person named ``name``, as an owner or admin reads them (others: 403)."""
    wanted = check_user_name(name)
    for user in accounts.list_users(accord.store.unit_of_work(), actor):
        if user.name == wanted:
            return user
    raise NotFoundError(f"no user named {wanted!r} (GET /api/users lists them)")


def _link(request: Request, accord: Accord, actor: Actor, name: str) -> SignInLinkPublic:
    user, secret = link_for_user(accord.store.unit_of_work(), actor, name, accord.clock.now())
    base = str(request.base_url).rstrip("/")
    return SignInLinkPublic(name=user.name, url=f"{base}/login/link?token={secret}",
                            minutes=int(LINK_LIFETIME.total_seconds() // 60))  # fmt: skip


@router.get("/users")
def every_user(accord: AccordDep) -> list[UserPublic]:
    """Everyone who may sign in, by name: role, state, whether a password is set, the
    day they were added and whose records they see (owners and admins only)."""
    actor = acting_actor()
    users = accounts.list_users(accord.store.unit_of_work(), actor)
    scopes = memberships.team_scopes(accord.store.unit_of_work(), actor)
    return [UserPublic.of(user, scopes[user.name]) for user in users]


@router.post("/users", status_code=201)
def add_user(
    request: Request, response: Response, accord: AccordDep, body: UserCreate
) -> NewUserPublic:
    """Add a person with a role; with no password, the answer holds their one-time
    sign-in link (shown once: hand it over; they set a password after signing in)."""
    actor = acting_actor()
    user = accounts.add_user(
        accord.store.unit_of_work(), accord.passwords, actor, body.name, body.role,
        body.password, accord.clock.now(),
    )  # fmt: skip
    link = None if body.password is not None else _link(request, accord, actor, user.name)
    response.headers["Cache-Control"] = "no-store"  # a sign-in link is a secret
    return NewUserPublic(**_public(accord, actor, user).model_dump(), sign_in_link=link)


@router.patch("/users/{name}")
def change_user(accord: AccordDep, name: UserName, body: UserUpdate) -> UserPublic:
    """Give a person another role (they are signed out, to sign in with it), and/or
    disable them (signed out everywhere, their tokens stop) or enable them again.

    The role changes first, then the state; a value equal to the present one is left
    alone (nothing is recorded), but an admin is still refused an owner."""
    actor = acting_actor()
    person = _find(accord, actor, name)
    changed = False
    if body.role is not None and body.role is not person.role:
        accounts.change_role(accord.store.unit_of_work(), actor, person.name, body.role)
        changed = True
    if body.active is not None and body.active is not person.active:
        accounts.set_active(accord.store.unit_of_work(), actor, person.name, active=body.active)
        changed = True
    if not changed:  # the same refusal as a real change, for asking about one
        accounts.authorize_over(actor, person.role)
    return _public(accord, actor, _find(accord, actor, person.name))


@router.post("/users/{name}/sign-in-link", status_code=201)
def new_sign_in_link(
    request: Request, response: Response, accord: AccordDep, name: UserName
) -> SignInLinkPublic:
    """A new one-time sign-in link for a person (active ones only), in this answer only;
    it works once, within its minutes."""
    link = _link(request, accord, acting_actor(), name)
    response.headers["Cache-Control"] = "no-store"
    return link
