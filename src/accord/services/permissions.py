"""Refusing early: who is acting, and whether their role allows a use case at all.

Every change is checked where it is saved (the unit of work's commit asks
:func:`accord.domain.permissions.check_changes` for the acting user), so a service need
not check anything itself. The few that do long work before they write (reading a file
of remittances or an archive, checking a Word template) call :func:`require` first, so
that a viewer is refused at once rather than after the work.

    >>> from accord.domain.audit import CLI
    >>> from accord.services.audit_ports import acting_as
    >>> with acting_as(CLI):
    ...     require(Permission.EDIT_RECORD)   # the command line may do everything
"""

from __future__ import annotations

from accord.domain.accounts import Permission
from accord.domain.actors import Actor
from accord.domain.permissions import require as require_of
from accord.services.audit_ports import current_source

__all__ = ["acting_actor", "require"]


def acting_actor() -> Actor:
    """The user the current request or command acts as (see ``acting_as``)."""
    return current_source().actor


def require(permission: Permission, what: str | None = None) -> None:
    """Refuse (403) unless the acting user's role grants ``permission``."""
    require_of(acting_actor(), permission, what)
