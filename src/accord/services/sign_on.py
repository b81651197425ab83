"""Signing in through the organisation's identity provider (OpenID Connect).

:func:`begin_sign_on` sends the browser to the provider; :func:`finish_sign_on` takes it
back: the state the browser returns must be the one its session holds, the provider's
ID token is verified by the :class:`~accord.services.sign_on_ports.IdentityProvider`,
and the verified identity signs in the user linked to it — or, the first time, the
user named by their verified e-mail address (an owner or admin added them), or a new
user when the policy makes users. The policy (allowed domains, the claim → role map)
is applied at every sign-in. Linking and making a user are recorded in the audit trail.
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import datetime, timedelta

from accord.domain.accounts import User
from accord.domain.actors import Actor
from accord.domain.single_sign_on import SignOnPolicy, VerifiedIdentity, admit, user_name_for
from accord.errors import NotSignedInError
from accord.services.account_audit import record_identity, record_user
from accord.services.accounts import secret_hash
from accord.services.audit_ports import acting_as, current_source
from accord.services.ports import UnitOfWork
from accord.services.sign_on_ports import IdentityProvider, SignOnStart

__all__ = ["begin_sign_on", "finish_sign_on"]

_KEY_MAX = 255  # the width of sign_in_identities.issuer and .subject


def begin_sign_on(provider: IdentityProvider, redirect_uri: str) -> SignOnStart:
    """A new sign-in at the provider: where to send the browser, what to remember."""
    return provider.start(redirect_uri)


def _no_account(name: str) -> NotSignedInError:
    return NotSignedInError(
        f"the sign-in provider vouched for {name}, who has no Accord account; "
        "ask an owner or admin to add them (Settings → Team) under that name"
    )


def _user_for(
    uow: UnitOfWork, policy: SignOnPolicy, identity: VerifiedIdentity, now: datetime
) -> User:
    linked = uow.accounts.identity_user(identity.issuer, identity.subject)
    if linked is not None:
        return linked
    role = admit(policy, identity)
    name = user_name_for(identity)
    existing = uow.accounts.find(name)
    if existing is not None:
        # Only a verified address names an existing account, and only one not yet
        # linked to another identity at this provider.
        verified = identity.email_verified and (identity.email or "").lower() == name
        if not verified or uow.accounts.has_identity(existing.id, identity.issuer):
            raise NotSignedInError(
                f"an Accord user named {name} exists but the provider did not vouch for "
                "that address; ask an owner or admin"
            )
        user = existing
    elif policy.create_users:
        user = uow.accounts.add(name, role, None, now)
        record_user(uow, None, user)
    else:
        raise _no_account(name)
    uow.accounts.link_identity(user.id, identity.issuer, identity.subject, now)
    record_identity(uow, user, identity.issuer)
    return user


def finish_sign_on(
    uow: UnitOfWork,
    provider: IdentityProvider,
    policy: SignOnPolicy,
    *,
    code: str,
    state: str,
    expected_state: str,
    verifier: str,
    nonce: str,
    redirect_uri: str,
    now: datetime,
    lifetime: timedelta,
) -> tuple[Actor, str]:
    """Check the returned state, verify the provider's ID token, and sign the person in:
    the actor and a new session secret (stored only as its hash)."""
    if not expected_state or not secrets.compare_digest(state, expected_state):
        raise NotSignedInError(
            "this sign-in did not start in this browser (or took too long); "
            "start again from the sign-in page"
        )
    identity = provider.finish(
        code=code, redirect_uri=redirect_uri, verifier=verifier, nonce=nonce, now=now
    )
    if len(identity.issuer) > _KEY_MAX or len(identity.subject) > _KEY_MAX:
        raise NotSignedInError("the sign-in provider's user id is too long to keep")
    with uow:
        user = _user_for(uow, policy, identity, now)
        if not user.active:
            raise NotSignedInError(f"{user.name} is disabled; ask an owner or admin")
        admit(policy, identity)  # the policy holds at every sign-in, not only the first
        secret = secrets.token_urlsafe(32)
        uow.accounts.add_session(user.id, secret_hash(secret), "session", now, now + lifetime)
        actor = Actor(user.id, user.name, user.role)
        # The person the provider vouched for is who links (or makes) their account.
        with acting_as(replace(current_source(), actor=actor)):
            uow.commit()
    return actor, secret
