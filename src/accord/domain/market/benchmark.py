"""Market benchmarks: rate percentiles for a billing code and their ratio to Medicare.

A :class:`Benchmark` is what the negotiation engine consumes to set opening, target and
walk-away values: P25, P50 and P75 of the negotiated rates in a market and the Medicare
amount for the same code and locality, when known. From the market dataset it also
carries the whole distribution (count, min, P10–P90, max); typed in by a user it holds
the three percentiles only. It is the one benchmark type: the market, the engine, the
CLI, the API and the pages all use it, and :func:`percent_of_medicare` is the one
"% of Medicare" rule::

    Benchmark(p25=80.0, p50=95.0, p75=110.0, medicare=70.0).percent_of_medicare()["p50"]
    # -> 135.7
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "PERCENTILES",
    "Benchmark",
    "RateSummary",
    "percent_of_medicare",
    "summarise_rates",
]

PERCENTILES: tuple[int, ...] = (10, 25, 50, 75, 90)


@dataclass(frozen=True, slots=True)
class RateSummary:
    """Count, min, P10/P25/P50/P75/P90 and max of a set of rates (dollars)."""

    count: int
    min: float
    p10: float
    p25: float
    p50: float
    p75: float
    p90: float
    max: float

    def as_dict(self) -> dict[str, float]:
        """The summary as a mapping ``{"count": ..., "min": ..., "p10": ...}``."""
        return {
            "count": float(self.count),
            "min": self.min,
            "p10": self.p10,
            "p25": self.p25,
            "p50": self.p50,
            "p75": self.p75,
            "p90": self.p90,
            "max": self.max,
        }


def summarise_rates(rates: Sequence[float] | np.ndarray) -> RateSummary | None:
    """Summarise rates with linear-interpolation percentiles (DuckDB's ``quantile_cont``).

    >>> summarise_rates([100, 200, 300]).p50
    200.0
    """
    arr = np.asarray(rates, dtype=np.float64)
    arr = arr[np.isfinite(arr)]
    if arr.size == 0:
        return None
    p = np.percentile(arr, PERCENTILES)
    return RateSummary(
        int(arr.size),
        float(arr.min()),
        float(p[0]),
        float(p[1]),
        float(p[2]),
        float(p[3]),
        float(p[4]),
        float(arr.max()),
    )


def percent_of_medicare(rate: float | None, medicare: float | None) -> float | None:
    """``rate`` as a percentage of the Medicare amount, to one decimal; ``None`` when the
    rate or Medicare is unknown (or Medicare is not a positive amount).

    >>> percent_of_medicare(43.18, 28.79)
    150.0
    """
    if rate is None or medicare is None or medicare <= 0:
        return None
    return round(rate / medicare * 100.0, 1)


@dataclass(frozen=True, slots=True)
class Benchmark:
    """Market percentiles of a price and, when known, Medicare's amount.

    ``medicare`` is the Medicare physician fee schedule amount (non-facility unless the
    billing class is institutional) for the region's locality, or the national amount.
    ``rates`` is the whole distribution when the figures come from the market dataset
    (see :meth:`of`), ``None`` when a user typed the percentiles.
    """

    p25: float
    p50: float
    p75: float
    medicare: float | None = None
    source: str = "user input"
    rates: RateSummary | None = None

    @classmethod
    def of(cls, rates: RateSummary, medicare: float | None, *, source: str) -> Benchmark:
        """The benchmark of a market distribution."""
        return cls(rates.p25, rates.p50, rates.p75, medicare, source, rates)

    def percent_of_medicare(self) -> dict[str, float | None]:
        """Each statistic (of :attr:`rates`, else P25–P75) as a % of :attr:`medicare`."""
        figures = (
            self.rates.as_dict()
            if self.rates is not None
            else {"p25": self.p25, "p50": self.p50, "p75": self.p75}
        )
        return {
            key: percent_of_medicare(value, self.medicare)
            for key, value in figures.items()
            if key != "count"
        }
