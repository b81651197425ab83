"""Ingest use cases: read price files into the market dataset, one file or many at once.

A single file is read in this process (:func:`ingest_price_file`); several files run
file-parallel on local processes (:func:`ingest_price_files`). Every partition is written
atomically and named after the file's SHA-256 and the read options, so re-ingesting a file
changes nothing::

    ingest_price_file(market_dir, Path("in-network.json.gz"), state="MD")
    for outcome in ingest_price_files(market_dir, paths, jobs=2):
        print(outcome.task, outcome.result or outcome.error)
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from accord import __version__
from accord.adapters.market.dataset import MarketDataset, partition_id
from accord.adapters.market.parallel import Outcome, run_in_processes
from accord.adapters.pricefiles.downloads import download
from accord.adapters.pricefiles.price_file_kinds import detect_kind, reader_for
from accord.adapters.pricefiles.rate_rows import ReadReport, RowFilter
from accord.adapters.pricefiles.source_files import ProgressCallback, file_size, sha256_of
from accord.adapters.pricefiles.table_of_contents import TocFile, read_table_of_contents
from accord.domain.organisations import us_state
from accord.errors import AccordError, NotFoundError

__all__ = [
    "IngestResult",
    "fetch_price_file",
    "ingest_index",
    "ingest_price_file",
    "ingest_price_files",
    "list_index_files",
]


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What an ingest did: the partition, whether it was already there, the reader's report."""

    file_id: str
    path: Path
    kind: str
    skipped: bool
    rows: int
    report: ReadReport | None
    size: int


def _filter_options(row_filter: RowFilter, state: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"state": state}
    for name, value in asdict(row_filter).items():
        out[name] = sorted(str(v) for v in value) if value is not None else None
    return out


def ingest_price_file(
    market_dir: Path,
    path: Path,
    *,
    row_filter: RowFilter | None = None,
    state: str | None = None,
    kind: str | None = None,
    progress: ProgressCallback | None = None,
    on_start: Callable[[int], None] | None = None,
    fetch_references: bool = False,
    ignore_column_errors: bool = False,
) -> IngestResult:
    """Read one price file into the market dataset (atomically; idempotent per file+options).

    ``on_start`` receives the file size in bytes before reading begins (for a progress bar);
    ``progress`` then receives bytes read. ``state`` tags rows whose file carries no
    location (TiC files) with a US state code. ``fetch_references`` downloads remote
    provider references (into ``MARKET_DIR/downloads/provider-references``); otherwise
    nothing is fetched. ``ignore_column_errors`` ingests a hospital CSV whose header would
    lose charges (a payer column missing or renamed) instead of refusing it; the report
    then counts the rows that lost charges.
    """
    if not path.is_file():
        raise NotFoundError(f"no such file: {path}")
    state = us_state(state) if state else None
    row_filter = row_filter or RowFilter()
    kind = kind or detect_kind(path)
    dataset = MarketDataset(market_dir)
    digest = sha256_of(path)
    options = _filter_options(row_filter, state)
    if fetch_references:
        options["fetch_references"] = True
    if ignore_column_errors:
        options["ignore_column_errors"] = True
    file_id = partition_id(digest, {"kind": kind, **options})
    size = file_size(path)
    if dataset.has(file_id):
        return IngestResult(file_id, path, kind, True, 0, None, size)
    if on_start is not None:
        on_start(size)
    fetcher = None
    if fetch_references:
        refs_dir = market_dir / "downloads" / "provider-references"
        fetcher = partial(_fetch_reference, refs_dir)
    reader = reader_for(
        kind,
        path,
        row_filter=row_filter,
        state=state,
        progress=progress,
        fetch_references=fetcher,
        ignore_column_errors=ignore_column_errors,
    )
    with dataset.writer(file_id) as writer:
        for batch in reader.batches():
            writer.write(batch)
        report = reader.report
        writer.commit(
            distinct=kind.startswith("hospital"),
            manifest={
                "source": str(path.resolve()),
                "name": path.name,
                "sha256": digest,
                "size": size,
                "options": options,
                "ingested_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "reader": f"accord {__version__}",
                **report.as_dict(),
            },
        )
    return IngestResult(file_id, path, kind, False, writer.rows["rates"], report, size)


def ingest_price_files(
    market_dir: Path,
    paths: Sequence[Path],
    *,
    jobs: int = 2,
    row_filter: RowFilter | None = None,
    state: str | None = None,
    fetch_references: bool = False,
    ignore_column_errors: bool = False,
    scheduler: str | None = None,
    scheduler_timeout: float = 10.0,
) -> Iterator[Outcome[Path, IngestResult]]:
    """Ingest several files file-parallel, yielding outcomes as they finish.

    By default on ``jobs`` local processes; with ``scheduler`` (``tcp://HOST:PORT``) on the
    workers of that Dask cluster, which must see ``market_dir`` and the files at the same
    paths (a shared filesystem); ``jobs`` is then ignored, and a scheduler that does not
    answer within ``scheduler_timeout`` seconds is a
    :class:`~accord.errors.ConfigurationError`. Each outcome holds the
    :class:`IngestResult` or the error message of one file; one bad file does not stop
    the others. ``fetch_references`` and ``ignore_column_errors`` are passed to
    :func:`ingest_price_file`.
    ``manifest.json`` is regenerated at the end. The dataset is the same either way:
    partitions are named after each file's content and read options.
    """
    one = partial(
        _ingest_one,
        row_filter=row_filter,
        state=state,
        fetch_references=fetch_references,
        ignore_column_errors=ignore_column_errors,
    )
    if scheduler is None:
        work = partial(one, market_dir)
        try:
            yield from run_in_processes(work, list(paths), jobs=jobs)
        finally:
            MarketDataset(market_dir).write_manifest()
        return
    from accord.adapters.market.dask_cluster import run_on_dask

    # workers do not share our working directory: give them absolute paths
    remote = partial(one, market_dir.absolute())
    given = {path.absolute(): path for path in paths}
    # connects now, or raises before anything is written
    outcomes = run_on_dask(remote, list(given), scheduler=scheduler, timeout=scheduler_timeout)
    try:
        for outcome in outcomes:
            yield replace(outcome, task=given[outcome.task])
    finally:
        outcomes.close()
        MarketDataset(market_dir).write_manifest()


def _ingest_one(
    market_dir: Path,
    path: Path,
    *,
    row_filter: RowFilter | None,
    state: str | None,
    fetch_references: bool,
    ignore_column_errors: bool,
) -> IngestResult:
    return ingest_price_file(
        market_dir,
        path,
        row_filter=row_filter,
        state=state,
        fetch_references=fetch_references,
        ignore_column_errors=ignore_column_errors,
    )


def fetch_price_file(
    market_dir: Path,
    url: str,
    *,
    sha256: str | None = None,
    progress: ProgressCallback | None = None,
    on_start: Callable[[int], None] | None = None,
) -> Path:
    """Download ``url`` into ``MARKET_DIR/downloads`` (resumable, retried, checked)."""
    return download(
        url, market_dir / "downloads", sha256=sha256, progress=progress, on_start=on_start
    )


def _fetch_reference(directory: Path, url: str) -> Path:
    # each URL in its own folder: remote reference files often share a file name
    key = hashlib.sha256(url.encode()).hexdigest()[:16]
    return download(url, directory / key, retries=2)


def list_index_files(
    path: Path, *, plan: str | None = None, ein: str | None = None, name: str | None = None
) -> list[TocFile]:
    """The files a table-of-contents index lists, filtered by plan, EIN or name."""
    if not path.is_file():
        raise NotFoundError(f"no such file: {path}")
    return list(read_table_of_contents(path, plan=plan, ein=ein, name=name))


def ingest_index(
    market_dir: Path,
    index: Path,
    *,
    plan: str | None = None,
    ein: str | None = None,
    name: str | None = None,
    jobs: int = 1,
    row_filter: RowFilter | None = None,
    state: str | None = None,
    scheduler: str | None = None,
    scheduler_timeout: float = 10.0,
) -> Iterator[Outcome[Path, IngestResult]]:
    """Download and ingest the in-network files an index lists for a plan, EIN or name.

    Downloads go to ``MARKET_DIR/downloads`` one after the other (resumable, reused when
    complete); the ingests then run on ``jobs`` processes, or on the Dask cluster of
    ``scheduler`` (see :func:`ingest_price_files`). A file that cannot be downloaded is
    reported as an outcome with its error, like one that cannot be read.
    """
    files = list_index_files(index, plan=plan, ein=ein, name=name)
    local: list[Path] = []
    failed: list[Outcome[Path, IngestResult]] = []
    for entry in files:
        if entry.kind != "in-network":
            continue
        try:
            local.append(fetch_price_file(market_dir, entry.location))
        except AccordError as exc:
            failed.append(Outcome(Path(entry.location), None, str(exc), type(exc).__name__))
    yield from failed
    if local:
        yield from ingest_price_files(
            market_dir,
            local,
            jobs=jobs,
            row_filter=row_filter,
            state=state,
            scheduler=scheduler,
            scheduler_timeout=scheduler_timeout,
        )
