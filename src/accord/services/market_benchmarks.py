"""The market dataset as benchmarks for the negotiation engine.

:class:`MarketBenchmarkSource` satisfies :class:`accord.domain.engine.BenchmarkSource`::

    source = MarketBenchmarkSource(settings.resolved_market_dir)
    source.benchmark("97110", region="MD")          # -> Benchmark | None
"""

from __future__ import annotations

from pathlib import Path

from accord.adapters.market.dataset import MarketDataset
from accord.adapters.market.queries import MarketQueries
from accord.domain.market.benchmark import Benchmark
from accord.domain.market.rate_query import RateQuery

__all__ = ["MarketBenchmarkSource"]


class MarketBenchmarkSource:
    """The market dataset as the engine's ``BenchmarkSource`` (one warm DuckDB connection)."""

    def __init__(
        self, market_dir: Path, *, payer: str | None = None, billing_class: str | None = None
    ) -> None:
        self.market_dir = market_dir
        self.payer = payer
        self.billing_class = billing_class
        self._queries: MarketQueries | None = None

    def benchmark(self, billing_code: str, *, region: str | None = None) -> Benchmark | None:
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
        return Benchmark.of(summary, medicare, source=f"market dataset ({summary.count} rates)")
