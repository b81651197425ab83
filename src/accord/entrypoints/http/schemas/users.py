"""Team payloads for the API: a person as listed, a one-time sign-in link, and the
change of a person's role and state.

A person is never shown with a password, a hash or a session: only whether a password
is set. A sign-in link's URL carries its secret, so it is in the one answer that makes
it and nowhere else (not stored, not logged).

>>> UserUpdate.model_validate({"active": "no"}).active
False
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from accord.domain.accounts import Role, User
from accord.entrypoints.http.schemas.accounts import ActiveChange, RoleChange
from accord.entrypoints.http.schemas.common import InputModel
from accord.entrypoints.http.schemas.memberships import OrganisationRef
from accord.services.memberships import UserScope

__all__ = ["NewUserPublic", "SignInLinkPublic", "UserPublic", "UserUpdate"]


class UserPublic(BaseModel):
    """A person on the team, as Settings → Team lists them."""

    name: str
    role: str = Field(description="owner, admin, negotiator, viewer or auditor.")
    active: bool = Field(description="False: disabled (cannot sign in, tokens stop).")
    has_password: bool = Field(description="False: they sign in with a one-time link.")
    added: date = Field(description="The day they were added (UTC).")
    sees_all: bool = Field(
        description="True for an owner or admin, or when no organisation is chosen."
    )
    organisations: list[OrganisationRef] = Field(
        description="The organisations whose records they see, when chosen."
    )

    @classmethod
    def of(cls, user: User, scope: UserScope) -> UserPublic:
        return cls(
            name=user.name, role=user.role.value, active=user.active,
            has_password=user.has_password, added=user.created_at.date(),
            sees_all=scope.sees_all,
            organisations=[OrganisationRef(id=i, name=n) for i, n in scope.organisations],
        )  # fmt: skip


class SignInLinkPublic(BaseModel):
    """A one-time sign-in link to hand over: it works once, for ``minutes`` minutes."""

    name: str = Field(description="Whom it signs in.")
    url: str = Field(description="The link itself; shown in this answer only.")
    minutes: int = Field(description="How long it works.")


class NewUserPublic(UserPublic):
    """A person just added; with no password, their one-time sign-in link."""

    sign_in_link: SignInLinkPublic | None = Field(
        description="Null when they were given a password."
    )


class UserUpdate(InputModel):
    """Another role and/or another state for a person; a field left out stays as it is.

    The fields are those of the Team page's role and disable/enable forms
    (:class:`RoleChange`, :class:`ActiveChange`), so a bad value reads the same.
    """

    role: Role | None = Field(default=None, description=RoleChange.model_fields["role"].description)
    active: bool | None = Field(
        default=None, description=ActiveChange.model_fields["active"].description
    )
