"""The market dataset as benchmarks for the negotiation engine.

:class:`MarketBenchmarkSource` satisfies :class:`accord.domain.engine.BenchmarkSource`.
It opens one connection on the first question and closes it when its ``with`` block
ends, so a page that benchmarks every term of a negotiation holds no connection after::

    with MarketBenchmarkSource(accord.market) as source:
        source.benchmark("97110", region="MD")          # -> Benchmark | None
"""

from __future__ import annotations

from contextlib import ExitStack
from types import TracebackType
from typing import Self

from accord.domain.market.benchmark import Benchmark
from accord.domain.market.rate_query import RateQuery
from accord.services.market_ports import MarketData, RateQueries

__all__ = ["MarketBenchmarkSource"]


class MarketBenchmarkSource:
    """The market dataset as the engine's ``BenchmarkSource``: one connection, opened on
    the first question, closed at the end of the ``with`` block (or by :meth:`close`)."""

    def __init__(
        self, market: MarketData, *, payer: str | None = None, billing_class: str | None = None
    ) -> None:
        self.market = market
        self.payer = payer
        self.billing_class = billing_class
        self._open = ExitStack()
        self._queries: RateQueries | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection, if one was opened."""
        self._queries = None
        self._open.close()

    def benchmark(self, billing_code: str, *, region: str | None = None) -> Benchmark | None:
        """P25/P50/P75 and Medicare's amount for ``billing_code`` in ``region``, or ``None``
        when no ingested rate matches (see :meth:`medicare` for Medicare alone)."""
        q = RateQuery(
            billing_code, region=region, payer=self.payer, billing_class=self.billing_class
        )
        summary = self._ask().summary(q)
        if summary is None:
            return None
        medicare = self.medicare(billing_code, region=region)
        return Benchmark.of(summary, medicare, source=f"market dataset ({summary.count} rates)")

    def medicare(self, billing_code: str, *, region: str | None = None) -> float | None:
        """Medicare's amount for ``billing_code`` in ``region``'s locality (national without
        a region) from the loaded fee schedule, with or without payer price files."""
        facility = self.billing_class == "institutional"
        return self._ask().medicare(billing_code, region=region, facility=facility)

    def _ask(self) -> RateQueries:
        if self._queries is None:
            self._queries = self._open.enter_context(self.market.queries())
        return self._queries
