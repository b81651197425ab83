"""What both backup adapters share: temporary names, the rename, the known revisions."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from accord.adapters.store.migrate import MIGRATIONS
from accord.errors import StoreError

__all__ = ["known_revisions", "partial_file"]


def known_revisions() -> Sequence[str]:
    """Every Alembic revision shipped with this Accord, oldest first."""
    from alembic.script import ScriptDirectory

    newest_first = [script.revision for script in ScriptDirectory(str(MIGRATIONS)).walk_revisions()]
    return list(reversed(newest_first))


@contextmanager
def partial_file(destination: Path) -> Iterator[Path]:
    """A temporary name next to ``destination``, renamed onto it when the block succeeds.

    A backup cut short (full disk, Ctrl-C) never leaves a file that looks complete.
    """
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create {destination.parent}: {exc.strerror}") from exc
    partial = destination.with_name(f".{destination.name}.partial-{os.getpid()}")
    partial.unlink(missing_ok=True)
    try:
        yield partial
        with partial.open("rb") as written:
            os.fsync(written.fileno())  # on disk before it takes the real name
        os.replace(partial, destination)
    except OSError as exc:
        raise StoreError(f"cannot write the backup {destination}: {exc.strerror}") from exc
    finally:
        partial.unlink(missing_ok=True)
