"""File-parallel execution of ingests on local processes (one price file per task).

Each task runs :func:`accord.services.market.ingest_price_file`-like callables in a worker
process; partitions are atomic and independent, so workers never coordinate. Errors come
back as text (Accord's errors carry keyword-only arguments and do not survive pickling)
and are re-raised by the caller as it sees fit. :mod:`accord.adapters.market.dask_cluster`
takes the same shape on a Dask cluster: submit callables, get outcomes as they finish.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, TypeVar

from accord.errors import AccordError
from accord.services.ingest_ports import Outcome  # re-exported for the executors

__all__ = ["Outcome", "run_guarded", "run_in_processes"]

T = TypeVar("T")
R = TypeVar("R")


def run_guarded(fn: Callable[[T], R], task: T) -> tuple[R | None, str | None, str | None]:
    """``fn(task)`` as ``(result, None, None)``, or ``(None, message, error kind)`` when it
    raises an :class:`~accord.errors.AccordError`; runs inside a worker."""
    try:
        return fn(task), None, None
    except AccordError as exc:
        return None, str(exc), type(exc).__name__


def run_in_processes(
    fn: Callable[[T], R], tasks: Sequence[T], *, jobs: int
) -> Iterator[Outcome[T, R]]:
    """Run ``fn`` on every task in ``jobs`` processes; yield outcomes as they finish.

    ``fn`` must be importable (a module-level function or a ``functools.partial`` of one).
    Unexpected exceptions (bugs) propagate.
    """
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures: dict[Any, T] = {pool.submit(run_guarded, fn, task): task for task in tasks}
        for future in as_completed(futures):
            result, error, kind = future.result()
            yield Outcome(futures[future], result, error, kind)
