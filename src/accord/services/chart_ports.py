"""Charts the services draw: Accord renders its own SVG (no plotting library), behind
this port so that a service never imports a renderer::

    svg = accord.charts.market_chart_svg("97110", [("all payers", summary)], medicare=28.79)
    accord.charts.write_svg(Path("97110.svg"), svg)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from accord.domain.engine.analysis import ScenarioAnalysis
from accord.domain.market.benchmark import RateSummary

__all__ = ["Charts"]


class Charts(Protocol):
    """SVG charts of the market and of a negotiation's outcome space."""

    def market_chart_svg(
        self,
        title: str,
        rows: list[tuple[str, RateSummary]],
        *,
        medicare: float | None = None,
        my_rate: float | None = None,
    ) -> str:
        """A box per row (P10–P90, P25–P75, median) with Medicare's amount and my rate."""
        ...

    def outcome_space_svg(
        self,
        analysis: ScenarioAnalysis,
        *,
        our_offers: Sequence[int] = (),
        their_offers: Sequence[int] = (),
        agreement: int | None = None,
    ) -> str:
        """The outcome space: every package, the Pareto frontier, Nash point and offers."""
        ...

    def price_bars_svg(
        self, title: str, bars: Sequence[tuple[str, float]], *, unit: str = "dollars"
    ) -> str:
        """One horizontal bar per (label, value); values in ``dollars``, ``days`` or
        ``percent``."""
        ...

    def write_svg(self, path: Path, svg: str) -> Path:
        """Write ``svg`` to ``path`` (creating its folder); return the path."""
        ...
