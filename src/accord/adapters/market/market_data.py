"""The market dataset on disk, queried with DuckDB: the services' ``MarketData`` port.

A DuckDB connection is opened for each block of questions and closed when it ends, so a
web page or a CLI command holds no connection after it has answered::

    market = ParquetMarket(Path("~/.accord/market"))
    with market.queries() as queries:
        queries.summary(RateQuery("97110"))
    market.open_connections        # 0
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.services.market_ports import CrosswalkTable

if TYPE_CHECKING:
    from accord.adapters.market.dataset import MarketDataset, PartitionWriter
    from accord.adapters.market.queries import MarketQueries

# pyarrow and DuckDB are imported on first use, not when bootstrap() builds this object:
# a CLI command that never asks the market does not pay for them.

__all__ = ["ParquetMarket"]


class ParquetMarket:
    """The market directory: Parquet partitions, the fee schedule and the crosswalk."""

    def __init__(self, root: Path, *, threads: int | None = None) -> None:
        self._root = root
        self._threads = threads
        self._lock = threading.Lock()
        self._open = 0
        self._opened = 0

    @property
    def root(self) -> Path:
        """The market directory."""
        return self._root

    def at(self, root: Path) -> ParquetMarket:
        """The same kind of dataset in another directory."""
        return ParquetMarket(root, threads=self._threads)

    @property
    def dataset(self) -> MarketDataset:
        """The partitions' layout (for ingest)."""
        from accord.adapters.market.dataset import MarketDataset

        return MarketDataset(self._root)

    def queries(self) -> _Connection:
        """One DuckDB connection over the dataset, closed when the ``with`` block ends."""
        return _Connection(self)

    def _count(self, change: int) -> None:
        with self._lock:
            self._open += change
            self._opened += max(change, 0)

    @property
    def open_connections(self) -> int:
        """DuckDB connections open right now (0 between requests)."""
        return self._open

    @property
    def connections_opened(self) -> int:
        """DuckDB connections opened since this object was built."""
        return self._opened

    def manifests(self) -> Iterator[dict[str, Any]]:
        """The manifest of every ingested file, oldest first."""
        return self.dataset.manifests()

    def partition_id(self, sha256: str, options: dict[str, Any]) -> str:
        """The partition name of a file read with ``options`` (stable across runs)."""
        from accord.adapters.market.dataset import partition_id

        return partition_id(sha256, options)

    def has(self, file_id: str) -> bool:
        """Whether that file's partition is complete and visible."""
        return self.dataset.has(file_id)

    def writer(self, file_id: str) -> PartitionWriter:
        """A writer for a new partition (use it in a ``with`` block)."""
        return self.dataset.writer(file_id)

    def write_manifest(self) -> None:
        """Regenerate the dataset's ``manifest.json`` from its partitions."""
        self.dataset.write_manifest()

    def pfs_file(self) -> Path | None:
        """The latest loaded fee schedule's amounts file, or ``None``."""
        return self.dataset.pfs_file()

    def pfs_is_demo(self) -> bool:
        """Whether the latest loaded fee schedule was marked demo by ``load_pfs``."""
        import pyarrow.parquet as pq

        amounts = self.pfs_file()
        marker = amounts.parent / "source.parquet" if amounts is not None else None
        if marker is None or not marker.is_file():
            return False

        return bool(pq.read_table(marker, columns=["demo"]).column("demo")[0].as_py())

    def crosswalk_file(self) -> Path | None:
        """The loaded ZIP → CBSA crosswalk, or ``None``."""
        from accord.adapters.market.regions import zip_cbsa_file

        return zip_cbsa_file(self._root)

    def write_pfs(self, year: int, columns: dict[str, list[Any]], name: str = "amounts") -> Path:
        """Store a fee-schedule table of ``year``, replacing any earlier one atomically."""
        return self.dataset.write_pfs(year, columns, name)

    def write_crosswalk(self, table: CrosswalkTable) -> Path:
        """Store the crosswalk read by :class:`~accord.adapters.market.reference_files.
        CmsReferenceFiles` (a :class:`ZipCbsaTable`)."""
        from accord.adapters.market.regions import ZipCbsaTable, write_zip_cbsa

        if not isinstance(table, ZipCbsaTable):
            raise TypeError("the crosswalk must come from CmsReferenceFiles.read_zip_cbsa")
        return write_zip_cbsa(self._root, table)

    def __getstate__(self) -> dict[str, Any]:
        # ingest workers in other processes get the directory, not the lock or counters
        return {"root": self._root, "threads": self._threads}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["root"], threads=state["threads"])  # type: ignore[misc]


class _Connection:
    """A ``with`` block over one DuckDB connection. Counted open until the block ends,
    not until the garbage collector reclaims it: a caller that forgets to close it
    shows in :attr:`ParquetMarket.open_connections`."""

    def __init__(self, market: ParquetMarket) -> None:
        self._market = market
        self._queries: MarketQueries | None = None

    def __enter__(self) -> MarketQueries:
        from accord.adapters.market.queries import MarketQueries

        self._queries = MarketQueries(self._market.dataset, threads=self._market._threads)
        self._market._count(+1)
        return self._queries

    def __exit__(self, *exc: object) -> None:
        if self._queries is not None:
            self._queries.close()
            self._queries = None
            self._market._count(-1)
