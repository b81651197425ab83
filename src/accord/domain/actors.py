"""Who is acting: the signed-in user (or the local operator) a service acts for."""

from __future__ import annotations

from dataclasses import dataclass

from accord.domain.accounts import Permission, Role, allows

__all__ = ["OPERATOR", "Actor"]


@dataclass(frozen=True, slots=True)
class Actor:
    """The person behind a change: a user's id, login name and role.

    ``user_id`` is None for the operator of the machine (the CLI run by whoever can open
    the database, who is the owner in all but name).

    >>> Actor(3, "dana", Role.VIEWER).may(Permission.EDIT_RECORD)
    False
    """

    user_id: int | None
    name: str
    role: Role

    def may(self, permission: Permission) -> bool:
        """Whether this actor's role grants ``permission``."""
        return allows(self.role, permission)


OPERATOR = Actor(None, "local operator", Role.OWNER)
"""The CLI's actor: whoever can open the database file or URL can do everything."""
