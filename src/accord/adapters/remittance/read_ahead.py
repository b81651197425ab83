"""Reading the next 835 files in worker processes while this one stores the current one.

Ingest has two halves of about the same cost: parsing (oxedi, then the columns) and
writing to the database. Parsing a file needs nothing from the database, so on a
machine with more than one core the files after the current one are parsed in other
processes; their column batches come back by pickle (numpy arrays and lists: a few
per cent of what parsing them cost). Files are still stored in order, each all or
nothing (small ones in groups that share a transaction): only the parse moves.

Only files parsed whole (up to the reader's ``whole_file_bytes``) are read ahead, at
most ``2 × workers`` at a time, so memory stays bounded; a bigger file is streamed in
this process as before.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from accord.domain.remittance_batch import RemittanceBatch
from accord.errors import InputFileError

if TYPE_CHECKING:
    from accord.adapters.remittance.oxedi_reader import OxediRemittanceReader

__all__ = ["ReadAhead", "default_workers"]

# An error crosses the process boundary as its parts: InputFileError's keyword-only
# arguments do not survive pickle's way of rebuilding an exception.
_Failure = tuple[str, str, int | None, int | None]
_Result = list[RemittanceBatch] | _Failure


def default_workers() -> int:
    """Worker processes for reading ahead: one fewer than the cores this process may
    use (the store keeps one busy), none on a single core."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(cores - 1, 0)


@lru_cache(maxsize=1)
def _worker_reader() -> OxediRemittanceReader:
    from accord.adapters.remittance.oxedi_reader import OxediRemittanceReader

    return OxediRemittanceReader(workers=0)


def _read(path: str) -> tuple[_Result, float]:
    """A worker's task: every batch of the file at ``path``, or the error it gives, and
    the CPU seconds it took (the benchmark counts them with the caller's)."""
    start = time.process_time()
    result: _Result
    try:
        result = list(_worker_reader().read_file_batches(Path(path)))
    except InputFileError as error:
        where = error.path + (f", line {error.line}" if error.line is not None else "")
        where += f", byte {error.offset}" if error.offset is not None else ""
        result = (str(error)[len(where) + 2 :], error.path, error.line, error.offset)
    return result, time.process_time() - start


class ReadAhead:
    """Parses ``paths`` (the small ones) in ``workers`` processes, a few files ahead of
    the caller, who takes each file's batches with :meth:`batches` in the same order."""

    def __init__(self, paths: Sequence[Path], *, workers: int) -> None:
        self._queue = list(paths)
        self._window = 2 * workers
        self._pending: OrderedDict[Path, Future[tuple[_Result, float]]] = OrderedDict()
        #: CPU seconds the workers spent on the files taken so far.
        self.worker_cpu_seconds = 0.0
        # forkserver: a fork of a process with threads (a web server's) is unsafe, and
        # spawn would re-import everything per worker; the server imports once.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["accord.adapters.remittance.oxedi_tables"])
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        self._fill()

    def _fill(self) -> None:
        while self._queue and len(self._pending) < self._window:
            path = self._queue.pop(0)
            self._pending[path] = self._pool.submit(_read, str(path))

    def batches(self, path: Path) -> Iterator[RemittanceBatch] | None:
        """The batches of ``path`` if it was read ahead (None if not): raises the file's
        :class:`InputFileError` while iterating, as a reader in this process would."""
        if path not in self._pending:
            return None
        # Files before this one were skipped by the caller (already ingested): drop them.
        while (first := next(iter(self._pending))) != path:
            self._pending.pop(first).cancel()
        try:
            result, cpu = self._pending.pop(path).result()
        except BrokenProcessPool:
            # A worker died (killed, out of memory): read here, and no more ahead.
            self._queue.clear()
            self._pending.clear()
            return None
        self.worker_cpu_seconds += cpu
        self._fill()
        return _replay(result)

    def close(self) -> None:
        for future in self._pending.values():
            future.cancel()
        self._pool.shutdown(wait=True, cancel_futures=True)


def _replay(result: _Result) -> Iterator[RemittanceBatch]:
    if isinstance(result, tuple):
        message, path, line, offset = result
        raise InputFileError(message, path=path, line=line, offset=offset)
    yield from result
