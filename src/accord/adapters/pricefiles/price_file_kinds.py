"""Which reader a price file needs, told from its first bytes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

from accord.adapters.pricefiles.hospital_csv import HospitalCsvReader
from accord.adapters.pricefiles.hospital_json import HospitalJsonReader
from accord.adapters.pricefiles.rate_rows import ReadReport, RowBatch, RowFilter
from accord.adapters.pricefiles.source_files import ProgressCallback, open_price_file
from accord.adapters.pricefiles.tic_allowed_amounts import AllowedAmountsReader
from accord.adapters.pricefiles.tic_in_network import InNetworkReader
from accord.errors import InputFileError

__all__ = ["KINDS", "RowReader", "detect_kind", "reader_for"]

KINDS = ("tic-in-network", "tic-allowed-amounts", "hospital-csv", "hospital-json")


class RowReader(Protocol):
    """A price-file reader: row batches, then a report."""

    report: ReadReport

    def batches(self) -> Iterator[RowBatch]:
        """Yield row batches."""
        ...


def detect_kind(path: Path) -> str:
    """One of :data:`KINDS`, told from the first 1 MB of decompressed bytes."""
    with open_price_file(path) as stream:
        head = stream.read(1 << 20)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"{"):
        if b'"in_network"' in head or b'"provider_references"' in head:
            return "tic-in-network"
        if b'"out_of_network"' in head:
            return "tic-allowed-amounts"
        if b'"standard_charge_information"' in head or b'"hospital_name"' in head:
            return "hospital-json"
        if b'"reporting_entity_name"' in head:
            return "tic-in-network"
    elif text[:14].lower() == b"hospital_name," or text[:15].lower() == b'"hospital_name"':
        return "hospital-csv"
    raise InputFileError(
        "cannot tell what kind of price file this is (supported: " + ", ".join(KINDS) + ")",
        path=str(path),
        offset=0,
    )


def reader_for(
    kind: str,
    path: Path,
    *,
    row_filter: RowFilter,
    state: str | None,
    progress: ProgressCallback | None,
    fetch_references: Callable[[str], Path] | None = None,
    ignore_column_errors: bool = False,
) -> RowReader:
    """The reader for ``kind`` (``fetch_references`` only matters to in-network files,
    ``ignore_column_errors`` only to hospital CSV files)."""
    if kind == "tic-in-network":
        return InNetworkReader(
            path,
            row_filter=row_filter,
            state=state,
            progress=progress,
            fetch_references=fetch_references,
        )
    if kind == "tic-allowed-amounts":
        return AllowedAmountsReader(path, row_filter=row_filter, state=state, progress=progress)
    if kind == "hospital-csv":
        return HospitalCsvReader(
            path,
            row_filter=row_filter,
            state=state,
            progress=progress,
            ignore_column_errors=ignore_column_errors,
        )
    if kind == "hospital-json":
        return HospitalJsonReader(path, row_filter=row_filter, state=state, progress=progress)
    raise InputFileError(f"no reader for files of kind {kind!r}", path=str(path))
