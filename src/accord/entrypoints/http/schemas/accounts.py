"""Account payloads: a person added to the team, another role, disabling or enabling
someone, and one's own new password.

Their limits are the domain's own rules (``check_user_name``, ``check_password``), so a
refused name or password reads the same on Settings → Team and the account page as at
``accord user``. A password never appears in a refusal (``hide_input_in_errors``).

>>> RoleChange.model_validate({"role": "viewer"}).role
<Role.VIEWER: 'viewer'>
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field, WithJsonSchema

from accord.domain.accounts import (
    PASSWORD_MAX,
    PASSWORD_MIN,
    Role,
    check_password,
    check_user_name,
)
from accord.entrypoints.http.schemas.common import InputModel
from accord.errors import ValidationError

__all__ = ["ActiveChange", "PasswordChange", "RoleChange", "UserCreate"]


def _words(exc: ValidationError) -> ValueError:
    """The domain's refusal as pydantic reports a rule's (the field is named apart)."""
    return ValueError(exc.message.removeprefix(f"{exc.field}: "))


def _user_name(text: str) -> str:
    try:
        return check_user_name(text)
    except ValidationError as exc:
        raise _words(exc) from None


def _password(text: str) -> str:
    try:
        return check_password(text)
    except ValidationError as exc:
        raise _words(exc) from None


UserName = Annotated[str, AfterValidator(_user_name)]
"""A login name as the domain takes it (trimmed, lower-cased): 1–64 characters of a–z,
0–9 and ``. _ @ -``. Staff names only, never a patient's."""

Password = Annotated[
    str,
    AfterValidator(_password),
    # the document states the domain's rule (which alone decides), for the API's readers
    WithJsonSchema({"type": "string", "minLength": PASSWORD_MIN, "maxLength": PASSWORD_MAX}),
]
"""A new password: 10 to 1,024 characters."""


class UserCreate(InputModel):
    """A person who may sign in: with no password, they get a one-time sign-in link."""

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)

    name: UserName = Field(description="Their sign-in name, e.g. 'dana'.")
    role: Role = Field(description="What they may do: owner, admin, negotiator, viewer, auditor.")
    password: Password | None = Field(
        default=None, description="Their first password; none: a one-time sign-in link."
    )


class RoleChange(InputModel):
    """Another role for a person (they are signed out, to sign in with it)."""

    role: Role = Field(description="owner, admin, negotiator, viewer or auditor.")


class ActiveChange(InputModel):
    """Disable a person (signed out everywhere, their tokens stop) or enable them again."""

    active: bool = Field(description="false: disabled; true: may sign in again.")


class PasswordChange(InputModel):
    """One's own new password (every session is signed out, this one too)."""

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)

    password: Password = Field(description="At least 10 characters; a few words are best.")
