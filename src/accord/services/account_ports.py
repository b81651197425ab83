"""What the account services need: the password hasher and the accounts in the store."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from accord.domain.accounts import ApiToken, Role, TokenScope, User

__all__ = ["AccountStore", "PasswordHasher", "SessionPurpose", "TokenGrant"]

SessionPurpose = str
"""``"session"`` for a signed-in browser, ``"link"`` for a one-time sign-in link."""


class PasswordHasher(Protocol):
    """Hashes passwords (argon2id) and checks them, upgrading old hashes."""

    def hash(self, password: str) -> str: ...

    def verify(self, password: str, stored: str) -> tuple[bool, str | None]:
        """Whether ``password`` matches; and a new hash when the stored one is outdated
        (another algorithm or weaker parameters), to be saved in its place."""
        ...

    def burn(self, password: str) -> None:
        """Spend the time of one verification, for an unknown user name (so that timing
        does not tell which names exist)."""
        ...


@dataclass(frozen=True, slots=True)
class TokenGrant:
    """A live API token as found by its hash: whose it is and what it allows."""

    token_id: int
    user: User
    scope: TokenScope
    last_used_at: datetime | None


class AccountStore(Protocol):
    """Users, their sessions and API tokens. Secrets arrive here only as hashes."""

    def count(self) -> int: ...
    def add(self, name: str, role: Role, password_hash: str | None, at: datetime) -> User: ...
    def get(self, user_id: int) -> User: ...
    def find(self, name: str) -> User | None: ...
    def list(self) -> Sequence[User]: ...
    def password_hash(self, user_id: int) -> str | None: ...
    def update(
        self,
        user_id: int,
        *,
        role: Role | None = None,
        active: bool | None = None,
        password_hash: str | None = None,
    ) -> None: ...
    def count_active_owners(self) -> int: ...

    def add_session(
        self, user_id: int, token_hash: str, purpose: SessionPurpose, at: datetime,
        expires_at: datetime,
    ) -> None: ...  # fmt: skip
    def session_user(self, token_hash: str, purpose: SessionPurpose, now: datetime) -> User | None:
        """The active user of an unexpired session (or link) with this hash."""
        ...

    def delete_session(self, token_hash: str) -> bool: ...
    def delete_sessions(self, user_id: int) -> int: ...

    def add_token(
        self, user_id: int, token_hash: str, label: str, scope: TokenScope, at: datetime,
        *, expires_at: datetime | None = None,
    ) -> int: ...  # fmt: skip
    def token_grant(self, token_hash: str, now: datetime) -> TokenGrant | None:
        """The unrevoked, unexpired token with this hash, if its user is active."""
        ...

    def identity_user(self, issuer: str, subject: str) -> User | None:
        """The user linked to this single sign-on identity, active or not."""
        ...

    def has_identity(self, user_id: int, issuer: str) -> bool: ...
    def link_identity(self, user_id: int, issuer: str, subject: str, at: datetime) -> None: ...
    def touch_token(self, token_id: int, at: datetime) -> None: ...
    def tokens(self, user_id: int | None = None) -> Sequence[ApiToken]: ...
    def revoke_token(self, token_id: int, at: datetime) -> ApiToken: ...
