"""Running one ingest per file on local processes or on a Dask cluster: the services'
``FileParallel`` port over :mod:`accord.adapters.market.parallel` and
:mod:`accord.adapters.market.dask_cluster` (imported only when a scheduler is named, so
Dask is needed only by those who use it)."""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator, Sequence
from typing import TypeVar

from accord.adapters.market.parallel import run_in_processes
from accord.services.ingest_ports import Outcome

__all__ = ["ProcessesOrDask"]

T = TypeVar("T")
R = TypeVar("R")


class ProcessesOrDask:
    """Local worker processes, or the workers of a Dask scheduler."""

    def check_scheduler(self, address: str) -> str:
        """The scheduler address, checked (ValidationError when malformed)."""
        from accord.adapters.market.dask_cluster import check_scheduler_address

        return check_scheduler_address(address)

    def in_processes(
        self, fn: Callable[[T], R], tasks: Sequence[T], *, jobs: int
    ) -> Iterator[Outcome[T, R]]:
        """Outcomes as they finish, from ``jobs`` local processes."""
        return run_in_processes(fn, tasks, jobs=jobs)

    def on_dask(
        self, fn: Callable[[T], R], tasks: Sequence[T], *, scheduler: str, timeout: float
    ) -> Generator[Outcome[T, R], None, None]:
        """Outcomes as they finish, from the workers of ``scheduler``."""
        from accord.adapters.market.dask_cluster import run_on_dask

        return run_on_dask(fn, tasks, scheduler=scheduler, timeout=timeout)
