"""What the ingest use cases need: price-file readers, downloads, and a way to run many
files at once (local processes or a Dask cluster). Adapters in
:mod:`accord.adapters.pricefiles` and :mod:`accord.adapters.market` satisfy them;
``bootstrap()`` builds them and :class:`accord.bootstrap.Accord` carries them::

    kind = accord.price_files.detect_kind(path)          # "tic-in-network", ...
    reader = accord.price_files.reader(kind, path, row_filter=RowFilter(), state="MD")
    for batch in reader.batches(): ...
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from accord.domain.market.row_filter import RowFilter

__all__ = [
    "FileParallel",
    "IndexedFile",
    "Outcome",
    "PartitionWriter",
    "PriceFiles",
    "ProgressCallback",
    "ReadReport",
    "RowReader",
]

T = TypeVar("T")
R = TypeVar("R")

ProgressCallback = Callable[[int], None]
"""Called with the number of (on-disk) bytes consumed since the previous call."""


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T, R]):
    """What one task of a file-parallel run gave: its result, or the error's kind and
    message (Accord's errors do not survive pickling, their text does)."""

    task: T
    result: R | None
    error: str | None = None
    error_kind: str | None = None


class ReadReport(Protocol):
    """What a reader saw: counts, schema version, warnings."""

    kind: str
    schema_version: str
    payer: str
    items: int
    items_kept: int
    rows: int
    warnings: list[str]

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (for the manifest)."""
        ...


class RowReader(Protocol):
    """A price-file reader: row batches (streamed, constant memory), then its report."""

    @property
    def report(self) -> ReadReport: ...
    def batches(self) -> Iterator[Any]:
        """Yield row batches for :meth:`PartitionWriter.write`."""
        ...


class IndexedFile(Protocol):
    """One file a table-of-contents index lists, with the plans it covers."""

    @property
    def kind(self) -> str:
        """``in-network`` or ``allowed-amounts``."""
        ...

    @property
    def description(self) -> str: ...
    @property
    def location(self) -> str: ...
    @property
    def plans(self) -> tuple[tuple[str, str, str], ...]:
        """(plan name, plan id type, plan id) of each plan."""
        ...


class PartitionWriter(AbstractContextManager["PartitionWriter"], Protocol):
    """Writes one ingested file's partition; nothing is visible until :meth:`commit`."""

    rows: dict[str, int]

    def write(self, batch: Any) -> None:
        """Append one batch of rows."""
        ...

    def commit(self, manifest: dict[str, Any], *, distinct: bool = False) -> Path:
        """Finish the files and publish the partition atomically."""
        ...


class PriceFiles(Protocol):
    """Price files on disk and on the web: their kind, readers, digests and downloads."""

    def detect_kind(self, path: Path) -> str:
        """What kind of price file ``path`` is (InputFileError when none fits)."""
        ...

    def reader(
        self,
        kind: str,
        path: Path,
        *,
        row_filter: RowFilter,
        state: str | None,
        progress: ProgressCallback | None = None,
        fetch_references: Callable[[str], Path] | None = None,
        ignore_column_errors: bool = False,
    ) -> RowReader:
        """The streaming reader for a file of ``kind`` (``ignore_column_errors``: see
        :func:`accord.services.market_ingest.ingest_price_file`)."""
        ...

    def sha256(self, path: Path) -> str:
        """The file's SHA-256 (hex)."""
        ...

    def size(self, path: Path) -> int:
        """The file's size in bytes."""
        ...

    def is_url(self, text: str) -> bool:
        """Whether ``text`` is an http(s) URL rather than a path."""
        ...

    def download(
        self,
        url: str,
        directory: Path,
        *,
        sha256: str | None = None,
        retries: int = 5,
        progress: ProgressCallback | None = None,
        on_start: Callable[[int], None] | None = None,
    ) -> Path:
        """Fetch ``url`` into ``directory`` (resumable, retried, checked); its path."""
        ...

    def table_of_contents(
        self, path: Path, *, plan: str | None, ein: str | None, name: str | None
    ) -> Iterator[IndexedFile]:
        """The files an index lists, filtered by plan, EIN or name."""
        ...


class FileParallel(Protocol):
    """Runs one callable per file, on local processes or a Dask cluster.

    The callable must pickle (a module-level function or a ``functools.partial`` of
    one); an :class:`~accord.errors.AccordError` in a task becomes its outcome's error.
    """

    def check_scheduler(self, address: str) -> str:
        """The scheduler address, checked (ValidationError when malformed)."""
        ...

    def in_processes(
        self, fn: Callable[[T], R], tasks: Sequence[T], *, jobs: int
    ) -> Iterator[Outcome[T, R]]:
        """Outcomes as they finish, from ``jobs`` local processes."""
        ...

    def on_dask(
        self, fn: Callable[[T], R], tasks: Sequence[T], *, scheduler: str, timeout: float
    ) -> Generator[Outcome[T, R], None, None]:
        """Outcomes as they finish, from the workers of ``scheduler`` (connects at once:
        ConfigurationError when it does not answer). Close the generator to disconnect."""
        ...
