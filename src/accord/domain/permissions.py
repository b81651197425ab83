"""What a stored change needs, and the one refusal when an actor's role lacks it.

Every change the services make to the record becomes an audit
:class:`~accord.domain.audit.Change` (the trail records all of them); the same change
says what permission it needs. The unit of work asks :func:`check_changes` before it
writes anything, so that a role is enforced whatever door called the service:

=========================================== ===================================
change                                      needs
=========================================== ===================================
an audited read (a document, a remittance)  ``read`` (every role)
an account (user, sign-in link, API token,  ``read``: the account services
single sign-on identity)                    decide who may (one's own, or an
                                            owner or admin over others)
document templates, letterhead, code labels ``manage_settings`` (owner, admin)
anything else in the record                 ``edit_record`` (owner, admin,
                                            negotiator)
=========================================== ===================================

    >>> from accord.domain.accounts import Role
    >>> from accord.domain.audit import AuditAction, Change
    >>> needed_for(Change(AuditAction.CREATE, "offer", "7", 3))
    <Permission.EDIT_RECORD: 'edit_record'>
    >>> require(Actor(4, "vic", Role.VIEWER), Permission.EDIT_RECORD)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    accord.errors.PermissionDeniedError: vic is a viewer, who may not change the record; ...
"""

from __future__ import annotations

from collections.abc import Iterable

from accord.domain.accounts import Permission, allows
from accord.domain.actors import Actor
from accord.domain.audit import AuditAction, Change
from accord.errors import PermissionDeniedError

__all__ = [
    "ACCOUNT_ENTITIES",
    "SETTINGS_ENTITIES",
    "check_changes",
    "doing",
    "needed_for",
    "require",
]

SETTINGS_ENTITIES = frozenset(
    {"document_template", "document_letterhead", "document_docx_template", "code_labels"}
)
"""Entities of the organisation's settings and reference tables, not of the record."""

ACCOUNT_ENTITIES = frozenset({"user", "sign_in_link", "api_token", "sign_in_identity"})
"""Entities of accounts: ``services/accounts.py`` checks who may change which account
(a person their own, an owner or admin others'), so the commit asks only ``read``."""

_DOING = {
    Permission.READ: "read the record",
    Permission.EDIT_RECORD: "change the record",
    Permission.MANAGE_SETTINGS: "change settings and templates",
    Permission.MANAGE_USERS: "manage users",
    Permission.MANAGE_OWNERS: "manage owners",
}
_VERBS = {
    AuditAction.CREATE: "add",
    AuditAction.UPDATE: "change",
    AuditAction.DELETE: "remove",
    AuditAction.IMPORT: "import",
    AuditAction.READ: "open",
}


def doing(permission: Permission) -> str:
    """What ``permission`` lets one do, in words: ``change the record``."""
    return _DOING[permission]


def needed_for(change: Change) -> Permission:
    """The permission ``change`` needs (see the table above)."""
    if change.action is AuditAction.READ or change.entity in ACCOUNT_ENTITIES:
        return Permission.READ
    if change.entity in SETTINGS_ENTITIES:
        return Permission.MANAGE_SETTINGS
    return Permission.EDIT_RECORD


def require(actor: Actor, permission: Permission, what: str | None = None) -> None:
    """Refuse (403) what ``actor``'s role does not allow, in one plain sentence.

    ``what`` words the refused action (``add an offer``); by default the permission's.
    """
    if actor.may(permission):
        return
    if actor.read_only and allows(actor.role, permission):
        raise PermissionDeniedError(
            f"{actor.name}'s API token is read-only, so it may not {what or doing(permission)}; "
            "create one with --scope write"
        )
    article = "an" if actor.role.value[0] in "aeiou" else "a"
    raise PermissionDeniedError(
        f"{actor.name} is {article} {actor.role.value}, who may not "
        f"{what or doing(permission)}; ask an owner or admin"
    )


def check_changes(actor: Actor, changes: Iterable[Change]) -> None:
    """Refuse the first of ``changes`` that ``actor`` may not make (nothing is written)."""
    for change in changes:
        if actor.read_only and change.action is not AuditAction.READ:
            # One's own account needs only "read" of a role, but never of a read-only token.
            raise PermissionDeniedError(
                f"{actor.name}'s API token is read-only, so it may not "
                f"{_VERBS.get(change.action, 'change')} {change.entity.replace('_', ' ')}; "
                "create one with --scope write"
            )
        needed = needed_for(change)
        if not actor.may(needed):
            entity = change.entity.replace("_", " ")
            what = f"{doing(needed)} ({_VERBS.get(change.action, 'change')} {entity})"
            require(actor, needed, what)
