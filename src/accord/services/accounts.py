"""Managing users and their API tokens; deciding what an actor may do.

Every function that changes an account takes the :class:`~accord.domain.actors.Actor`
asking for it and refuses what that actor's role does not allow (the CLI acts as
:data:`~accord.domain.actors.OPERATOR`). A change of password, role or activity signs
the user out everywhere: their sessions are deleted in the same transaction. Each change
is recorded in the audit trail in that transaction too (``account_audit.py``: who, what,
before and after; never a password, hash or token).

>>> user = addfind_user(uow, hasher, OPERATOR, "dana", Role.NEGOTIATOR, "a long passphrase", now)
... # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import date, datetime

from accord.domain.accounts import (
    ApiToken,
    Permission,
    Role,
    TokenScope,
    User,
    check_password,
    check_user_name,
    token_end,
)
from accord.domain.actors import Actor
from accord.domain.permissions import require
from accord.errors import ConflictError, NotFoundError, ValidationError
from accord.services.account_audit import record_password, record_token, record_user
from accord.services.account_ports import PasswordHasher
from accord.services.ports import UnitOfWork

__all__ = [
    "LOCAL_OWNER",
    "TOKEN_PREFIX",
    "add_user",
    "authorize",
    "authorize_over",
    "change_role",
    "create_token",
    "ensure_local_owner",
    "find_user",
    "list_tokens",
    "list_users",
    "reset_password",
    "revoke_token",
    "secret_hash",
    "set_active",
]

LOCAL_OWNER = "owner"
"""The owner ``accord serve`` makes on loopback when there are no users yet."""
TOKEN_PREFIX = "acc_"
LABEL_MAX = 100


def secret_hash(secret: str) -> str:
    """What the store keeps of a session or token secret: its SHA-256, in hex.

    The secrets are 256 random bits, so a fast hash suffices (passwords use argon2id).
    """
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def authorize(actor: Actor, permission: Permission) -> None:
    """Refuse (403) what ``actor``'s role does not allow (the domain's one sentence)."""
    require(actor, permission)


def authorize_over(actor: Actor, role: Role) -> None:
    """Refuse unless ``actor`` may manage users of ``role`` (owners: only an owner)."""
    authorize(actor, Permission.MANAGE_USERS)
    if role is Role.OWNER:
        authorize(actor, Permission.MANAGE_OWNERS)


def find_user(uow: UnitOfWork, name: str) -> User:
    """The user named ``name`` (inside ``uow``), or NotFoundError."""
    user = uow.accounts.find(check_user_name(name))
    if user is None:
        raise NotFoundError(f"no user named {name!r} (accord user list shows them)")
    return user


def _keep_an_owner(uow: UnitOfWork, user: User) -> None:
    if user.role is Role.OWNER and user.active and uow.accounts.count_active_owners() <= 1:
        raise ConflictError(f"{user.name} is the last active owner; make another owner first")


def add_user(
    uow: UnitOfWork,
    hasher: PasswordHasher,
    actor: Actor,
    name: str,
    role: Role,
    password: str | None,
    now: datetime,
) -> User:
    """A new active user; ``password`` None makes one who can sign in only by a link."""
    authorize_over(actor, role)
    cleaned = check_user_name(name)
    hashed = hasher.hash(check_password(password)) if password is not None else None
    with uow:
        if uow.accounts.find(cleaned) is not None:
            raise ConflictError(f"a user named {cleaned!r} exists already")
        user = uow.accounts.add(cleaned, role, hashed, now)
        record_user(uow, None, user)
        uow.commit()
    return user


def list_users(uow: UnitOfWork, actor: Actor) -> Sequence[User]:
    """Every user, active or not, by name."""
    authorize(actor, Permission.MANAGE_USERS)
    with uow:
        return uow.accounts.list()


def set_active(uow: UnitOfWork, actor: Actor, name: str, *, active: bool) -> User:
    """Disable (or enable again) a user; disabling signs them out everywhere."""
    with uow:
        user = find_user(uow, name)
        authorize_over(actor, user.role)
        if not active:
            _keep_an_owner(uow, user)
            uow.accounts.delete_sessions(user.id)
        uow.accounts.update(user.id, active=active)
        changed = uow.accounts.get(user.id)
        record_user(uow, user, changed)
        uow.commit()
        return changed


def reset_password(
    uow: UnitOfWork, hasher: PasswordHasher, actor: Actor, name: str, password: str
) -> None:
    """Set a new password (for oneself, or as an admin/owner); signs the user out."""
    hashed = hasher.hash(check_password(password))
    with uow:
        user = find_user(uow, name)
        if actor.user_id != user.id:
            authorize_over(actor, user.role)
        uow.accounts.update(user.id, password_hash=hashed)
        uow.accounts.delete_sessions(user.id)
        record_password(uow, user)
        uow.commit()


def change_role(uow: UnitOfWork, actor: Actor, name: str, role: Role) -> User:
    """Give a user another role; signs them out so that no page shows the old one."""
    with uow:
        user = find_user(uow, name)
        authorize_over(actor, user.role)
        authorize_over(actor, role)
        if role is not Role.OWNER:
            _keep_an_owner(uow, user)
        uow.accounts.update(user.id, role=role)
        uow.accounts.delete_sessions(user.id)
        changed = uow.accounts.get(user.id)
        record_user(uow, user, changed)
        uow.commit()
        return changed


def create_token(
    uow: UnitOfWork,
    actor: Actor,
    name: str,
    label: str,
    scope: TokenScope,
    now: datetime,
    *,
    last_day: date | None = None,
) -> tuple[ApiToken, str]:
    """A new personal API token for user ``name``; returns it and its secret, which is
    shown this once and stored only as a hash. With ``last_day`` it works through that
    day (UTC) and no longer."""
    label = label.strip()
    if not label or len(label) > LABEL_MAX:
        raise ValidationError(
            f"a token's label says what uses it, 1–{LABEL_MAX} characters", field="label"
        )
    expires_at = None if last_day is None else token_end(last_day, now.date())
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with uow:
        user = find_user(uow, name)
        if actor.user_id != user.id:
            authorize_over(actor, user.role)
        if not user.active:
            raise ConflictError(f"{user.name} is disabled; enable them first")
        token_id = uow.accounts.add_token(
            user.id, secret_hash(secret), label, scope, now, expires_at=expires_at
        )
        token = next(t for t in uow.accounts.tokens(user.id) if t.id == token_id)
        record_token(uow, None, token)
        uow.commit()
    return token, secret


def list_tokens(uow: UnitOfWork, actor: Actor, name: str | None = None) -> Sequence[ApiToken]:
    """API tokens (never their secrets): one user's, or everyone's for an admin."""
    with uow:
        if name is None:
            authorize(actor, Permission.MANAGE_USERS)
            return uow.accounts.tokens()
        user = find_user(uow, name)
        if actor.user_id != user.id:
            authorize(actor, Permission.MANAGE_USERS)
        return uow.accounts.tokens(user.id)


def revoke_token(uow: UnitOfWork, actor: Actor, token_id: int, now: datetime) -> ApiToken:
    """Revoke a token for good (it stays listed, with the time it was revoked)."""
    with uow:
        token = next((t for t in uow.accounts.tokens() if t.id == token_id), None)
        if token is None:
            raise NotFoundError(f"no API token {token_id} (accord user token list shows them)")
        owner = find_user(uow, token.user_name)
        if actor.user_id != owner.id:
            authorize_over(actor, owner.role)
        revoked = uow.accounts.revoke_token(token_id, now)
        if token.revoked_at is None:
            record_token(uow, token, revoked)
        uow.commit()
    return revoked


def ensure_local_owner(uow: UnitOfWork, now: datetime) -> User | None:
    """On a database without users, make the local owner (no password: signs in by a
    one-time link). Returns the owner to sign in by link, if there is one: the one just
    made, or an earlier local owner who has still set no password."""
    with uow:
        if uow.accounts.count() == 0:
            record_user(uow, None, uow.accounts.add(LOCAL_OWNER, Role.OWNER, None, now))
            uow.commit()
        owner = uow.accounts.find(LOCAL_OWNER)
        if owner is None or owner.has_password or not owner.active:
            return None
        return owner
