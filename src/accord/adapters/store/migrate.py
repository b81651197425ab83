"""Run the Alembic migrations programmatically (``accord init`` / ``accord migrate``).

:data:`SCHEMA_REVISION` names the newest migration (a test keeps it equal to Alembic's
head), so that opening an up-to-date database costs one query and no Alembic import.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine

__all__ = ["SCHEMA_REVISION", "current_revision", "head_revision", "is_current", "upgrade"]

MIGRATIONS = Path(__file__).parent / "migrations"

SCHEMA_REVISION = "0016"


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database schema to ``revision`` (default: the newest)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    command.upgrade(config, revision)


def is_current(engine: Engine) -> bool:
    """True when the database is at :data:`SCHEMA_REVISION` (one query)."""
    try:
        with engine.connect() as connection:
            stored = connection.execute(sa.text("SELECT version_num FROM alembic_version"))
            return [row[0] for row in stored] == [SCHEMA_REVISION]
    except sa_exc.ProgrammingError:  # no alembic_version table on PostgreSQL
        return False
    except sa_exc.OperationalError as exc:  # no such table on SQLite; other failures raise
        if "no such table" in str(exc.orig):
            return False
        raise


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()
