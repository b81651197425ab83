"""The market explorer of the web workbench: one query's distribution, its payers, a
rate against the market and the chart, with what the dataset holds.

Built on :func:`accord.services.market.rate_report`; nothing here reads files itself::

    view = explore_market(accord.market, RateQuery("97110", region="MT"), my_rate=31.5)
    view.percent_of_medicare["p50"]      # the median as % of Medicare
    svg = market_chart_document(accord.market, accord.charts, RateQuery("97110"))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from accord.domain.market.benchmark import RateSummary, percent_of_medicare
from accord.domain.market.rate_query import RateQuery
from accord.services.chart_ports import Charts
from accord.services.market_ports import MarketData
from accord.services.market_reports import RateReport, market_chart_svg, market_status, rate_report

__all__ = ["MarketView", "explore_market", "market_chart_document"]


@dataclass(frozen=True, slots=True)
class MarketView:
    """What the dataset holds and, when a code was asked for, its market.

    ``report`` is ``None`` when no query was given; ``report.market`` is ``None`` when
    no rate matches the query.
    """

    status: dict[str, Any]
    report: RateReport | None = None
    percent_of_medicare: dict[str, float | None] = field(default_factory=dict)
    payer_percent_of_medicare: tuple[dict[str, float | None], ...] = ()

    @property
    def loaded(self) -> bool:
        """Whether the dataset holds any rate or a fee schedule."""
        return bool(self.status["totals"]["rows"]) or self.status["pfs"] is not None

    @property
    def my_rate_percent_of_medicare(self) -> float | None:
        """The typed rate as % of Medicare (``None`` without a rate or Medicare)."""
        if self.report is None or self.report.my_rate is None:
            return None
        return percent_of_medicare(self.report.my_rate, self.report.medicare)


def _percentages(summary: RateSummary | None, medicare: float | None) -> dict[str, float | None]:
    if summary is None:
        return {}
    return {
        key: percent_of_medicare(value, medicare)
        for key, value in summary.as_dict().items()
        if key != "count"
    }


def explore_market(
    market: MarketData, query: RateQuery | None, *, my_rate: float | None = None
) -> MarketView:
    """The dataset's status and, with a ``query``, its distribution (all payers and each
    payer), Medicare's amount, every statistic as % of Medicare and, with ``my_rate``,
    the share of market rates at or below it. A bad region raises ValidationError."""
    status = market_status(market)
    if query is None:
        return MarketView(status)
    report = rate_report(market, query, my_rate=my_rate, per_payer=True)
    return MarketView(
        status,
        report,
        _percentages(report.market, report.medicare),
        tuple(_percentages(s, report.medicare) for _, s in report.by_payer),
    )


def market_chart_document(
    market: MarketData, charts: Charts, query: RateQuery, *, my_rate: float | None = None
) -> str:
    """The SVG of :func:`accord.services.market.market_chart`, as text (for a web page)."""
    region = query.region.upper() if query.region else None
    return market_chart_svg(market, charts, query, my_rate=my_rate, region_label=region)
