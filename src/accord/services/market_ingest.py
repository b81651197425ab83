"""Ingest use cases: read price files into the market dataset, one file or many at once.

A single file is read in this process (:func:`ingest_price_file`); several files run
file-parallel on local processes (:func:`ingest_price_files`). Every partition is written
atomically and named after the file's SHA-256 and the read options, so re-ingesting a file
changes nothing::

    ingest_price_file(accord.market, accord.price_files, accord.clock,
                      Path("in-network.json.gz"), state="MD")
    for outcome in ingest_price_files(accord.market, accord.price_files, accord.clock,
                                      accord.parallel, paths, jobs=2):
        print(outcome.task, outcome.result or outcome.error)
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from accord import __version__
from accord.domain.market.row_filter import RowFilter
from accord.domain.organisations import us_state
from accord.errors import AccordError, NotFoundError
from accord.services.ingest_ports import (
    FileParallel,
    IndexedFile,
    Outcome,
    PriceFiles,
    ProgressCallback,
    ReadReport,
)
from accord.services.market_ports import MarketData
from accord.services.ports import Clock

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


def _filter_options(
    row_filter: RowFilter, state: str | None, *, fetch_references: bool, ignore: bool
) -> dict[str, Any]:
    """The options that shape what is read from a file (part of its partition's id)."""
    out: dict[str, Any] = {"state": state}
    for name, value in asdict(row_filter).items():
        out[name] = sorted(str(v) for v in value) if value is not None else None
    # set only when on: a file ingested without them keeps the id it always had
    if fetch_references:
        out["fetch_references"] = True
    if ignore:
        out["ignore_column_errors"] = True
    return out


def ingest_price_file(
    market: MarketData,
    files: PriceFiles,
    clock: Clock,
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
    then counts the rows that lost charges. The manifest records ``clock.now()`` as the
    time of ingest.
    """
    if not path.is_file():
        raise NotFoundError(f"no such file: {path}")
    state = us_state(state) if state else None
    row_filter = row_filter or RowFilter()
    kind = kind or files.detect_kind(path)
    digest = files.sha256(path)
    options = _filter_options(
        row_filter, state, fetch_references=fetch_references, ignore=ignore_column_errors
    )
    file_id = market.partition_id(digest, {"kind": kind, **options})
    size = files.size(path)
    if market.has(file_id):
        return IngestResult(file_id, path, kind, True, 0, None, size)
    if on_start is not None:
        on_start(size)
    refs_dir = market.root / "downloads" / "provider-references"
    reader = files.reader(
        kind, path, row_filter=row_filter, state=state, progress=progress,
        fetch_references=partial(_fetch_reference, files, refs_dir) if fetch_references else None,
        ignore_column_errors=ignore_column_errors,
    )  # fmt: skip
    with market.writer(file_id) as writer:
        for batch in reader.batches():
            writer.write(batch)
        report = reader.report
        manifest = {
            "source": str(path.resolve()), "name": path.name, "sha256": digest, "size": size,
            "options": options, "ingested_at": clock.now().isoformat(timespec="seconds"),
            "reader": f"accord {__version__}", **report.as_dict(),
        }  # fmt: skip
        writer.commit(distinct=kind.startswith("hospital"), manifest=manifest)
    return IngestResult(file_id, path, kind, False, writer.rows["rates"], report, size)


def ingest_price_files(
    market: MarketData,
    files: PriceFiles,
    clock: Clock,
    parallel: FileParallel,
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
    options = _WorkerOptions(row_filter, state, fetch_references, ignore_column_errors)
    if scheduler is None:
        work = partial(_ingest_one, market, files, clock, options)
        try:
            yield from parallel.in_processes(work, list(paths), jobs=jobs)
        finally:
            market.write_manifest()
        return
    # workers do not share our working directory: give them absolute paths
    remote = partial(
        _ingest_one,
        market.at(market.root.absolute()),
        files,
        clock,
        options,
    )
    given = {path.absolute(): path for path in paths}
    # connects now, or raises before anything is written
    outcomes = parallel.on_dask(remote, list(given), scheduler=scheduler, timeout=scheduler_timeout)
    try:
        for outcome in outcomes:
            yield replace(outcome, task=given[outcome.task])
    finally:
        outcomes.close()
        market.write_manifest()


@dataclass(frozen=True, slots=True)
class _WorkerOptions:
    """The read options every worker applies (picklable, for processes and Dask)."""

    row_filter: RowFilter | None
    state: str | None
    fetch_references: bool
    ignore_column_errors: bool


def _ingest_one(
    market: MarketData, files: PriceFiles, clock: Clock, options: _WorkerOptions, path: Path
) -> IngestResult:
    return ingest_price_file(
        market,
        files,
        clock,
        path,
        row_filter=options.row_filter,
        state=options.state,
        fetch_references=options.fetch_references,
        ignore_column_errors=options.ignore_column_errors,
    )


def fetch_price_file(
    market: MarketData,
    files: PriceFiles,
    url: str,
    *,
    sha256: str | None = None,
    progress: ProgressCallback | None = None,
    on_start: Callable[[int], None] | None = None,
) -> Path:
    """Download ``url`` into ``MARKET_DIR/downloads`` (resumable, retried, checked)."""
    return files.download(
        url, market.root / "downloads", sha256=sha256, progress=progress, on_start=on_start
    )


def _fetch_reference(files: PriceFiles, directory: Path, url: str) -> Path:
    # each URL in its own folder: remote reference files often share a file name
    key = hashlib.sha256(url.encode()).hexdigest()[:16]
    return files.download(url, directory / key, retries=2)


def list_index_files(
    files: PriceFiles,
    path: Path,
    *,
    plan: str | None = None,
    ein: str | None = None,
    name: str | None = None,
) -> list[IndexedFile]:
    """The files a table-of-contents index lists, filtered by plan, EIN or name."""
    if not path.is_file():
        raise NotFoundError(f"no such file: {path}")
    return list(files.table_of_contents(path, plan=plan, ein=ein, name=name))


def ingest_index(
    market: MarketData,
    files: PriceFiles,
    clock: Clock,
    parallel: FileParallel,
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
    listed = list_index_files(files, index, plan=plan, ein=ein, name=name)
    local: list[Path] = []
    failed: list[Outcome[Path, IngestResult]] = []
    for entry in listed:
        if entry.kind != "in-network":
            continue
        try:
            local.append(fetch_price_file(market, files, entry.location))
        except AccordError as exc:
            failed.append(Outcome(Path(entry.location), None, str(exc), type(exc).__name__))
    yield from failed
    if local:
        yield from ingest_price_files(
            market,
            files,
            clock,
            parallel,
            local,
            jobs=jobs,
            row_filter=row_filter,
            state=state,
            scheduler=scheduler,
            scheduler_timeout=scheduler_timeout,
        )
