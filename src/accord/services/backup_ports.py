"""Backups of the whole database: one file, written and restored by a dialect's adapter.

The backup use cases (``services/backups.py``) never touch a database file or a
``pg_dump`` themselves; they ask this port::

    accord.backups.write(path, progress)      # a consistent copy, renamed when complete
    accord.backups.inspect(path)              # -> schema revision stored in the backup
    accord.backups.restore(path, progress)    # replace the database, schema brought up
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

__all__ = ["BackupProgress", "BackupStore", "DirectoryArchives"]

BackupProgress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` while a backup is written or restored."""


class BackupStore(Protocol):
    """Writes, checks and restores backup files of the configured database."""

    @property
    def suffix(self) -> str:
        """The file name ending of this dialect's backups (``.db`` or ``.dump``)."""
        ...

    def schema_revisions(self) -> Sequence[str]:
        """Every schema revision this Accord knows, oldest first (the last is current)."""
        ...

    def write(self, destination: Path, progress: BackupProgress | None = None) -> int:
        """Write a consistent backup while the server may be running; return its size.

        The file is written under a temporary name and renamed when complete.
        """
        ...

    def inspect(self, source: Path) -> str | None:
        """Read the whole backup and return the schema revision it holds.

        Raises InputFileError naming the file when it is not a readable backup.
        """
        ...

    def restore(self, source: Path, progress: BackupProgress | None = None) -> None:
        """Replace the database with the backup, in one step, and migrate it up.

        When anything fails the current database is left as it was.
        """
        ...


class DirectoryArchives(Protocol):
    """Writes a directory (the market dataset) to one file and puts it back."""

    def write(self, directory: Path, destination: Path) -> int:
        """Archive ``directory`` to ``destination`` (temporary name, renamed); return its size."""
        ...

    def check(self, source: Path) -> int:
        """Read the whole archive; return how many files it holds (InputFileError if bad)."""
        ...

    def restore(self, source: Path, directory: Path) -> None:
        """Replace ``directory`` with the archive's contents; untouched if anything fails."""
        ...
