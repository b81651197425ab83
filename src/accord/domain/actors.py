"""Who acts: the person (or the laptop's one local user) behind a change.

An :class:`Actor` is what the audit trail records as "who". Login (issue 13 §1–§3)
will hand the signed-in user's actor to the services; until then, and always on the
command line of a single-user laptop, the actor is :data:`LOCAL`.

Example::

    >>> LOCAL.name, LOCAL.user_id
    ('local', None)
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LOCAL", "Actor"]


@dataclass(frozen=True, slots=True)
class Actor:
    """A user by id, name and role; ``user_id`` is None for the local user."""

    user_id: int | None
    name: str
    role: str


LOCAL = Actor(user_id=None, name="local", role="owner")
"""The one user of a laptop install (and of the CLI, which runs as its owner)."""
