"""Accord's price-file readers, digests and downloads, as the services' ``PriceFiles``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from accord.domain.market.row_filter import RowFilter
from accord.services.ingest_ports import ProgressCallback

if TYPE_CHECKING:
    from accord.adapters.pricefiles.price_file_kinds import RowReader
    from accord.adapters.pricefiles.table_of_contents import TocFile

# The readers (numpy, pyarrow, isal) are imported when a file is read, not when
# bootstrap() builds this object.

__all__ = ["PriceFileReaders"]


class PriceFileReaders:
    """Transparency-in-Coverage and hospital price files: kind, reader, digest, download."""

    def detect_kind(self, path: Path) -> str:
        """What kind of price file ``path`` is (InputFileError when none fits)."""
        from accord.adapters.pricefiles.price_file_kinds import detect_kind

        return detect_kind(path)

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
        from accord.adapters.pricefiles.price_file_kinds import reader_for

        return reader_for(
            kind,
            path,
            row_filter=row_filter,
            state=state,
            progress=progress,
            fetch_references=fetch_references,
            ignore_column_errors=ignore_column_errors,
        )

    def sha256(self, path: Path) -> str:
        """The file's SHA-256 (hex)."""
        from accord.adapters.pricefiles import source_files

        return source_files.sha256_of(path)

    def size(self, path: Path) -> int:
        """The file's size in bytes."""
        from accord.adapters.pricefiles import source_files

        return source_files.file_size(path)

    def is_url(self, text: str) -> bool:
        """Whether ``text`` is an http(s) URL rather than a path."""
        from accord.adapters.pricefiles import downloads

        return downloads.is_url(text)

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
        from accord.adapters.pricefiles import downloads

        return downloads.download(
            url, directory, sha256=sha256, retries=retries, progress=progress, on_start=on_start
        )

    def table_of_contents(
        self, path: Path, *, plan: str | None, ein: str | None, name: str | None
    ) -> Iterator[TocFile]:
        """The files an index lists, filtered by plan, EIN or name."""
        from accord.adapters.pricefiles.table_of_contents import read_table_of_contents

        return read_table_of_contents(path, plan=plan, ein=ein, name=name)
