"""The store: an engine, its session factory and the schema version."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from accord.adapters.store import migrate
from accord.adapters.store.database import create_store_engine
from accord.adapters.store.mapping import start_mappers
from accord.adapters.store.unit_of_work import SqlUnitOfWork
from accord.errors import ConfigurationError, StoreError

__all__ = ["Store"]


class Store:
    """One database: migrate it, and open units of work on it."""

    def __init__(
        self, url: str, *, echo: bool = False, now: Callable[[], datetime] | None = None
    ) -> None:
        start_mappers()
        self.url = url
        self._now = now
        self.engine: Engine = create_store_engine(url, echo=echo)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def unit_of_work(self) -> SqlUnitOfWork:
        if self._now is None:
            return SqlUnitOfWork(self._sessions)
        return SqlUnitOfWork(self._sessions, self._now)

    def migrate(self) -> tuple[str | None, str | None]:
        """Upgrade the schema to the newest revision; return (before, after)."""
        try:
            if migrate.is_current(self.engine):
                return migrate.SCHEMA_REVISION, migrate.SCHEMA_REVISION
            before = migrate.current_revision(self.engine)
            migrate.upgrade(self.engine)
            return before, migrate.current_revision(self.engine)
        except sa_exc.DBAPIError as exc:
            raise StoreError(f"cannot open {self.display_url}: {exc.orig}") from exc

    def check_schema(self) -> None:
        """Raise a clear error when the database is not at the newest schema."""
        try:
            current = migrate.current_revision(self.engine)
        except sa_exc.DBAPIError as exc:
            raise StoreError(f"cannot open {self.display_url}: {exc.orig}") from exc
        head = migrate.head_revision()
        if current != head:
            raise ConfigurationError(
                f"the database schema is at {current or 'nothing'}, Accord needs {head}: "
                "run `accord migrate`"
            )

    @property
    def display_url(self) -> str:
        """The database URL with its password hidden, for messages."""
        return self.engine.url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()
