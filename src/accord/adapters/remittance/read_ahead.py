"""Reading the next 835 files in worker processes while this one stores the current one.

Ingest has two halves of about the same cost: parsing (oxedi, then the columns) and
writing to the database. Parsing a file needs nothing from the database, so on a
machine with more than one core the files after the current one are parsed in other
processes; their column batches come back by pickle (numpy arrays and lists: a few
per cent of what parsing them cost). Files are still stored in order, each all or
nothing (small ones in groups that share a transaction): only the parse moves.

Only files parsed whole (up to the reader's ``whole_file_bytes``) are read ahead, in
tasks of up to :data:`TASK_FILES` consecutive files that a worker parses in one oxedi
call (see :mod:`joint`), at most ``2 × workers`` tasks at a time, so memory stays
bounded; a bigger file is streamed in this process as before.
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


#: Files parsed by one worker task, at most (and about this many bytes, at least one
#: file): a task's files are parsed in one oxedi call (see :mod:`joint`).
TASK_FILES = 16
TASK_BYTES = 2 << 20


@lru_cache(maxsize=1)
def _worker_reader() -> OxediRemittanceReader:
    from accord.adapters.remittance.oxedi_reader import OxediRemittanceReader

    return OxediRemittanceReader(workers=0)


def _result(batches: Iterator[RemittanceBatch]) -> _Result:
    try:
        return list(batches)
    except InputFileError as error:
        where = error.path + (f", line {error.line}" if error.line is not None else "")
        where += f", byte {error.offset}" if error.offset is not None else ""
        return (str(error)[len(where) + 2 :], error.path, error.line, error.offset)


def _read(paths: list[str]) -> tuple[list[_Result], float]:
    """A worker's task: every batch of each file of ``paths`` (read together), or the
    error it gives, and the CPU seconds it took (the benchmark counts them with the
    caller's)."""
    start = time.process_time()
    read = _worker_reader().read_files_batches([Path(path) for path in paths])
    results = [_result(batches) for batches in read]
    return results, time.process_time() - start


class _Task:
    """A worker task's future and the files it reads."""

    def __init__(self, future: Future[tuple[list[_Result], float]], paths: list[Path]) -> None:
        self.future = future
        self.paths = paths
        self.taken = False


class ReadAhead:
    """Parses ``paths`` (the small ones) in ``workers`` processes, a few tasks of
    :data:`TASK_FILES` files ahead of the caller, who takes each file's batches with
    :meth:`batches` in the same order."""

    def __init__(self, paths: Sequence[Path], *, workers: int) -> None:
        self._queue = list(paths)
        self._window = 2 * workers
        self._tasks: OrderedDict[int, _Task] = OrderedDict()
        self._task_of: dict[Path, _Task] = {}
        #: CPU seconds the workers spent on the files taken so far.
        self.worker_cpu_seconds = 0.0
        # forkserver: a fork of a process with threads (a web server's) is unsafe, and
        # spawn would re-import everything per worker; the server imports once.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["accord.adapters.remittance.oxedi_tables"])
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        self._fill()

    def _fill(self) -> None:
        while self._queue and len(self._tasks) < self._window:
            paths: list[Path] = []
            size = 0
            while self._queue and len(paths) < TASK_FILES and (not paths or size < TASK_BYTES):
                paths.append(self._queue.pop(0))
                size += paths[-1].stat().st_size
            task = _Task(self._pool.submit(_read, [str(path) for path in paths]), paths)
            self._tasks[id(task)] = task
            self._task_of.update((path, task) for path in paths)

    def batches(self, path: Path) -> Iterator[RemittanceBatch] | None:
        """The batches of ``path`` if it was read ahead (None if not): raises the file's
        :class:`InputFileError` while iterating, as a reader in this process would."""
        task = self._task_of.get(path)
        if task is None:
            if path not in self._queue:
                return None
            # The caller skipped every file read ahead (already ingested): on from here.
            for skipped in list(self._tasks.values()):
                self._drop(skipped)
            del self._queue[: self._queue.index(path)]
            self._fill()
            task = self._task_of[path]
        position = task.paths.index(path)
        for taken in task.paths[: position + 1]:  # this file, and any the caller skipped
            self._task_of.pop(taken, None)
        # Tasks before this one's were skipped by the caller (already ingested): drop them.
        while (first := next(iter(self._tasks.values()))) is not task:
            self._drop(first)
        try:
            results, cpu = task.future.result()
        except BrokenProcessPool:
            # A worker died (killed, out of memory): read here, and no more ahead.
            self._queue.clear()
            self._tasks.clear()
            self._task_of.clear()
            return None
        if not task.taken:
            task.taken = True
            self.worker_cpu_seconds += cpu
        if not any(p in self._task_of for p in task.paths):  # its last file taken
            self._tasks.pop(id(task))
            self._fill()
        return _replay(results[position])

    def _drop(self, task: _Task) -> None:
        task.future.cancel()
        self._tasks.pop(id(task))
        for path in task.paths:
            self._task_of.pop(path, None)

    def close(self) -> None:
        for task in self._tasks.values():
            task.future.cancel()
        self._pool.shutdown(wait=True, cancel_futures=True)


def _replay(result: _Result) -> Iterator[RemittanceBatch]:
    if isinstance(result, tuple):
        message, path, line, offset = result
        raise InputFileError(message, path=path, line=line, offset=offset)
    yield from result
