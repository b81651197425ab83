"""Market benchmarks: rate percentiles for a billing code and their ratio to Medicare.

A :class:`Benchmark` is what the negotiation engine consumes to set opening, target and
walk-away values: the distribution of negotiated rates in a market (count, min, P10–P90,
max) and the Medicare amount for the same code and locality, when known.
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


def percent_of_medicare(rate: float, medicare: float | None) -> float | None:
    """``rate`` as a percentage of the Medicare amount (``None`` when Medicare is unknown).

    >>> percent_of_medicare(43.18, 28.79)
    150.0
    """
    if medicare is None or medicare <= 0:
        return None
    return round(rate / medicare * 100.0, 1)


@dataclass(frozen=True, slots=True)
class Benchmark:
    """The market for one billing code in one region (and optionally payer, billing class).

    ``medicare`` is the Medicare physician fee schedule amount (non-facility unless the
    billing class is institutional) for the region's locality, or the national amount.
    """

    billing_code: str
    region: str | None
    payer: str | None
    billing_class: str | None
    rates: RateSummary
    medicare: float | None

    def percent_of_medicare(self) -> dict[str, float | None]:
        """Each statistic of :attr:`rates` as a % of :attr:`medicare`."""
        return {
            key: percent_of_medicare(value, self.medicare)
            for key, value in self.rates.as_dict().items()
            if key != "count"
        }
