"""Market-rate intelligence use cases: ingest price files, load the PFS, query, benchmark.

Every function takes the market directory (``Settings.resolved_market_dir``) and paths as
arguments; nothing is global. The negotiation engine gets benchmarks through
:class:`MarketBenchmarkSource`, which satisfies :class:`accord.domain.engine.BenchmarkSource`::

    source = MarketBenchmarkSource(settings.resolved_market_dir)
    source.benchmark("97110", region="MD")          # -> MarketBenchmark | None
    market_benchmark(settings.resolved_market_dir, "97110", region="MD",
                     payer=None, billing_class="professional")   # -> Benchmark | None
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any

from accord import __version__
from accord.adapters.market.chart import market_chart_svg, write_market_chart
from accord.adapters.market.dataset import MarketDataset, partition_id
from accord.adapters.market.parallel import Outcome, run_in_processes
from accord.adapters.market.queries import MarketQueries, RateQuery, parse_region
from accord.adapters.pricefiles.downloads import download
from accord.adapters.pricefiles.pfs import (
    read_gpci,
    read_locality_counties,
    read_rvu,
    read_zip_localities,
    rvu_year,
)
from accord.adapters.pricefiles.price_file_kinds import detect_kind, reader_for
from accord.adapters.pricefiles.rate_rows import ReadReport, RowFilter
from accord.adapters.pricefiles.source_files import ProgressCallback, file_size, sha256_of
from accord.adapters.pricefiles.table_of_contents import TocFile, read_table_of_contents
from accord.domain.engine import MarketBenchmark
from accord.domain.market.benchmark import Benchmark, RateSummary
from accord.domain.market.fee_schedule import fee_schedule_columns, whole_state_localities
from accord.errors import AccordError, InputFileError, NotFoundError, ValidationError

__all__ = [
    "IngestResult",
    "MarketBenchmarkSource",
    "PfsLoadResult",
    "RateReport",
    "export_rates",
    "fetch_price_file",
    "ingest_index",
    "ingest_price_file",
    "ingest_price_files",
    "list_index_files",
    "load_pfs",
    "market_benchmark",
    "market_chart",
    "market_status",
    "rate_report",
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
) -> IngestResult:
    """Read one price file into the market dataset (atomically; idempotent per file+options).

    ``on_start`` receives the file size in bytes before reading begins (for a progress bar);
    ``progress`` then receives bytes read. ``state`` tags rows whose file carries no
    location (TiC files) with a two-letter state. ``fetch_references`` downloads remote
    provider references (into ``MARKET_DIR/downloads/provider-references``); otherwise
    nothing is fetched.
    """
    if not path.is_file():
        raise NotFoundError(f"no such file: {path}")
    if state is not None and not (len(state) == 2 and state.isalpha()):
        raise ValidationError(f"{state!r} is not a two-letter state", field="state")
    row_filter = row_filter or RowFilter()
    state = state.upper() if state else None
    kind = kind or detect_kind(path)
    dataset = MarketDataset(market_dir)
    digest = sha256_of(path)
    options = _filter_options(row_filter, state)
    if fetch_references:
        options["fetch_references"] = True
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
        kind, path, row_filter=row_filter, state=state, progress=progress, fetch_references=fetcher
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


@dataclass(frozen=True, slots=True)
class PfsLoadResult:
    """A loaded fee schedule: year, conversion factor and sizes."""

    year: int
    conversion_factor: float
    codes: int
    localities: int
    rows: int
    path: Path


def load_pfs(
    market_dir: Path,
    rvu_path: Path,
    gpci_path: Path,
    locality_path: Path | None = None,
    *,
    year: int | None = None,
    zip_path: Path | None = None,
) -> PfsLoadResult:
    """Compute non-facility and facility amounts per code × locality (and national).

    ``zip_path`` (CMS's ZIP5 file) maps ZIP codes to localities for ZIP3 regions.
    """
    year = year or rvu_year(rvu_path)
    if year is None:
        raise ValidationError("cannot tell the fee schedule year: pass --year", field="year")
    rvus = list(read_rvu(rvu_path))
    gpcis = read_gpci(gpci_path)
    if not rvus:
        raise InputFileError("the RVU file has no codes", path=str(rvu_path))
    if locality_path is not None:
        whole_state = {loc.key for loc in read_locality_counties(locality_path) if loc.whole_state}
    else:
        whole_state = whole_state_localities(gpcis)
    cols = fee_schedule_columns(year, rvus, gpcis, whole_state)
    dataset = MarketDataset(market_dir)
    if zip_path is not None:
        zips: dict[str, list[Any]] = {"zip5": [], "zip3": [], "state": [], "locality_key": []}
        for zip5, zstate, key in read_zip_localities(zip_path):
            zips["zip5"].append(zip5)
            zips["zip3"].append(zip5[:3])
            zips["state"].append(zstate)
            zips["locality_key"].append(key)
        dataset.write_pfs(year, zips, "zip_localities")
    out = dataset.write_pfs(year, cols)
    return PfsLoadResult(
        year, float(rvus[0].conversion_factor), len(rvus), len(gpcis), len(cols["code"]), out
    )


@dataclass(frozen=True, slots=True)
class RateReport:
    """A market summary for one query, Medicare's amount, and optionally one payer's."""

    query: RateQuery
    market: RateSummary | None
    medicare: float | None
    by_payer: list[tuple[str, RateSummary]]
    my_rate: float | None = None
    my_rate_rank: float | None = None

    def benchmark(self) -> Benchmark | None:
        """The same figures as a :class:`Benchmark` value."""
        if self.market is None:
            return None
        q = self.query
        return Benchmark(
            q.billing_code, q.region, q.payer, q.billing_class, self.market, self.medicare
        )


def rate_report(
    market_dir: Path,
    query: RateQuery,
    *,
    my_rate: float | None = None,
    per_payer: bool = False,
) -> RateReport:
    """Percentiles of ``query`` with Medicare's amount; with ``my_rate``, its percentile rank."""
    parse_region(query.region)  # refuse a bad region even when the dataset is empty
    queries = MarketQueries(MarketDataset(market_dir))
    try:
        market = queries.summary(query)
        facility = query.billing_class == "institutional"
        medicare = queries.medicare(
            query.billing_code,
            modifier=query.modifier or "",
            region=query.region,
            facility=facility,
        )
        payers = queries.by_payer(query) if per_payer else []
        rank = queries.share_at_or_below(query, my_rate) if my_rate is not None else None
    finally:
        queries.close()
    return RateReport(query, market, medicare, payers, my_rate, rank)


def market_benchmark(
    market_dir: Path,
    billing_code: str,
    *,
    region: str | None = None,
    payer: str | None = None,
    billing_class: str | None = None,
) -> Benchmark | None:
    """The market benchmark for a billing code: percentiles and Medicare's amount.

    ``None`` when no ingested rate matches.
    """
    query = RateQuery(billing_code, region=region, payer=payer, billing_class=billing_class)
    return rate_report(market_dir, query).benchmark()


class MarketBenchmarkSource:
    """The market dataset as the engine's ``BenchmarkSource`` (one warm DuckDB connection)."""

    def __init__(
        self, market_dir: Path, *, payer: str | None = None, billing_class: str | None = None
    ) -> None:
        self.market_dir = market_dir
        self.payer = payer
        self.billing_class = billing_class
        self._queries: MarketQueries | None = None

    def benchmark(self, billing_code: str, *, region: str | None = None) -> MarketBenchmark | None:
        """P25/P50/P75 and Medicare's amount for ``billing_code`` in ``region``, or ``None``."""
        if self._queries is None:
            self._queries = MarketQueries(MarketDataset(self.market_dir))
        q = RateQuery(
            billing_code, region=region, payer=self.payer, billing_class=self.billing_class
        )
        summary = self._queries.summary(q)
        if summary is None:
            return None
        medicare = self._queries.medicare(
            billing_code, region=region, facility=self.billing_class == "institutional"
        )
        return MarketBenchmark(
            p25=summary.p25,
            p50=summary.p50,
            p75=summary.p75,
            medicare=medicare,
            source=f"market dataset ({summary.count} rates)",
        )


def market_status(market_dir: Path) -> dict[str, Any]:
    """Every ingested file's manifest, the totals, and the loaded fee schedule."""
    dataset = MarketDataset(market_dir)
    queries = MarketQueries(dataset)
    try:
        totals = queries.totals()
    finally:
        queries.close()
    pfs = dataset.pfs_file()
    return {
        "market_dir": str(market_dir),
        "files": list(dataset.manifests()),
        "totals": totals,
        "pfs": str(pfs) if pfs else None,
    }


def export_rates(market_dir: Path, query: RateQuery, path: Path) -> int:
    """Write the rows matching ``query`` to ``path`` (.csv or .parquet); return the count."""
    queries = MarketQueries(MarketDataset(market_dir))
    try:
        return queries.export(query, path)
    finally:
        queries.close()


def list_index_files(
    path: Path, *, plan: str | None = None, ein: str | None = None, name: str | None = None
) -> list[TocFile]:
    """The files a table-of-contents index lists, filtered by plan, EIN or name."""
    if not path.is_file():
        raise NotFoundError(f"no such file: {path}")
    return list(read_table_of_contents(path, plan=plan, ein=ein, name=name))


def market_chart(
    market_dir: Path, query: RateQuery, out: Path, *, my_rate: float | None = None
) -> Path:
    """Write an SVG of the market for ``query`` (all payers, then each payer) to ``out``."""
    report = rate_report(market_dir, query, my_rate=my_rate, per_payer=True)
    if report.market is None:
        raise NotFoundError(f"no rates for {query.billing_code} match: nothing to draw")
    where = f" in {query.region}" if query.region else ""
    svg = market_chart_svg(
        f"{query.billing_code}{where}: negotiated rates (P10–P90, P25–P75, median)",
        [("all payers", report.market), *report.by_payer],
        medicare=report.medicare,
        my_rate=my_rate,
    )
    return write_market_chart(out, svg)


def ingest_price_files(
    market_dir: Path,
    paths: Sequence[Path],
    *,
    jobs: int = 2,
    row_filter: RowFilter | None = None,
    state: str | None = None,
) -> Iterator[Outcome[Path, IngestResult]]:
    """Ingest several files file-parallel on ``jobs`` local processes, as they finish.

    Each outcome holds the :class:`IngestResult` or the error message of one file; one
    bad file does not stop the others. ``manifest.json`` is regenerated at the end.
    """
    work = partial(_ingest_one, market_dir, row_filter=row_filter, state=state)
    try:
        yield from run_in_processes(work, list(paths), jobs=jobs)
    finally:
        MarketDataset(market_dir).write_manifest()


def _ingest_one(
    market_dir: Path, path: Path, *, row_filter: RowFilter | None, state: str | None
) -> IngestResult:
    return ingest_price_file(market_dir, path, row_filter=row_filter, state=state)


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
) -> Iterator[Outcome[Path, IngestResult]]:
    """Download and ingest the in-network files an index lists for a plan, EIN or name.

    Downloads go to ``MARKET_DIR/downloads`` one after the other (resumable, reused when
    complete); the ingests then run on ``jobs`` processes. A file that cannot be
    downloaded is reported as an outcome with its error, like one that cannot be read.
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
            market_dir, local, jobs=jobs, row_filter=row_filter, state=state
        )
