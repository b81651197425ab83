"""Back up and restore the whole database (``accord backup`` / ``accord restore``).

A backup is a file of the database's own kind (a SQLite copy, a ``pg_dump`` archive):
exact, quick to take while the server runs, and restored in one step. Before a restore
replaces anything, the backup is read to its end and its schema revision checked:
an older one is migrated up; a newer one (from a later Accord) is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from accord.errors import ConflictError, InputFileError
from accord.services.backup_ports import BackupProgress, BackupStore, DirectoryArchives

__all__ = [
    "BackupCheck",
    "BackupResult",
    "check_backup",
    "check_market_backup",
    "default_backup_path",
    "market_backup_path",
    "restore_backup",
    "restore_market_backup",
    "take_backup",
    "take_market_backup",
]


@dataclass(frozen=True)
class BackupResult:
    """Where a backup was written and how big it is."""

    path: Path
    size_bytes: int


@dataclass(frozen=True)
class BackupCheck:
    """What a restore would do: the backup's schema revision and whether it is migrated."""

    path: Path
    revision: str
    current_revision: str

    @property
    def needs_migration(self) -> bool:
        return self.revision != self.current_revision


def default_backup_path(backups: BackupStore, directory: Path, now: datetime) -> Path:
    """``DIRECTORY/accord-YYYYMMDD-HHMMSS<suffix>``: sorts by time, never overwrites."""
    return directory / f"accord-{now:%Y%m%d-%H%M%S}{backups.suffix}"


def take_backup(
    backups: BackupStore, destination: Path, progress: BackupProgress | None = None
) -> BackupResult:
    """Write a consistent backup of the whole database to ``destination``.

    >>> take_backup(accord.backups, Path("accord-monday.db"))  # doctest: +SKIP
    """
    if destination.is_dir():
        raise InputFileError(
            "is a directory; give a file name for the backup", path=str(destination)
        )
    size = backups.write(destination, progress)
    return BackupResult(destination, size)


def check_backup(backups: BackupStore, source: Path) -> BackupCheck:
    """Read the backup to its end and check that this Accord can restore it."""
    revision = backups.inspect(source)
    known = list(backups.schema_revisions())
    if revision is None:
        raise InputFileError("not an Accord backup (no schema revision in it)", path=str(source))
    if revision not in known:
        raise ConflictError(
            f"{source}: the backup's schema revision {revision} is newer than this Accord "
            f"knows (newest {known[-1]}); upgrade Accord before restoring it"
        )
    return BackupCheck(source, revision, known[-1])


def restore_backup(
    backups: BackupStore, checked: BackupCheck, progress: BackupProgress | None = None
) -> None:
    """Replace the database with a backup that :func:`check_backup` accepted, migrated
    to the newest schema. The caller asks the user first: everything recorded since the
    backup was taken is lost.

    >>> restore_backup(accord.backups, check_backup(accord.backups, path))  # doctest: +SKIP
    """
    backups.restore(checked.path, progress)


def market_backup_path(backup: Path) -> Path:
    """The market dataset's tar beside a database backup: ``FILE.market.tar``."""
    return backup.with_name(backup.name + ".market.tar")


def take_market_backup(archives: DirectoryArchives, market_dir: Path, backup: Path) -> BackupResult:
    """Archive the market dataset beside the database backup ``backup`` (``--with-market``)."""
    destination = market_backup_path(backup)
    return BackupResult(destination, archives.write(market_dir, destination))


def check_market_backup(archives: DirectoryArchives, backup: Path) -> Path:
    """The market tar beside ``backup``, read to its end; InputFileError when missing or bad."""
    source = market_backup_path(backup)
    if not source.is_file():
        raise InputFileError(
            "no market backup beside it (written by `accord backup --with-market`)",
            path=str(source),
        )
    archives.check(source)
    return source


def restore_market_backup(archives: DirectoryArchives, source: Path, market_dir: Path) -> None:
    """Replace the market dataset with a checked tar (see :func:`check_market_backup`)."""
    archives.restore(source, market_dir)
