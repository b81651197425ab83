"""Work directories of ingests in progress under ``.incoming/``, and the leftovers of dead ones.

Each ingest writes its partition in ``.incoming/<name>/`` next to ``.incoming/<name>.lock``,
a file that holds the ingest's process id (for people) and an exclusive ``flock`` for as
long as the process lives. The kernel drops the lock when the process ends, however it
ends (SIGKILL included), so "the lock can be taken" means "its ingest is dead" — unlike a
bare pid, which the system may have given to another process since.

The lock file is locked under a temporary name and then renamed into place, so a
``<name>.lock`` is never seen unlocked while its ingest lives; the directory is made
after it. A directory with no lock file is a leftover of an ingest that died before
this scheme (or before its lock was in place) and is removed too.

A ``.pending`` file exists unlocked for a moment, between its creation and its ``flock``;
another ingest that took its lock then would delete a live claim (and the claimant's
rename would fail). So a pending file counts as a leftover only once it is older than
:data:`PENDING_GRACE` seconds — a live claim holds it for microseconds.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
import uuid
from pathlib import Path
from typing import IO

__all__ = ["WorkDirectory", "remove_dead"]

_LOCK = ".lock"
PENDING_GRACE = 60.0


class WorkDirectory:
    """A directory under ``incoming`` owned by this process until :meth:`release`."""

    def __init__(self, incoming: Path, name: str) -> None:
        incoming.mkdir(parents=True, exist_ok=True)
        self.path = incoming / name
        self.lock_path = incoming / f"{name}{_LOCK}"
        pending = incoming / f".{name}-{uuid.uuid4().hex[:8]}.pending"
        handle = pending.open("w")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            handle.write(f"{os.getpid()}\n")
            handle.flush()
            os.rename(pending, self.lock_path)
            self.path.mkdir()
        except BaseException:
            handle.close()
            pending.unlink(missing_ok=True)
            self.lock_path.unlink(missing_ok=True)
            raise
        self._handle: IO[str] | None = handle

    def release(self) -> None:
        """Remove the lock file (the directory is renamed or removed by its writer)."""
        if self._handle is None:
            return
        self.lock_path.unlink(missing_ok=True)
        self._handle.close()
        self._handle = None


def _dead(lock_path: Path) -> IO[str] | None:
    """The lock file, opened and locked, when its owner is dead; ``None`` when it lives."""
    try:
        handle = lock_path.open("r")
    except FileNotFoundError:
        return None  # released a moment ago: its owner finished
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


def _older_than(path: Path, seconds: float) -> bool:
    try:
        return time.time() - path.stat().st_mtime > seconds
    except FileNotFoundError:
        return False


def remove_dead(incoming: Path) -> list[str]:
    """Remove the work directories of ingests that died; return their names.

    Directories of live ingests (their lock held) are left alone.
    """
    if not incoming.is_dir():
        return []
    removed: list[str] = []
    for entry in sorted(incoming.iterdir()):
        if entry.name.endswith(".pending"):
            if not _older_than(entry, PENDING_GRACE):
                continue  # maybe a claim between its creation and its lock
            handle = _dead(entry)
            if handle is not None:
                entry.unlink(missing_ok=True)
                handle.close()
            continue
        if not entry.is_dir():
            continue
        lock_path = incoming / f"{entry.name}{_LOCK}"
        if lock_path.exists():
            handle = _dead(lock_path)
            if handle is None:
                continue
            with contextlib.closing(handle):
                shutil.rmtree(entry, ignore_errors=True)
                lock_path.unlink(missing_ok=True)
        else:
            shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry.name)
    for stray in incoming.glob(f"*{_LOCK}"):
        # A lock whose directory is gone (a writer killed after its rename).
        if not (incoming / stray.name.removesuffix(_LOCK)).exists():
            handle = _dead(stray)
            if handle is not None:
                stray.unlink(missing_ok=True)
                handle.close()
    return removed
