"""Engines for SQLite (the default, one file, WAL mode) and PostgreSQL (psycopg 3)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

from accord.errors import ConfigurationError, StoreError

__all__ = ["LOCK_WAIT_SECONDS", "create_store_engine"]

# How long a write waits for another writer's lock before giving up with a StoreError.
# Bounded, so that a stuck writer shows as an error, never as a hung request; long
# enough for any ordinary write (milliseconds) and an import's commit to pass first.
LOCK_WAIT_SECONDS = 30


def create_store_engine(url: str, *, echo: bool = False) -> Engine:
    """Build an engine for ``url``; for SQLite create the folder and turn on WAL.

    SQL parameters are never put in errors or logs (``hide_parameters``): they hold
    record text such as interaction notes.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            try:
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ConfigurationError(
                    f"cannot create the data directory for {database}: {exc.strerror}"
                ) from exc
        engine = sa.create_engine(url, echo=echo, hide_parameters=True)
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        try:
            return sa.create_engine(
                url,
                echo=echo,
                pool_pre_ping=True,
                hide_parameters=True,
                # A row lock held by another writer is waited for, within a bound.
                connect_args={"options": f"-c lock_timeout={LOCK_WAIT_SECONDS * 1000}"},
            )
        except ImportError as exc:  # pragma: no cover - psycopg is a hard dependency
            raise ConfigurationError("PostgreSQL needs psycopg 3 (pip install psycopg)") from exc
    raise StoreError(f"unsupported database {parsed.get_backend_name()!r}")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Wait for another writer's lock instead of failing at once ("database is locked").
    cursor.execute(f"PRAGMA busy_timeout={LOCK_WAIT_SECONDS * 1000}")
    cursor.close()
