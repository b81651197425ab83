"""Organisation scope payloads: whose records a user sees, and the choice to change it."""

from __future__ import annotations

from pydantic import BaseModel, Field

from accord.entrypoints.http.schemas.common import InputModel, Name
from accord.services.memberships import UserScope

__all__ = ["OrganisationRef", "UserOrganisationsPublic", "UserOrganisationsUpdate"]


class OrganisationRef(BaseModel):
    id: int
    name: str


class UserOrganisationsPublic(BaseModel):
    """Which organisations' records a user sees."""

    user: str
    role: str
    sees_all: bool = Field(
        description="True for an owner or admin, or when no organisation is chosen."
    )
    organisations: list[OrganisationRef] = Field(
        description="The organisations chosen for the user, by name."
    )

    @classmethod
    def of(cls, scope: UserScope) -> UserOrganisationsPublic:
        return cls(
            user=scope.user,
            role=scope.role.value,
            sees_all=scope.sees_all,
            organisations=[OrganisationRef(id=i, name=n) for i, n in scope.organisations],
        )


class UserOrganisationsUpdate(InputModel):
    """The whole list of organisations the user works for; empty: they see everything."""

    organisations: list[Name] = Field(
        max_length=500, description="Organisation ids or exact names."
    )
