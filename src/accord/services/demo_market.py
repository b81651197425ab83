"""Demo market data: a small Medicare fee schedule, so the demo shows Medicare amounts and
% of Medicare out of the box, offline.

The files are a subset of CMS's 2025 fee schedule shipped with Accord (the demo's therapy
codes and Montana, the demo practice's state; see ``adapters/market/demo_pfs/README.md``),
loaded through the same :func:`~accord.services.market_pfs.load_pfs` as CMS's full files
and marked demo::

    load_demo_market(accord.market, accord.reference_files)   # -> PfsLoadResult | None
"""

from __future__ import annotations

from accord.services.market_pfs import PfsLoadResult, load_pfs
from accord.services.market_ports import MarketData, ReferenceFiles

__all__ = ["load_demo_market"]


def load_demo_market(market: MarketData, files: ReferenceFiles) -> PfsLoadResult | None:
    """Load the demo fee schedule, marked demo; ``None`` when a fee schedule is loaded
    already (a real one is never replaced; a later ``accord market pfs`` replaces this)."""
    if market.pfs_file() is not None:
        return None
    rvu, gpci, localities = files.demo_fee_schedule()
    return load_pfs(market, files, rvu, gpci, localities, demo=True)
