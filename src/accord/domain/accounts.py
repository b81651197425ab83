"""Users, their roles and what each role may do (pure: no hashing, no storage).

The roles, from the most to the least power:

========== ===============================================================
owner      everything, including making and removing other owners
admin      manages users (not owners), document templates and reference
           tables, and edits the record
negotiator edits negotiations, organisations, contacts, contracts and
           remittances
viewer     reads everything, changes nothing
auditor    reads everything, changes nothing (the audit trail is theirs)
========== ===============================================================
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from accord.errors import ValidationError

__all__ = [
    "NAME_MAX",
    "PASSWORD_MIN",
    "ApiToken",
    "Permission",
    "Role",
    "TokenScope",
    "User",
    "allows",
    "check_password",
    "check_user_name",
    "token_end",
]

NAME_MAX = 64
PASSWORD_MIN = 10
PASSWORD_MAX = 1024  # argon2 takes any length; this only bounds the work of one attempt
_NAME = re.compile(r"^[a-z0-9][a-z0-9._@-]*$")


class Role(enum.StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    NEGOTIATOR = "negotiator"
    VIEWER = "viewer"
    AUDITOR = "auditor"


class Permission(enum.StrEnum):
    READ = "read"
    EDIT_RECORD = "edit_record"
    MANAGE_SETTINGS = "manage_settings"
    MANAGE_USERS = "manage_users"
    MANAGE_OWNERS = "manage_owners"


_GRANTS: dict[Role, frozenset[Permission]] = {
    Role.OWNER: frozenset(Permission),
    Role.ADMIN: frozenset(
        {
            Permission.READ,
            Permission.EDIT_RECORD,
            Permission.MANAGE_SETTINGS,
            Permission.MANAGE_USERS,
        }
    ),
    Role.NEGOTIATOR: frozenset({Permission.READ, Permission.EDIT_RECORD}),
    Role.VIEWER: frozenset({Permission.READ}),
    Role.AUDITOR: frozenset({Permission.READ}),
}


def allows(role: Role, permission: Permission) -> bool:
    """Whether ``role`` grants ``permission`` (the one table of what roles may do)."""
    return permission in _GRANTS[role]


class TokenScope(enum.StrEnum):
    """``read``: GET only; ``write``: whatever the token's user may do."""

    READ = "read"
    WRITE = "write"


@dataclass(frozen=True, slots=True)
class User:
    """An account. The password hash never leaves the store's adapter and services."""

    id: int
    name: str
    role: Role
    active: bool
    created_at: datetime
    has_password: bool = True


@dataclass(frozen=True, slots=True)
class ApiToken:
    """A personal API token as listed (its secret is shown once, when created)."""

    id: int
    user_name: str
    label: str
    scope: TokenScope
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    expires_at: datetime | None = None

    def live(self, now: datetime) -> bool:
        """Whether the token works at ``now``: not revoked and not past its end."""
        return self.revoked_at is None and (self.expires_at is None or now < self.expires_at)

    def state(self, now: datetime) -> str:
        """``live``, ``revoked`` or ``ended`` (past its end date), as lists show it."""
        if self.revoked_at is not None:
            return "revoked"
        return "live" if self.live(now) else "ended"

    @property
    def last_day(self) -> date | None:
        """The last day (UTC) the token works, or None for no end."""
        return None if self.expires_at is None else (self.expires_at - timedelta(days=1)).date()


def check_user_name(name: str) -> str:
    """A login name: lower-case letters, digits and ``._@-``, at most 64 characters.

    Staff names only: never a patient's name or member id.
    """
    cleaned = name.strip().lower()
    if not cleaned or len(cleaned) > NAME_MAX or not _NAME.match(cleaned):
        raise ValidationError(
            f"a user name is 1–{NAME_MAX} characters of a–z, 0–9 and . _ @ - "
            f"starting with a letter or digit; got {name[:80]!r}",
            field="name",
        )
    return cleaned


def check_password(password: str) -> str:
    """A new password: at least 10 characters (a passphrase is best), at most 1,024."""
    if len(password) < PASSWORD_MIN:
        raise ValidationError(
            f"a password needs at least {PASSWORD_MIN} characters; a few words make a good one",
            field="password",
        )
    if len(password) > PASSWORD_MAX:
        raise ValidationError(f"a password has at most {PASSWORD_MAX} characters", field="password")
    return password


TOKEN_DAYS_MAX = 3660
"""A token's end date at most ten years ahead (a date both databases hold)."""


def token_end(last_day: date, today: date) -> datetime:
    """When a token that works through ``last_day`` stops: the next midnight, UTC.

    >>> token_end(date(2027, 3, 31), date(2026, 12, 7)).isoformat()
    '2027-04-01T00:00:00+00:00'
    """
    if last_day < today:
        raise ValidationError(
            f"a token's end date is today or later; got {last_day.isoformat()}, "
            f"before today ({today.isoformat()})",
            field="last_day",
        )
    if (last_day - today).days > TOKEN_DAYS_MAX:
        raise ValidationError(
            "a token's end date is at most ten years ahead; leave it empty for no end",
            field="last_day",
        )
    return datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=UTC)
