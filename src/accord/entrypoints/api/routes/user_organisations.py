"""``/api/users/{name}/organisations``: which organisations' records a user sees.

Owners and admins read and set it (``manage_users``); the Team page and ``accord user
orgs`` do the same through the same services.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from accord.entrypoints.http.deps import AccordDep
from accord.entrypoints.http.schemas.memberships import (
    UserOrganisationsPublic,
    UserOrganisationsUpdate,
)
from accord.services.memberships import set_user_organisations, team_scopes, user_scope
from accord.services.permissions import acting_actor

__all__ = ["router"]

router = APIRouter(tags=["users"])

UserName = Annotated[
    str,
    Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._@-]*$",
         description="A login name (a–z, 0–9, . _ @ -)."),
]  # fmt: skip


@router.get("/users/organisations")
def every_user_organisations(accord: AccordDep) -> list[UserOrganisationsPublic]:
    """Every user with the organisations whose records they see."""
    scopes = team_scopes(accord.store.unit_of_work(), acting_actor())
    return [UserOrganisationsPublic.of(scope) for scope in scopes.values()]


@router.get("/users/{name}/organisations")
def user_organisations(accord: AccordDep, name: UserName) -> UserOrganisationsPublic:
    """The organisations whose records one user sees."""
    return UserOrganisationsPublic.of(user_scope(accord.store.unit_of_work(), acting_actor(), name))


@router.put("/users/{name}/organisations")
def replace_user_organisations(
    accord: AccordDep, name: UserName, body: UserOrganisationsUpdate
) -> UserOrganisationsPublic:
    """Set the organisations a user works for (empty: they see every organisation)."""
    scope = set_user_organisations(
        accord.store.unit_of_work(), acting_actor(), name, replace=body.organisations
    )
    return UserOrganisationsPublic.of(scope)
