"""Choosing which organisations a person works for: what their organisation scope is.

Owners and admins choose (``manage_users``); the rule of what a choice means is the
domain's (:func:`accord.domain.scope.scope_for`): no organisations chosen, or an owner's
or admin's role, means the person sees every organisation's records. Every door (the
Team page, ``/api/users/{name}/organisations``, ``accord user orgs``) calls these.

>>> from accord.domain.actors import OPERATOR
>>> set_user_organisations(uow, OPERATOR, "bea", add=["Riverside PT"])  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from accord.domain.accounts import Permission, Role, User
from accord.domain.actors import Actor
from accord.domain.audit import AuditAction, Change
from accord.domain.organisations import Organisation, OrganisationKind
from accord.domain.scope import UNSCOPED_ROLES
from accord.errors import NotFoundError, ValidationError
from accord.services.accounts import authorize, authorize_over, find_user
from accord.services.ports import UnitOfWork

__all__ = [
    "UserScope",
    "organisation_choices",
    "organisation_named",
    "set_user_organisations",
    "team_scopes",
    "user_scope",
]


@dataclass(frozen=True, slots=True)
class UserScope:
    """Whose records a user sees: ``sees_all``, or the ``organisations`` listed.

    ``organisations`` are the chosen ones ((id, name), by name) even when the role makes
    them moot (an owner or admin sees everything whatever is chosen).
    """

    user: str
    role: Role
    sees_all: bool
    organisations: tuple[tuple[int, str], ...]

    @property
    def sees(self) -> str:
        """In words, for a page or a terminal: ``all`` or ``Riverside PT, Lakeside PT``."""
        return "all" if self.sees_all else ", ".join(name for _, name in self.organisations)


def organisation_named(uow: UnitOfWork, given: str) -> Organisation:
    """The organisation ``given`` names: its id (digits) or its exact name."""
    text = given.strip()
    if not text:
        raise ValidationError("name an organisation by its id or its name", field="organisation")
    found = uow.organisations.get(int(text)) if text.isdigit() else uow.organisations.find(text)
    if found is None:
        raise NotFoundError(f"no organisation named {text[:200]!r} (accord org list shows them)")
    return found


def _ids(uow: UnitOfWork, given: Iterable[str]) -> set[int]:
    return {oid for g in given if (oid := organisation_named(uow, g).id) is not None}


def _scope_of(uow: UnitOfWork, user: User, chosen: Sequence[int]) -> UserScope:
    names = [(oid, uow.organisations.get(oid).name) for oid in chosen]
    names.sort(key=lambda pair: (pair[1], pair[0]))
    sees_all = user.role in UNSCOPED_ROLES or not chosen
    return UserScope(user.name, user.role, sees_all, tuple(names))


def user_scope(uow: UnitOfWork, actor: Actor, name: str) -> UserScope:
    """Which organisations the user ``name`` sees (an owner or admin asks)."""
    authorize(actor, Permission.MANAGE_USERS)
    with uow:
        user = find_user(uow, name)
        return _scope_of(uow, user, uow.memberships.organisations_of(user.id))


def organisation_choices(uow: UnitOfWork, actor: Actor) -> list[tuple[int, str]]:
    """What a person can be chosen to work for: our own side's organisations, and any
    other already chosen for someone; (id, name) by name."""
    authorize(actor, Permission.MANAGE_USERS)
    with uow:
        chosen = {oid for ids in uow.memberships.every_user().values() for oid in ids}
        return sorted(
            ((o.id, o.name) for o in uow.organisations.list()
             if o.id is not None and (o.kind is OrganisationKind.OURS or o.id in chosen)),
            key=lambda pair: (pair[1], pair[0]),
        )  # fmt: skip


def team_scopes(uow: UnitOfWork, actor: Actor) -> dict[str, UserScope]:
    """Every user's scope, by user name (the Team page's "Sees" column)."""
    authorize(actor, Permission.MANAGE_USERS)
    with uow:
        chosen = uow.memberships.every_user()
        return {
            user.name: _scope_of(uow, user, chosen.get(user.id, ())) for user in uow.accounts.list()
        }


def set_user_organisations(
    uow: UnitOfWork,
    actor: Actor,
    name: str,
    *,
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
    replace: Iterable[str] | None = None,
) -> UserScope:
    """Change which organisations ``name`` works for and return the result.

    ``replace`` (ids or names) sets the whole list (empty: sees everything again);
    otherwise ``add`` and ``remove`` change it. Recorded in the audit trail.
    """
    with uow:
        user = find_user(uow, name)
        authorize_over(actor, user.role)
        before = list(uow.memberships.organisations_of(user.id))
        after: set[int] = set() if replace is not None else set(before)
        after |= _ids(uow, replace if replace is not None else add)
        after -= _ids(uow, remove)
        chosen = sorted(after)
        if chosen != before:
            uow.memberships.replace(user.id, chosen)
            uow.audit.record(
                Change(AuditAction.UPDATE, "user_organisations", str(user.id),
                       before={"organisations": before}, after={"organisations": chosen})
            )  # fmt: skip
            uow.commit()
        return _scope_of(uow, user, chosen)
