"""SQLite backups: ``VACUUM INTO`` a new file, restored through SQLite's backup API.

``VACUUM INTO`` reads the database in one read transaction, so the copy is consistent
while the server keeps writing (WAL lets the writer go on), and it is compact. The
online backup API, by contrast, restarts whenever another connection writes, and under
a busy writer may never finish; it is used only for the restore, where Accord is the
writer: it copies the checked backup into the live file inside one write transaction,
so readers see the old database or the new one, never half of each.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

import sqlalchemy as sa

from accord.adapters.backup.files import known_revisions, partial_file
from accord.adapters.store import migrate
from accord.errors import InputFileError, StoreError
from accord.services.backup_ports import BackupProgress

__all__ = ["SqliteBackups"]

_BUSY_MS = 30_000  # a restore waits this long for the server's writes to finish


class SqliteBackups:
    """Backups of one SQLite database file."""

    suffix = ".db"

    def __init__(self, database: Path) -> None:
        self.database = database

    def schema_revisions(self) -> Sequence[str]:
        return known_revisions()

    def write(self, destination: Path, progress: BackupProgress | None = None) -> int:
        if not self.database.exists():
            raise StoreError(f"there is no database at {self.database} to back up")
        with partial_file(destination) as partial:
            total = self.database.stat().st_size
            done = threading.Event()
            watcher = threading.Thread(
                target=_watch_size, args=(partial, total, progress, done), daemon=True
            )
            if progress is not None:
                watcher.start()
            try:
                with closing(sqlite3.connect(self.database, timeout=_BUSY_MS / 1000)) as source:
                    source.execute("VACUUM INTO ?", (str(partial),))
            except sqlite3.Error as exc:
                raise StoreError(f"cannot back up {self.database}: {exc}") from exc
            finally:
                done.set()
                if progress is not None:
                    watcher.join()
            size = partial.stat().st_size
            if progress is not None:
                progress(size, size)
        return size

    def inspect(self, source: Path) -> str | None:
        path = str(source)
        if not source.is_file():
            raise InputFileError("no such backup file", path=path)
        try:
            # immutable: read the file as it is, creating no -wal or -shm beside it.
            uri = f"{source.resolve().as_uri()}?mode=ro&immutable=1"
            with closing(sqlite3.connect(uri, uri=True)) as backup:
                (verdict,) = backup.execute("PRAGMA quick_check").fetchone()
                if verdict != "ok":
                    raise InputFileError(f"damaged SQLite backup ({verdict})", path=path)
                has_version = backup.execute(
                    "SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'"
                ).fetchone()
                if has_version is None:
                    return None
                rows = backup.execute("SELECT version_num FROM alembic_version").fetchall()
        except sqlite3.DatabaseError as exc:
            raise InputFileError(f"not a readable SQLite backup ({exc})", path=path) from exc
        return str(rows[0][0]) if len(rows) == 1 else None

    def restore(self, source: Path, progress: BackupProgress | None = None) -> None:
        self.database.parent.mkdir(parents=True, exist_ok=True)
        staging = self.database.with_name(f".{self.database.name}.restoring")
        try:
            shutil.copyfile(source, staging)
            _migrate(staging)  # an older backup is brought up before it replaces anything
            with (
                closing(sqlite3.connect(staging)) as checked,
                closing(sqlite3.connect(self.database, timeout=_BUSY_MS / 1000)) as live,
            ):

                def step(_status: int, remaining: int, total: int) -> None:
                    if progress is not None:
                        progress(total - remaining, total)

                checked.backup(live, pages=1024, progress=step)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot restore into {self.database}: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot restore into {self.database}: {exc.strerror}") from exc
        finally:
            for leftover in (staging, Path(f"{staging}-wal"), Path(f"{staging}-shm")):
                leftover.unlink(missing_ok=True)


def _migrate(database: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{database}")
    try:
        if not migrate.is_current(engine):
            migrate.upgrade(engine)
    finally:
        engine.dispose()


def _watch_size(
    partial: Path, total: int, progress: BackupProgress | None, done: threading.Event
) -> None:
    """Report the copy's growing size: VACUUM INTO itself says nothing until it ends."""
    while not done.wait(0.2):
        try:
            size = partial.stat().st_size
        except OSError:  # not created yet, or renamed already
            continue
        if progress is not None:
            progress(min(size, total), total)
