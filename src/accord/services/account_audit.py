"""What the audit trail records of a change to an account, in the same transaction.

Users (created, role, active, password set or changed), sign-in links issued, API tokens
created and revoked, and single sign-on identities linked each become one
:class:`~accord.domain.audit.Change`. The values are the account's plain facts: never a
password, a hash, a token or a link's secret (a password change is recorded as
``"password": "changed"``).

For example, a viewer ``dana`` with a password is recorded as
``{"name": "dana", "role": "viewer", "active": true, "password": "set"}``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from accord.domain.accounts import ApiToken, User
from accord.domain.audit import AuditAction, Change
from accord.services.ports import UnitOfWork

__all__ = [
    "record_identity",
    "record_link",
    "record_password",
    "record_token",
    "record_user",
    "token_facts",
    "user_facts",
]


def user_facts(user: User) -> dict[str, Any]:
    """A user as the trail shows them: name, role, active, whether a password is set."""
    return {
        "name": user.name,
        "role": user.role.value,
        "active": user.active,
        "password": "set" if user.has_password else "none",
    }


def token_facts(token: ApiToken) -> dict[str, Any]:
    """An API token as the trail shows it (never its secret or hash)."""
    return {
        "user": token.user_name,
        "label": token.label,
        "scope": token.scope.value,
        "expires_at": _iso(token.expires_at),
        "revoked_at": _iso(token.revoked_at),
    }


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _changed(
    before: dict[str, Any], after: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record_user(uow: UnitOfWork, before: User | None, after: User) -> None:
    """A user created (``before`` None) or changed (only the facts that changed)."""
    if before is None:
        uow.audit.record(Change(AuditAction.CREATE, "user", str(after.id), after=user_facts(after)))
        return
    old, new = _changed(user_facts(before), user_facts(after))
    if new:
        uow.audit.record(Change(AuditAction.UPDATE, "user", str(after.id), before=old, after=new))


def record_password(uow: UnitOfWork, user: User) -> None:
    """A password set or changed: that it changed, never what it is."""
    before = "set" if user.has_password else "none"
    uow.audit.record(
        Change(
            AuditAction.UPDATE, "user", str(user.id),
            before={"name": user.name, "password": before},
            after={"name": user.name, "password": "changed"},
        )
    )  # fmt: skip


def record_link(uow: UnitOfWork, user: User, expires_at: datetime) -> None:
    """A one-time sign-in link issued for ``user`` (not its secret)."""
    uow.audit.record(
        Change(
            AuditAction.CREATE, "sign_in_link", str(user.id),
            after={"user": user.name, "expires_at": expires_at.isoformat()},
        )
    )  # fmt: skip


def record_token(uow: UnitOfWork, before: ApiToken | None, after: ApiToken) -> None:
    """An API token created (``before`` None) or revoked."""
    if before is None:
        change = Change(AuditAction.CREATE, "api_token", str(after.id), after=token_facts(after))
    else:
        old, new = _changed(token_facts(before), token_facts(after))
        change = Change(AuditAction.UPDATE, "api_token", str(after.id), before=old, after=new)
    uow.audit.record(change)


def record_identity(uow: UnitOfWork, user: User, issuer: str) -> None:
    """A single sign-on identity linked to ``user`` (the provider, not the subject)."""
    uow.audit.record(
        Change(
            AuditAction.CREATE, "sign_in_identity", str(user.id),
            after={"user": user.name, "issuer": issuer},
        )
    )  # fmt: skip
