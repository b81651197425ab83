"""Reports on the market dataset: percentiles against Medicare, exports, charts, status.

Each function opens the dataset, asks :class:`~accord.adapters.market.queries.MarketQueries`
and closes it again::

    report = rate_report(market_dir, RateQuery("97110", region="MD"), my_rate=31.5)
    report.market.p50, report.medicare, report.my_rate_rank
    export_rates(market_dir, RateQuery("97110"), Path("97110.csv"))   # -> rows written
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.adapters.market.chart import market_chart_svg, write_market_chart
from accord.adapters.market.dataset import MarketDataset
from accord.adapters.market.queries import MarketQueries
from accord.adapters.market.regions import zip_cbsa_file
from accord.domain.market.benchmark import Benchmark, RateSummary
from accord.domain.market.rate_query import RateQuery, parse_region
from accord.errors import NotFoundError

__all__ = ["RateReport", "export_rates", "market_chart", "market_status", "rate_report"]


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
        return Benchmark.of(
            self.market, self.medicare, source=f"market dataset ({self.market.count} rates)"
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


def market_status(market_dir: Path) -> dict[str, Any]:
    """Every ingested file's manifest, the totals, the loaded fee schedule and CBSA
    crosswalk (their paths, or ``None``)."""
    dataset = MarketDataset(market_dir)
    queries = MarketQueries(dataset)
    try:
        totals = queries.totals()
    finally:
        queries.close()
    pfs = dataset.pfs_file()
    crosswalk = zip_cbsa_file(market_dir)
    return {
        "market_dir": str(market_dir),
        "files": list(dataset.manifests()),
        "totals": totals,
        "pfs": str(pfs) if pfs else None,
        "cbsa_crosswalk": str(crosswalk) if crosswalk else None,
    }


def export_rates(market_dir: Path, query: RateQuery, path: Path) -> int:
    """Write the rows matching ``query`` to ``path`` (.csv or .parquet); return the count."""
    queries = MarketQueries(MarketDataset(market_dir))
    try:
        return queries.export(query, path)
    finally:
        queries.close()


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
