"""The market dataset's directory as one tar file (``accord backup --with-market``).

The dataset is rebuilt from public price files, so it is optional in a backup; a
practice that ingested for hours may still want it kept beside the database backup.
Extraction uses tarfile's ``data`` filter: no absolute paths, no links out, no devices.
"""

from __future__ import annotations

import os
import shutil
import tarfile
from pathlib import Path

from accord.adapters.backup.files import partial_file
from accord.errors import InputFileError, StoreError

__all__ = ["TarDirectories"]

_TOP = "market"  # the one directory inside every archive


def _readable_bytes(archive: tarfile.TarFile, member: tarfile.TarInfo) -> int:
    stream = archive.extractfile(member)
    total = 0
    while stream is not None and (chunk := stream.read(1 << 20)):
        total += len(chunk)
    return total


class TarDirectories:
    """Directories as uncompressed tar files (Parquet is compressed already)."""

    def write(self, directory: Path, destination: Path) -> int:
        if not directory.is_dir():
            raise StoreError(f"there is no market dataset at {directory} to back up")
        with partial_file(destination) as partial:
            with tarfile.open(partial, "w") as archive:
                archive.add(directory, arcname=_TOP)
            return partial.stat().st_size

    def check(self, source: Path) -> int:
        try:
            with tarfile.open(source, "r") as archive:
                members = archive.getmembers()  # reads the archive to its end
                files = 0
                for member in members:
                    if member.name != _TOP and not member.name.startswith(_TOP + "/"):
                        raise InputFileError(
                            f"not a market backup (it holds {member.name!r})", path=str(source)
                        )
                    tarfile.data_filter(member, "/nonexistent")  # refuses unsafe entries
                    files += member.isfile()
                    if member.isfile() and _readable_bytes(archive, member) != member.size:
                        raise InputFileError(
                            f"truncated market backup ({member.name} is cut short)",
                            path=str(source),
                        )
                # tar ends with two empty blocks; tarfile reads a file cut between two
                # members as if it ended there.
                if source.stat().st_size < archive.offset + 2 * tarfile.BLOCKSIZE:
                    raise InputFileError(
                        "truncated market backup (no end marker)", path=str(source)
                    )
        except (tarfile.TarError, OSError, EOFError) as exc:
            # A file cut inside a member's header or data reads as "unexpected end of
            # data": that is a truncated backup, whichever block the cut fell in.
            if isinstance(exc, EOFError) or "unexpected end of data" in str(exc):
                raise InputFileError(
                    "truncated market backup (it ends inside an entry)", path=str(source)
                ) from exc
            raise InputFileError(f"not a readable market backup ({exc})", path=str(source)) from exc
        return files

    def restore(self, source: Path, directory: Path) -> None:
        staging = directory.with_name(f".{directory.name}.restoring-{os.getpid()}")
        retired = directory.with_name(f".{directory.name}.replaced-{os.getpid()}")
        shutil.rmtree(staging, ignore_errors=True)
        try:
            staging.mkdir(parents=True)
            with tarfile.open(source, "r") as archive:
                archive.extractall(staging, filter="data")
            if directory.exists():
                directory.rename(retired)
            (staging / _TOP).rename(directory)
        except (tarfile.TarError, OSError) as exc:
            if retired.exists() and not directory.exists():
                retired.rename(directory)  # put the old dataset back
            raise StoreError(f"cannot restore the market dataset into {directory}: {exc}") from exc
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            shutil.rmtree(retired, ignore_errors=True)
