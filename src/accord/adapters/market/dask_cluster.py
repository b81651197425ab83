"""File-parallel execution of ingests on a Dask distributed cluster (one price file per task).

The same shape as :func:`accord.adapters.market.parallel.run_in_processes`: submit one
callable per task, yield :class:`~accord.adapters.market.parallel.Outcome` values as they
finish, Accord's errors coming back as text. Workers write their partitions straight into
the market directory, so that directory and the price files must be at the same paths on
every worker (a shared filesystem); the client only collects the outcomes.

``distributed`` is imported here only when a scheduler is asked for: it is the optional
``cluster`` extra (``pip install 'accord[cluster]'``)::

    for outcome in run_on_dask(work, paths, scheduler="tcp://10.0.0.5:8786"):
        print(outcome.task, outcome.result or outcome.error)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from accord.adapters.market.parallel import Outcome, run_guarded
from accord.errors import ConfigurationError, ValidationError

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["CONNECT_TIMEOUT", "check_scheduler_address", "run_on_dask"]

T = TypeVar("T")
R = TypeVar("R")

CONNECT_TIMEOUT = 10.0
"""Seconds to wait for the scheduler before giving up."""

_ADDRESS = re.compile(r"(tcp|tls)://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})")


def check_scheduler_address(address: str) -> str:
    """``address`` if it reads ``tcp://HOST:PORT`` (or ``tls://``), else a ValidationError."""
    value = address.strip()
    match = _ADDRESS.fullmatch(value)
    if match is None or not 0 < int(match.group(3)) < 65536:
        raise ValidationError(
            f"{address!r} is not a Dask scheduler address: give tcp://HOST:PORT "
            "(e.g. tcp://10.0.0.5:8786)",
            field="scheduler",
        )
    return value


def _connect(address: str, timeout: float) -> Client:
    try:
        from distributed import Client
    except ImportError as exc:
        raise ConfigurationError(
            "running on a Dask cluster needs the 'cluster' extra: "
            "pip install 'accord[cluster]' (dask[distributed])"
        ) from exc
    try:
        return Client(address, timeout=timeout, set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise ConfigurationError(
            f"cannot reach the Dask scheduler at {address} within {timeout:g} s "
            f"(is dask-scheduler running there?): {exc}"
        ) from exc


def run_on_dask(
    fn: Callable[[T], R],
    tasks: Sequence[T],
    *,
    scheduler: str,
    timeout: float = CONNECT_TIMEOUT,
) -> Generator[Outcome[T, R], None, None]:
    """Run ``fn`` on every task on the cluster of ``scheduler``; yield outcomes as they finish.

    Connects at once, so a bad address or an unreachable scheduler raises here, before
    anything is submitted. ``fn`` must be importable on the workers (a module-level
    function of an installed package, or a ``functools.partial`` of one). A task whose
    worker dies, or that the cluster loses, becomes an outcome with its error; unexpected
    exceptions (bugs) propagate, as from :func:`~accord.adapters.market.parallel.run_in_processes`.
    Close the generator (or exhaust it) to disconnect.
    """
    client = _connect(check_scheduler_address(scheduler), timeout)
    return _outcomes(client, fn, tasks)


def _outcomes(
    client: Client, fn: Callable[[T], R], tasks: Sequence[T]
) -> Generator[Outcome[T, R], None, None]:
    from distributed import CancelledError, KilledWorker, as_completed

    try:
        # pure=False: the same file submitted twice is two tasks (ingest is idempotent anyway)
        futures: dict[Any, T] = {
            client.submit(run_guarded, fn, task, pure=False): task for task in tasks
        }
        # set_as_default=False: as_completed must be told which client's loop to use
        for future in as_completed(futures, loop=client.loop):  # type: ignore[no-untyped-call]
            task = futures[future]
            try:
                result, error, kind = future.result()
            except (KilledWorker, CancelledError) as exc:
                message = f"{task}: the Dask worker running it died or the task was lost ({exc})"
                yield Outcome(task, None, message, type(exc).__name__)
                continue
            yield Outcome(task, result, error, kind)
    finally:
        client.close()  # type: ignore[no-untyped-call]
