"""Accord's own SVG charts, as the services' ``Charts`` port."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accord.domain.engine.analysis import ScenarioAnalysis
    from accord.domain.market.benchmark import RateSummary

# The renderers (and the engine they draw) are imported when a chart is drawn, not when
# bootstrap() builds this object.

__all__ = ["SvgCharts"]


class SvgCharts:
    """The market box chart and the outcome-space chart, drawn as SVG text."""

    def market_chart_svg(
        self,
        title: str,
        rows: list[tuple[str, RateSummary]],
        *,
        medicare: float | None = None,
        my_rate: float | None = None,
    ) -> str:
        """A box per row (P10–P90, P25–P75, median) with Medicare's amount and my rate."""
        from accord.adapters.market.chart import market_chart_svg

        return market_chart_svg(title, rows, medicare=medicare, my_rate=my_rate)

    def outcome_space_svg(
        self,
        analysis: ScenarioAnalysis,
        *,
        our_offers: Sequence[int] = (),
        their_offers: Sequence[int] = (),
        agreement: int | None = None,
    ) -> str:
        """The outcome space: every package, the Pareto frontier, Nash point and offers."""
        from accord.adapters.charts.outcome_space import outcome_space_svg

        return outcome_space_svg(
            analysis, our_offers=our_offers, their_offers=their_offers, agreement=agreement
        )

    def price_bars_svg(
        self, title: str, bars: Sequence[tuple[str, float]], *, unit: str = "dollars"
    ) -> str:
        """One horizontal bar per (label, value): a code's prices in a document, a
        scorecard's payers; values in ``dollars``, ``days`` or ``percent``."""
        from accord.adapters.charts.price_bars import price_bars_svg

        return price_bars_svg(title, bars, unit=unit)

    def write_svg(self, path: Path, svg: str) -> Path:
        """Write ``svg`` to ``path`` (creating its folder); return the path."""
        from accord.adapters.market.chart import write_market_chart

        return write_market_chart(path, svg)
