"""Who acts: the signed-in user, or the laptop's one local user, behind a change.

An :class:`Actor` is what the services check permissions against and what the audit
trail records as "who". The CLI acts as :data:`LOCAL` (whoever can open the database).

    >>> LOCAL.name, LOCAL.user_id
    ('local', None)
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.domain.accounts import Permission, Role, allows

__all__ = ["ANONYMOUS", "LOCAL", "OPERATOR", "Actor"]


@dataclass(frozen=True, slots=True)
class Actor:
    """The person behind a change: a user's id, login name and role.

    ``user_id`` is None for the operator of the machine (the CLI run by whoever can open
    the database, who is the owner in all but name). ``read_only`` is set for a request
    made with a read-only API token: the user's role, but reading only.

    >>> Actor(3, "dana", Role.VIEWER).may(Permission.EDIT_RECORD)
    False
    """

    user_id: int | None
    name: str
    role: Role
    read_only: bool = False

    def may(self, permission: Permission) -> bool:
        """Whether this actor's role grants ``permission`` (and, with a read-only
        token, whether it is only reading)."""
        if self.read_only and permission is not Permission.READ:
            return False
        return allows(self.role, permission)


LOCAL = Actor(None, "local", Role.OWNER)
"""The CLI's actor: whoever can open the database file or URL can do everything."""

OPERATOR = LOCAL
"""Another name for :data:`LOCAL`, used where permissions are checked."""

ANONYMOUS = Actor(None, "anonymous", Role.VIEWER)
"""Who acts in a request nobody is signed in to (the sign-in page): may change nothing."""
