"""Load CBSA regions: HUD's ZIP → CBSA crosswalk into the market dataset.

Once loaded, queries take ``cbsa:12580`` as a region: the rates of the ZIP3s whose ZIP
codes lie mostly in that CBSA (hospital rates, which carry the hospital's ZIP3)::

    load_regions(accord.market, accord.reference_files, Path("ZIP_CBSA_032025.csv"))
    rate_report(accord.market, RateQuery("70551", region="cbsa:12580"))
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from accord.errors import NotFoundError
from accord.services.market_ports import MarketData, ReferenceFiles

__all__ = ["RegionsLoadResult", "load_regions"]


@dataclass(frozen=True, slots=True)
class RegionsLoadResult:
    """A loaded crosswalk: its rows, distinct ZIP codes and CBSAs, and where it is stored."""

    rows: int
    zip_codes: int
    cbsas: int
    path: Path


def load_regions(market: MarketData, files: ReferenceFiles, crosswalk: Path) -> RegionsLoadResult:
    """Store HUD's ZIP-CBSA crosswalk (saved as CSV) in the dataset, replacing any earlier.

    Errors in the file name the file and the line; nothing is stored then.
    """
    if not crosswalk.is_file():
        raise NotFoundError(f"no such file: {crosswalk}")
    table = files.read_zip_cbsa(crosswalk)
    path = market.write_crosswalk(table)
    return RegionsLoadResult(len(table), len(set(table.zip5)), table.cbsas, path)
