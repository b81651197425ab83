"""Who may sign in through the organisation's identity provider, and as whom (pure).

The provider's ID token, once its signature and claims are verified (by the adapter),
becomes a :class:`VerifiedIdentity`. :class:`SignOnPolicy` (from the ``ACCORD_OIDC_*``
settings) decides whether that identity may sign in, and with which role a new user is
made:

- allowed e-mail domains: the address must be one the provider says is verified, in one
  of the domains;
- a claim → role map (``groups``: ``accord-admins=admin``): someone whose claim maps to
  no role may not sign in; a new user gets the highest role matched;
- otherwise a new user gets the policy's ``new_user_role`` (viewer by default).

    >>> policy = SignOnPolicy(allowed_domains=frozenset({"clinic.example"}))
    >>> dana = VerifiedIdentity("https://id.example", "42", "Dana@Clinic.Example", True, {})
    >>> admit(policy, dana)
    <Role.VIEWER: 'viewer'>
    >>> user_name_for(dana)
    'dana@clinic.example'
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from accord.domain.accounts import NAME_MAX, Role, check_user_name
from accord.errors import NotSignedInError, ValidationError

__all__ = ["SignOnPolicy", "VerifiedIdentity", "admit", "parse_role_map", "user_name_for"]

_RANK = [Role.AUDITOR, Role.VIEWER, Role.NEGOTIATOR, Role.ADMIN, Role.OWNER]


@dataclass(frozen=True, slots=True)
class VerifiedIdentity:
    """A person as the provider vouches for them (the ID token, verified)."""

    issuer: str
    subject: str
    email: str | None
    email_verified: bool
    claims: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class SignOnPolicy:
    """Who may sign in by single sign-on and with which role new users are made."""

    allowed_domains: frozenset[str] = frozenset()
    role_claim: str | None = None
    role_map: Mapping[str, Role] = field(default_factory=dict)
    create_users: bool = False
    new_user_role: Role = Role.VIEWER


def parse_role_map(text: str) -> dict[str, Role]:
    """``accord-admins=admin,billing=negotiator`` → ``{"accord-admins": Role.ADMIN, ...}``."""
    mapping: dict[str, Role] = {}
    for pair in filter(None, (p.strip() for p in text.split(","))):
        value, _, role = pair.rpartition("=")
        try:
            mapping[value.strip()] = Role(role.strip())
        except ValueError as exc:
            raise ValidationError(f"expected value=role, got {pair!r}", field="role_map") from exc
    return mapping


def _domain_allowed(policy: SignOnPolicy, identity: VerifiedIdentity) -> bool:
    if not policy.allowed_domains:
        return True
    if identity.email is None or not identity.email_verified:
        return False
    return identity.email.rpartition("@")[2].lower() in policy.allowed_domains


def _mapped_role(policy: SignOnPolicy, identity: VerifiedIdentity) -> Role | None:
    raw = identity.claims.get(policy.role_claim or "")
    values = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
    roles = [policy.role_map[v] for v in values if isinstance(v, str) and v in policy.role_map]
    return max(roles, key=_RANK.index) if roles else None


def admit(policy: SignOnPolicy, identity: VerifiedIdentity) -> Role:
    """The role a new user would get; refuses (401) an identity the policy keeps out."""
    if not _domain_allowed(policy, identity):
        domains = ", ".join(sorted(policy.allowed_domains))
        raise NotSignedInError(
            f"single sign-on is open to verified e-mail addresses at {domains} only; "
            "ask an owner or admin of Accord"
        )
    if policy.role_map:
        role = _mapped_role(policy, identity)
        if role is None:
            raise NotSignedInError(
                f"your account at the sign-in provider has no group ({policy.role_claim}) "
                "that this Accord lets in; ask an owner or admin of Accord"
            )
        return role
    return policy.new_user_role


def user_name_for(identity: VerifiedIdentity) -> str:
    """The Accord user name of a new single sign-on user: their e-mail address when it is
    a valid user name, else ``sso-`` and a digest of the provider's subject."""
    for candidate in (identity.email, identity.claims.get("preferred_username")):
        if isinstance(candidate, str) and len(candidate) <= NAME_MAX:
            try:
                return check_user_name(candidate)
            except ValidationError:
                continue
    digest = hashlib.sha256(f"{identity.issuer} {identity.subject}".encode()).hexdigest()
    return f"sso-{digest[:16]}"
