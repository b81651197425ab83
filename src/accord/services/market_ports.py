"""What the market services need from the outside world: the dataset on disk, the
questions it answers, and the public reference files (CMS, HUD) it is built from.

The adapters in :mod:`accord.adapters.market` satisfy these protocols; ``bootstrap()``
builds them and :class:`accord.bootstrap.Accord` carries them, so a service never opens
a file or a DuckDB connection itself::

    with accord.market.queries() as queries:      # one connection, closed after
        queries.summary(RateQuery("97110", region="MD"))
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

from accord.domain.market.benchmark import RateSummary
from accord.domain.market.pfs import Gpci, RelativeValues
from accord.domain.market.rate_query import RateQuery
from accord.services.ingest_ports import PartitionWriter

__all__ = [
    "CrosswalkTable",
    "LocalityListing",
    "MarketData",
    "RateQueries",
    "ReferenceFiles",
]


class RateQueries(Protocol):
    """Questions to the market dataset, answered on one open connection."""

    def summary(self, query: RateQuery) -> RateSummary | None:
        """Count, min, P10–P90 and max of the matching rates, or ``None`` if none match."""
        ...

    def by_payer(self, query: RateQuery) -> list[tuple[str, RateSummary]]:
        """The summary of each payer in the market, largest first."""
        ...

    def share_at_or_below(self, query: RateQuery, rate: float) -> float | None:
        """The fraction of market rates at or below ``rate`` (0–1)."""
        ...

    def medicare(
        self,
        billing_code: str,
        *,
        modifier: str = "",
        region: str | None = None,
        facility: bool = False,
    ) -> float | None:
        """Medicare's fee schedule amount for the code in the region's locality."""
        ...

    def export(self, query: RateQuery, path: Path) -> int:
        """Write the matching rows to ``path`` (.csv or .parquet); return the row count."""
        ...

    def totals(self) -> dict[str, int]:
        """Rows, distinct codes and payers in the dataset."""
        ...


class CrosswalkTable(Protocol):
    """HUD's ZIP → CBSA crosswalk as read: one row per ZIP code × CBSA."""

    zip5: list[str]

    def __len__(self) -> int: ...
    @property
    def cbsas(self) -> int:
        """How many distinct CBSAs."""
        ...


class LocalityListing(Protocol):
    """One line of CMS's locality–county file."""

    @property
    def key(self) -> str:
        """``MAC-locality``, as :attr:`accord.domain.market.pfs.Gpci.key`."""
        ...

    @property
    def whole_state(self) -> bool:
        """Whether the locality is statewide or the rest of its state."""
        ...

    @property
    def state_name(self) -> str: ...
    @property
    def counties(self) -> tuple[str, ...]: ...


class MarketData(Protocol):
    """The market dataset: ingested rates, Medicare's fee schedule and CBSA regions."""

    @property
    def root(self) -> Path:
        """The market directory."""
        ...

    def at(self, root: Path) -> MarketData:
        """The same kind of dataset in another directory."""
        ...

    def queries(self) -> AbstractContextManager[RateQueries]:
        """Open the dataset for questions; the connection is closed when the block ends."""
        ...

    def manifests(self) -> Iterator[dict[str, Any]]:
        """The manifest of every ingested file, oldest first."""
        ...

    def pfs_file(self) -> Path | None:
        """The loaded fee schedule's amounts file, or ``None``."""
        ...

    def pfs_is_demo(self) -> bool:
        """Whether the loaded fee schedule is the demo subset (see ``load_pfs(demo=True)``)."""
        ...

    def crosswalk_file(self) -> Path | None:
        """The loaded ZIP → CBSA crosswalk, or ``None``."""
        ...

    def partition_id(self, sha256: str, options: dict[str, Any]) -> str:
        """The partition name of a file read with ``options`` (stable across runs)."""
        ...

    def has(self, file_id: str) -> bool:
        """Whether that file's partition is complete and visible."""
        ...

    def writer(self, file_id: str) -> PartitionWriter:
        """A writer for a new partition (use it in a ``with`` block)."""
        ...

    def write_manifest(self) -> None:
        """Regenerate the dataset's ``manifest.json`` from its partitions."""
        ...

    def write_pfs(self, year: int, columns: dict[str, list[Any]], name: str = "amounts") -> Path:
        """Store a fee-schedule table of ``year``, replacing any earlier one atomically."""
        ...

    def write_crosswalk(self, table: CrosswalkTable) -> Path:
        """Store the ZIP → CBSA crosswalk, replacing any earlier one atomically."""
        ...


class ReferenceFiles(Protocol):
    """Readers of the public reference files: CMS's fee schedule files, HUD's crosswalk.

    Errors name the file and the line (:class:`~accord.errors.InputFileError`).
    """

    def rvu_year(self, path: Path) -> int | None: ...
    def read_rvu(self, path: Path) -> Iterator[RelativeValues]: ...
    def read_gpci(self, path: Path) -> list[Gpci]: ...
    def read_locality_counties(self, path: Path) -> Sequence[LocalityListing]: ...
    def read_zip_localities(self, path: Path) -> Iterator[tuple[str, str, str]]: ...
    def read_zip_cbsa(self, path: Path) -> CrosswalkTable: ...
    def demo_fee_schedule(self) -> tuple[Path, Path, Path]:
        """The RVU, GPCI and locality–county files of the demo subset shipped with Accord
        (CMS 2025 files, only the demo's therapy codes and Montana)."""
        ...
