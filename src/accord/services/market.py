"""Market-rate intelligence use cases: the capability's public surface in one place.

The use cases live in one module per concept; this module re-exports them so callers
need one import:

- :mod:`accord.services.market_ingest`: ingest price files (one, many in parallel, an index)
- :mod:`accord.services.market_pfs`: load the Medicare Physician Fee Schedule
- :mod:`accord.services.market_regions`: load CBSA regions (HUD's ZIP → CBSA crosswalk)
- :mod:`accord.services.market_reports`: percentiles and % of Medicare, exports, charts, status
- :mod:`accord.services.market_benchmarks`: benchmarks for the negotiation engine

Every function takes the market's ports (:mod:`accord.services.market_ports`,
:mod:`accord.services.ingest_ports`: ``accord.market``, ``accord.reference_files``,
``accord.price_files``, ``accord.parallel``) and paths as arguments; nothing is global::

    with MarketBenchmarkSource(accord.market) as source:
        source.benchmark("97110", region="MD")      # -> Benchmark | None
    rate_report(accord.market, RateQuery("97110", region="MD")).benchmark()
"""

from __future__ import annotations

from accord.services.market_benchmarks import MarketBenchmarkSource
from accord.services.market_ingest import (
    IngestResult,
    fetch_price_file,
    ingest_index,
    ingest_price_file,
    ingest_price_files,
    list_index_files,
)
from accord.services.market_pfs import PfsLoadResult, load_pfs
from accord.services.market_regions import RegionsLoadResult, load_regions
from accord.services.market_reports import (
    RateReport,
    export_rates,
    market_chart,
    market_status,
    rate_report,
)

__all__ = [
    "IngestResult",
    "MarketBenchmarkSource",
    "PfsLoadResult",
    "RateReport",
    "RegionsLoadResult",
    "export_rates",
    "fetch_price_file",
    "ingest_index",
    "ingest_price_file",
    "ingest_price_files",
    "list_index_files",
    "load_pfs",
    "load_regions",
    "market_chart",
    "market_status",
    "rate_report",
]
