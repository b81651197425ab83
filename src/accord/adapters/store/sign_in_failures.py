"""Failed sign-ins in the database (migration 0016), shared by every worker process.

Keys (a user name as typed, a client address) are stored as SHA-256 hashes: the table
says how often a key failed and when, not who or from where. Each write is its own short
transaction, outside any unit of work: a failure must stay counted although the sign-in
it belongs to is refused and rolled back.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from accord.adapters.store.account_tables import sign_in_failures

__all__ = ["StoredSignInFailures"]


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class StoredSignInFailures:
    """:class:`~accord.services.sign_in_throttle.SignInFailures` in ``sign_in_failures``."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def recent(self, kind: str, key: str, since: datetime) -> tuple[int, datetime | None]:
        t = sign_in_failures.c
        query = sa.select(sa.func.count(), sa.func.min(t.at)).where(
            t.kind == kind, t.key_hash == _hash(key), t.at > since
        )
        with self._engine.connect() as connection:
            count, oldest = connection.execute(query).one()
        return int(count), oldest

    def add(self, keys: list[tuple[str, str]], at: datetime, forget_before: datetime) -> None:
        rows = [{"kind": kind, "key_hash": _hash(key), "at": at} for kind, key in keys]
        with self._engine.begin() as connection:
            connection.execute(
                sa.delete(sign_in_failures).where(sign_in_failures.c.at <= forget_before)
            )
            connection.execute(sa.insert(sign_in_failures), rows)

    def clear(self, kind: str, key: str) -> None:
        t = sign_in_failures.c
        with self._engine.begin() as connection:
            connection.execute(
                sa.delete(sign_in_failures).where(t.kind == kind, t.key_hash == _hash(key))
            )
