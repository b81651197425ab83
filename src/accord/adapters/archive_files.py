"""Archives as JSON files (:mod:`accord.adapters.archive`): the services' ``Archives``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from accord.services.archive_ports import ArchiveContents

__all__ = ["JsonArchives"]

# cattrs and orjson are imported when an archive is written or read, not when
# bootstrap() builds this object.


class JsonArchives:
    """Lossless JSON archives of the record."""

    def write(self, path: Path, contents: ArchiveContents, *, exported_at: datetime) -> None:
        """Write atomically: to a temporary name, renamed when complete."""
        from accord.adapters.archive import dump_archive

        dump_archive(
            path,
            organisations=contents.organisations,
            contacts=contents.contacts,
            negotiations=contents.negotiations,
            exported_at=exported_at,
        )

    def read(self, path: Path) -> ArchiveContents:
        """Read and check an archive (InputFileError naming where it is wrong)."""
        from accord.adapters.archive import read_archive

        archive = read_archive(path)
        return ArchiveContents(archive.organisations, archive.contacts, archive.negotiations)
