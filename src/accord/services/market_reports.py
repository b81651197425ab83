"""Reports on the market dataset: percentiles against Medicare, exports, charts, status.

Each function asks the market port (:class:`~accord.services.market_ports.MarketData`,
``accord.market``) on one connection, closed again before it returns::

    report = rate_report(accord.market, RateQuery("97110", region="MD"), my_rate=31.5)
    report.market.p50, report.medicare, report.my_rate_rank
    export_rates(accord.market, RateQuery("97110"), Path("97110.csv"))   # -> rows written
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.domain.market.benchmark import Benchmark, RateSummary
from accord.domain.market.rate_query import RateQuery, parse_region
from accord.errors import NotFoundError
from accord.services.chart_ports import Charts
from accord.services.market_ports import MarketData

__all__ = [
    "RateReport",
    "export_rates",
    "market_chart",
    "market_chart_svg",
    "market_status",
    "rate_report",
]


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
    market: MarketData,
    query: RateQuery,
    *,
    my_rate: float | None = None,
    per_payer: bool = False,
) -> RateReport:
    """Percentiles of ``query`` with Medicare's amount; with ``my_rate``, its percentile rank."""
    parse_region(query.region)  # refuse a bad region even when the dataset is empty
    with market.queries() as queries:
        summary = queries.summary(query)
        facility = query.billing_class == "institutional"
        medicare = queries.medicare(
            query.billing_code,
            modifier=query.modifier or "",
            region=query.region,
            facility=facility,
        )
        payers = queries.by_payer(query) if per_payer else []
        rank = queries.share_at_or_below(query, my_rate) if my_rate is not None else None
    return RateReport(query, summary, medicare, payers, my_rate, rank)


def market_status(market: MarketData) -> dict[str, Any]:
    """Every ingested file's manifest, the totals, the loaded fee schedule and CBSA
    crosswalk (their paths, or ``None``), and whether the fee schedule is the demo's."""
    with market.queries() as queries:
        totals = queries.totals()
    pfs = market.pfs_file()
    crosswalk = market.crosswalk_file()
    return {
        "market_dir": str(market.root),
        "files": list(market.manifests()),
        "totals": totals,
        "pfs": str(pfs) if pfs else None,
        "pfs_demo": market.pfs_is_demo(),
        "cbsa_crosswalk": str(crosswalk) if crosswalk else None,
    }


def export_rates(market: MarketData, query: RateQuery, path: Path) -> int:
    """Write the rows matching ``query`` to ``path`` (.csv or .parquet); return the count."""
    with market.queries() as queries:
        return queries.export(query, path)


def market_chart_svg(
    market: MarketData,
    charts: Charts,
    query: RateQuery,
    *,
    my_rate: float | None = None,
    region_label: str | None = None,
) -> str:
    """The SVG of the market for ``query``: all payers, then each payer, with Medicare's
    amount and ``my_rate``. ``region_label`` is how the title names the region (default:
    as typed). NotFoundError when no rate matches."""
    report = rate_report(market, query, my_rate=my_rate, per_payer=True)
    if report.market is None:
        raise NotFoundError(f"no rates for {query.billing_code} match: nothing to draw")
    label = region_label if region_label is not None else query.region
    where = f" in {label}" if label else ""
    return charts.market_chart_svg(
        f"{query.billing_code}{where}: negotiated rates (P10–P90, P25–P75, median)",
        [("all payers", report.market), *report.by_payer],
        medicare=report.medicare,
        my_rate=my_rate,
    )


def market_chart(
    market: MarketData,
    charts: Charts,
    query: RateQuery,
    out: Path,
    *,
    my_rate: float | None = None,
) -> Path:
    """Write an SVG of the market for ``query`` (all payers, then each payer) to ``out``."""
    return charts.write_svg(out, market_chart_svg(market, charts, query, my_rate=my_rate))
