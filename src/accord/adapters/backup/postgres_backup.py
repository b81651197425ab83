"""PostgreSQL backups: ``pg_dump`` in custom format, restored in one transaction.

``pg_dump`` takes one snapshot, so the backup is consistent while the server writes.
A restore reads the archive with ``pg_restore`` into ``psql --single-transaction``
after dropping the ``public`` schema: if any statement fails, PostgreSQL rolls all of
it back and the database is as it was.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import IO

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine

from accord.adapters.backup.files import known_revisions, partial_file
from accord.adapters.backup.postgres_tools import client_environment, find_client_bin
from accord.adapters.store import migrate
from accord.errors import ConfigurationError, InputFileError, StoreError
from accord.services.backup_ports import BackupProgress

__all__ = ["PostgresBackups"]

_LOCK_TIMEOUT = "60s"
_VERSION_TABLE = "COPY public.alembic_version (version_num) FROM stdin;"


class PostgresBackups:
    """Backups of one PostgreSQL database through its client programs."""

    suffix = ".dump"

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def schema_revisions(self) -> Sequence[str]:
        return known_revisions()

    def _server(self) -> tuple[int, int]:
        """The server's major version and how many tables the database holds."""
        try:
            with self.engine.connect() as connection:
                number = int(connection.execute(sa.text("SHOW server_version_num")).scalar_one())
                tables = connection.execute(
                    sa.text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
                ).scalar_one()
        except sa_exc.DBAPIError as exc:
            raise StoreError(f"cannot reach the database: {exc.orig}") from exc
        return number // 10000, int(tables)

    def _tools(self) -> tuple[Path, dict[str, str]]:
        major, _tables = self._server()
        return find_client_bin(major), client_environment(self.engine.url)

    def write(self, destination: Path, progress: BackupProgress | None = None) -> int:
        major, tables = self._server()
        bin_dir, env = find_client_bin(major), client_environment(self.engine.url)
        with partial_file(destination) as partial:
            command = [
                str(bin_dir / "pg_dump"), "--format=custom", "--verbose", "--no-password",
                f"--file={partial}",
            ]  # fmt: skip
            errors = _run_counting(command, env, "dumping contents of table", tables, progress)
            if errors is not None:
                if "version mismatch" in errors:
                    raise ConfigurationError(f"pg_dump refused the server: {errors}")
                raise StoreError(f"pg_dump failed: {errors}")
            return partial.stat().st_size

    def inspect(self, source: Path) -> str | None:
        if not source.is_file():
            raise InputFileError("no such backup file", path=str(source))
        bin_dir, env = self._tools()
        # Writing the whole archive out as SQL reads every block: a truncated or damaged
        # file fails here, before anything is replaced.
        command = [str(bin_dir / "pg_restore"), "--file=-", str(source)]
        with subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        ) as process:
            assert process.stdout is not None and process.stderr is not None
            revision: str | None = None
            lines = iter(process.stdout)
            for line in lines:
                if line.rstrip("\n") == _VERSION_TABLE:
                    value = next(lines, "\\.").rstrip("\n")
                    revision = None if value == "\\." else value
            errors = process.stderr.read()
        if process.returncode != 0:
            raise InputFileError(
                f"not a readable pg_dump backup ({_last_line(errors)})", path=str(source)
            )
        return revision

    def restore(self, source: Path, progress: BackupProgress | None = None) -> None:
        bin_dir, env = self._tools()
        tables = _table_data_count(bin_dir, env, source)
        with subprocess.Popen(
            [str(bin_dir / "pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(source)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        ) as dump:  # fmt: skip
            command = [
                str(bin_dir / "psql"), "--no-psqlrc", "--no-password", "--single-transaction",
                "--set=ON_ERROR_STOP=1",
                # A session left idle in a transaction must not make the restore hang.
                f"--command=SET lock_timeout = '{_LOCK_TIMEOUT}'",
                "--command=DROP SCHEMA IF EXISTS public CASCADE",
                "--command=CREATE SCHEMA public",
                "--file=-",
            ]  # fmt: skip
            errors = _run_counting(command, env, "COPY ", tables, progress, stdin=dump.stdout)
            assert dump.stderr is not None
            dump_errors = dump.stderr.read().decode(errors="replace")
        if dump.returncode != 0:
            raise StoreError(f"pg_restore failed, nothing was replaced: {_last_line(dump_errors)}")
        if errors is not None:
            raise StoreError(f"the restore failed, nothing was replaced: {errors}")
        try:
            if not migrate.is_current(self.engine):
                migrate.upgrade(self.engine)
        except sa_exc.DBAPIError as exc:
            raise StoreError(f"the restored database could not be migrated: {exc.orig}") from exc


def _table_data_count(bin_dir: Path, env: dict[str, str], source: Path) -> int:
    listing = subprocess.run(
        [str(bin_dir / "pg_restore"), "--list", str(source)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    return sum(" TABLE DATA " in line for line in listing.stdout.splitlines())


def _run_counting(
    command: list[str],
    env: dict[str, str],
    marker: str,
    total: int,
    progress: BackupProgress | None,
    *,
    stdin: IO[bytes] | None = None,
) -> str | None:
    """Run ``command``, calling ``progress`` per output line starting with ``marker``;
    return None on success, else its last error line."""
    done = 0
    with subprocess.Popen(
        command, env=env, stdin=stdin,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    ) as process:  # fmt: skip
        assert process.stdout is not None
        kept: list[str] = []
        for line in process.stdout:
            text = line.rstrip("\n")
            if marker in text:
                done += 1
                if progress is not None:
                    progress(min(done, total), max(total, done))
            elif "error" in text.lower() or "fatal" in text.lower():
                kept.append(text)
    if process.returncode != 0:
        return kept[-1] if kept else f"exit status {process.returncode}"
    return None


def _last_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no message"
