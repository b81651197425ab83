"""Users, sessions and API tokens in the database (SQLAlchemy Core)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from accord.adapters.store.account_tables import (
    api_tokens,
    sign_in_identities,
    user_sessions,
    users,
)
from accord.domain.accounts import ApiToken, Role, TokenScope, User
from accord.errors import NotFoundError
from accord.services.account_ports import SessionPurpose, TokenGrant

__all__ = ["SqlAccounts"]

_USER = (users.c.id, users.c.name, users.c.role, users.c.active, users.c.created_at,
         users.c.password_hash.is_not(None).label("has_password"))  # fmt: skip


def _user(row: sa.Row[tuple[object, ...]]) -> User:
    return User(
        id=row.id, name=row.name, role=Role(row.role), active=bool(row.active),
        created_at=row.created_at, has_password=bool(row.has_password),
    )  # fmt: skip


class SqlAccounts:
    """The :class:`~accord.services.account_ports.AccountStore` of one unit of work."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def count(self) -> int:
        return int(
            self._session.execute(sa.select(sa.func.count()).select_from(users)).scalar_one()
        )

    def add(self, name: str, role: Role, password_hash: str | None, at: datetime) -> User:
        inserted = self._session.execute(
            sa.insert(users)
            .values(name=name, role=role.value, password_hash=password_hash, active=True,
                    created_at=at)
            .returning(users.c.id)
        ).scalar_one()  # fmt: skip
        return self.get(int(inserted))

    def get(self, user_id: int) -> User:
        row = self._session.execute(sa.select(*_USER).where(users.c.id == user_id)).one_or_none()
        if row is None:
            raise NotFoundError(f"no user {user_id}")
        return _user(row)

    def find(self, name: str) -> User | None:
        row = self._session.execute(sa.select(*_USER).where(users.c.name == name)).one_or_none()
        return None if row is None else _user(row)

    def list(self) -> Sequence[User]:
        rows = self._session.execute(sa.select(*_USER).order_by(users.c.name))
        return [_user(row) for row in rows]

    def password_hash(self, user_id: int) -> str | None:
        found = self._session.execute(
            sa.select(users.c.password_hash).where(users.c.id == user_id)
        ).scalar_one_or_none()
        return None if found is None else str(found)

    def update(
        self,
        user_id: int,
        *,
        role: Role | None = None,
        active: bool | None = None,
        password_hash: str | None = None,
    ) -> None:
        values: dict[str, object] = {}
        if role is not None:
            values["role"] = role.value
        if active is not None:
            values["active"] = active
        if password_hash is not None:
            values["password_hash"] = password_hash
        if values:
            self._session.execute(sa.update(users).where(users.c.id == user_id).values(**values))

    def count_active_owners(self) -> int:
        query = sa.select(sa.func.count()).where(
            users.c.role == Role.OWNER.value, users.c.active.is_(True)
        )
        return int(self._session.execute(query).scalar_one())

    def add_session(
        self, user_id: int, token_hash: str, purpose: SessionPurpose, at: datetime,
        expires_at: datetime,
    ) -> None:  # fmt: skip
        self._session.execute(
            sa.insert(user_sessions).values(
                user_id=user_id, token_hash=token_hash, purpose=purpose, created_at=at,
                expires_at=expires_at,
            )
        )  # fmt: skip

    def session_user(self, token_hash: str, purpose: SessionPurpose, now: datetime) -> User | None:
        query = (
            sa.select(*_USER)
            .join(user_sessions, user_sessions.c.user_id == users.c.id)
            .where(
                user_sessions.c.token_hash == token_hash,
                user_sessions.c.purpose == purpose,
                user_sessions.c.expires_at > now,
                users.c.active.is_(True),
            )
        )
        row = self._session.execute(query).one_or_none()
        return None if row is None else _user(row)

    def delete_session(self, token_hash: str) -> bool:
        deleted = self._session.execute(
            sa.delete(user_sessions).where(user_sessions.c.token_hash == token_hash)
        )
        return bool(deleted.rowcount)  # type: ignore[attr-defined]

    def delete_sessions(self, user_id: int) -> int:
        deleted = self._session.execute(
            sa.delete(user_sessions).where(user_sessions.c.user_id == user_id)
        )
        return int(deleted.rowcount)  # type: ignore[attr-defined]

    def add_token(
        self, user_id: int, token_hash: str, label: str, scope: TokenScope, at: datetime,
        *, expires_at: datetime | None = None,
    ) -> int:  # fmt: skip
        inserted = self._session.execute(
            sa.insert(api_tokens)
            .values(user_id=user_id, token_hash=token_hash, label=label, scope=scope.value,
                    created_at=at, expires_at=expires_at)
            .returning(api_tokens.c.id)
        ).scalar_one()  # fmt: skip
        return int(inserted)

    def token_grant(self, token_hash: str, now: datetime) -> TokenGrant | None:
        query = (
            sa.select(*_USER, api_tokens.c.id.label("token_id"), api_tokens.c.scope,
                      api_tokens.c.last_used_at)
            .join(api_tokens, api_tokens.c.user_id == users.c.id)
            .where(api_tokens.c.token_hash == token_hash, api_tokens.c.revoked_at.is_(None),
                   sa.or_(api_tokens.c.expires_at.is_(None), api_tokens.c.expires_at > now),
                   users.c.active.is_(True))
        )  # fmt: skip
        row = self._session.execute(query).one_or_none()
        if row is None:
            return None
        return TokenGrant(row.token_id, _user(row), TokenScope(row.scope), row.last_used_at)

    def identity_user(self, issuer: str, subject: str) -> User | None:
        query = (
            sa.select(*_USER)
            .join(sign_in_identities, sign_in_identities.c.user_id == users.c.id)
            .where(sign_in_identities.c.issuer == issuer, sign_in_identities.c.subject == subject)
        )
        row = self._session.execute(query).one_or_none()
        return None if row is None else _user(row)

    def has_identity(self, user_id: int, issuer: str) -> bool:
        query = sa.select(sa.func.count()).where(
            sign_in_identities.c.user_id == user_id, sign_in_identities.c.issuer == issuer
        )
        return bool(self._session.execute(query).scalar_one())

    def link_identity(self, user_id: int, issuer: str, subject: str, at: datetime) -> None:
        self._session.execute(
            sa.insert(sign_in_identities).values(
                user_id=user_id, issuer=issuer, subject=subject, created_at=at
            )
        )

    def touch_token(self, token_id: int, at: datetime) -> None:
        self._session.execute(
            sa.update(api_tokens).where(api_tokens.c.id == token_id).values(last_used_at=at)
        )

    def tokens(self, user_id: int | None = None) -> Sequence[ApiToken]:
        query = (
            sa.select(api_tokens, users.c.name.label("user_name"))
            .join(users, users.c.id == api_tokens.c.user_id)
            .order_by(api_tokens.c.id)
        )
        if user_id is not None:
            query = query.where(api_tokens.c.user_id == user_id)
        return [
            ApiToken(
                id=row.id,
                user_name=row.user_name,
                label=row.label,
                scope=TokenScope(row.scope),
                created_at=row.created_at,
                last_used_at=row.last_used_at,
                revoked_at=row.revoked_at,
                expires_at=row.expires_at,
            )
            for row in self._session.execute(query)
        ]

    def revoke_token(self, token_id: int, at: datetime) -> ApiToken:
        self._session.execute(
            sa.update(api_tokens)
            .where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=at)
        )
        found = [t for t in self.tokens() if t.id == token_id]
        if not found:
            raise NotFoundError(f"no API token {token_id}")
        return found[0]
