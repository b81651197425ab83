"""Archive files: the whole record (or one negotiation) as one portable file, written
and read by an adapter (JSON today) so that the transfer use cases never parse it::

    accord.archives.write(path, contents, exported_at=now)
    accord.archives.read(path)            # -> ArchiveContents
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from accord.domain.negotiation import Negotiation
from accord.domain.organisations import Contact, Organisation

__all__ = ["ArchiveContents", "Archives"]


@dataclass(frozen=True)
class ArchiveContents:
    """What an archive holds: organisations, contacts and whole negotiations."""

    organisations: list[Organisation]
    contacts: list[Contact]
    negotiations: list[Negotiation]


class Archives(Protocol):
    """Writes and reads archive files."""

    def write(self, path: Path, contents: ArchiveContents, *, exported_at: datetime) -> None:
        """Write atomically: to a temporary name, renamed when complete."""
        ...

    def read(self, path: Path) -> ArchiveContents:
        """Read and check an archive (InputFileError naming where it is wrong)."""
        ...
