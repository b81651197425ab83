"""Signing in and out: passwords, one-time links, sessions and API tokens.

A session or link secret is 256 random bits handed to the browser once; the store keeps
only its SHA-256 (:func:`~accord.services.accounts.secret_hash`), so a copy of the
database signs nobody in.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from accord.domain.accounts import Permission, TokenScope, User
from accord.domain.actors import Actor
from accord.errors import ConflictError, NotSignedInError
from accord.services.account_audit import record_link
from accord.services.account_ports import PasswordHasher
from accord.services.accounts import authorize, authorize_over, find_user, secret_hash
from accord.services.ports import UnitOfWork
from accord.services.sign_in_throttle import SignInThrottle

__all__ = [
    "LINK_LIFETIME",
    "TOKEN_TOUCH_INTERVAL",
    "issue_sign_in_link",
    "link_for_user",
    "redeem_sign_in_link",
    "session_actor",
    "sign_in",
    "sign_out",
    "token_actor",
]

LINK_LIFETIME = timedelta(minutes=15)
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)
"""A token's "last used" is written at most this often: one write per API call would
make every read a write."""
_WRONG = "the user name or password is not right"


def _actor(user: User) -> Actor:
    return Actor(user.id, user.name, user.role)


def _new_session(uow: UnitOfWork, user_id: int, now: datetime, lifetime: timedelta) -> str:
    secret = secrets.token_urlsafe(32)
    uow.accounts.add_session(user_id, secret_hash(secret), "session", now, now + lifetime)
    return secret


def sign_in(
    uow: UnitOfWork,
    hasher: PasswordHasher,
    throttle: SignInThrottle,
    *,
    name: str,
    password: str,
    address: str,
    now: datetime,
    lifetime: timedelta,
) -> tuple[Actor, str]:
    """Check a user name and password; return the actor and a new session secret.

    Throttled per account and per address before the password is checked. A wrong name
    and a wrong password get the same answer in about the same time.
    """
    account = name.strip().lower()[:100]
    throttle.check(account, address, now)
    with uow:
        user = uow.accounts.find(account)
        stored = uow.accounts.password_hash(user.id) if user is not None else None
        if user is None or stored is None or not user.active:
            hasher.burn(password)
            throttle.failed(account, address, now)
            raise NotSignedInError(_WRONG)
        right, upgraded = hasher.verify(password, stored)
        if not right:
            throttle.failed(account, address, now)
            raise NotSignedInError(_WRONG)
        throttle.succeeded(account)
        if upgraded is not None:
            uow.accounts.update(user.id, password_hash=upgraded)
        secret = _new_session(uow, user.id, now, lifetime)
        uow.commit()
    return _actor(user), secret


def issue_sign_in_link(uow: UnitOfWork, user_id: int, now: datetime) -> str:
    """A one-time sign-in secret for ``user_id``, valid for :data:`LINK_LIFETIME`
    (recorded in the audit trail: for whom and until when, not the secret)."""
    secret = secrets.token_urlsafe(32)
    with uow:
        ends = now + LINK_LIFETIME
        uow.accounts.add_session(user_id, secret_hash(secret), "link", now, ends)
        record_link(uow, uow.accounts.get(user_id), ends)
        uow.commit()
    return secret


def link_for_user(uow: UnitOfWork, actor: Actor, name: str, now: datetime) -> tuple[User, str]:
    """A one-time sign-in secret for user ``name``, asked for by an owner or admin (or
    by the user): how a colleague added without a password signs in the first time."""
    with uow:
        if actor.name != name.strip().lower():
            # someone else's link needs "manages users" first, so that a refusal does not
            # tell whether the name exists
            authorize(actor, Permission.MANAGE_USERS)
        user = find_user(uow, name)
        if actor.user_id != user.id:
            authorize_over(actor, user.role)
        if not user.active:
            raise ConflictError(f"{user.name} is disabled; enable them first")
    return user, issue_sign_in_link(uow, user.id, now)


def redeem_sign_in_link(
    uow: UnitOfWork, secret: str, now: datetime, lifetime: timedelta
) -> tuple[Actor, str]:
    """Spend a one-time link (it works once) for a new session secret."""
    with uow:
        hashed = secret_hash(secret)
        user = uow.accounts.session_user(hashed, "link", now)
        if user is None or not uow.accounts.delete_session(hashed):
            raise NotSignedInError(
                "this sign-in link has been used or has expired; ask an owner or admin for "
                "a new one (Settings → Team), or sign in with a password"
            )
        session = _new_session(uow, user.id, now, lifetime)
        uow.commit()
    return _actor(user), session


def sign_out(uow: UnitOfWork, secret: str) -> None:
    """End one session (the browser's); other sessions of the user stay."""
    with uow:
        uow.accounts.delete_session(secret_hash(secret))
        uow.commit()


def session_actor(uow: UnitOfWork, secret: str, now: datetime) -> Actor | None:
    """The actor of a live session, or None (unknown, expired, or user disabled)."""
    with uow:
        user = uow.accounts.session_user(secret_hash(secret), "session", now)
    return None if user is None else _actor(user)


def token_actor(uow: UnitOfWork, secret: str, now: datetime) -> tuple[Actor, TokenScope] | None:
    """The actor and scope of a live API token, or None; notes when it was last used."""
    with uow:
        grant = uow.accounts.token_grant(secret_hash(secret), now)
        if grant is None:
            return None
        if grant.last_used_at is None or now - grant.last_used_at >= TOKEN_TOUCH_INTERVAL:
            uow.accounts.touch_token(grant.token_id, now)
            uow.commit()
    user = grant.user
    return _actor(user), grant.scope
