"""Load the Medicare Physician Fee Schedule into the market dataset.

CMS's RVU, GPCI and locality–county files become non-facility and facility amounts per
code × locality (and national) for a year; CMS's ZIP5 file, when given, maps ZIP codes to
localities so ZIP3 regions get their own Medicare amount; the locality–county file, when
given, also records which locality each county belongs to (``county:MD:Montgomery``)::

    load_pfs(accord.market, accord.reference_files,
             Path("PPRRVU2025_Oct.csv"), Path("GPCI2025.csv"), Path("25LOCCO.csv"))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.domain.market.fee_schedule import fee_schedule_columns, whole_state_localities
from accord.domain.market.localities import county_localities
from accord.domain.market.pfs import Gpci
from accord.errors import InputFileError, ValidationError
from accord.services.market_ports import LocalityListing, MarketData, ReferenceFiles

__all__ = ["PfsLoadResult", "load_pfs"]


@dataclass(frozen=True, slots=True)
class PfsLoadResult:
    """A loaded fee schedule: year, conversion factor and sizes."""

    year: int
    conversion_factor: float
    codes: int
    localities: int
    rows: int
    path: Path


def load_pfs(
    market: MarketData,
    files: ReferenceFiles,
    rvu_path: Path,
    gpci_path: Path,
    locality_path: Path | None = None,
    *,
    year: int | None = None,
    zip_path: Path | None = None,
    demo: bool = False,
) -> PfsLoadResult:
    """Compute non-facility and facility amounts per code × locality (and national).

    ``zip_path`` (CMS's ZIP5 file) maps ZIP codes to localities for ZIP3 regions.
    ``demo`` marks the fee schedule as the demo subset (``MarketData.pfs_is_demo``); any
    later load of the same year replaces the mark with its own.
    """
    year = year or files.rvu_year(rvu_path)
    if year is None:
        raise ValidationError("cannot tell the fee schedule year: pass --year", field="year")
    rvus = list(files.read_rvu(rvu_path))
    gpcis = files.read_gpci(gpci_path)
    if not rvus:
        raise InputFileError("the RVU file has no codes", path=str(rvu_path))
    counties: dict[str, list[Any]] | None = None
    if locality_path is not None:
        listed = files.read_locality_counties(locality_path)
        whole_state = {loc.key for loc in listed if loc.whole_state}
        counties = _county_columns(listed, gpcis)
    else:
        whole_state = whole_state_localities(gpcis)
    cols = fee_schedule_columns(year, rvus, gpcis, whole_state)
    if counties is not None:
        market.write_pfs(year, counties, "county_localities")
    if zip_path is not None:
        zips: dict[str, list[Any]] = {"zip5": [], "zip3": [], "state": [], "locality_key": []}
        for zip5, zstate, key in files.read_zip_localities(zip_path):
            zips["zip5"].append(zip5)
            zips["zip3"].append(zip5[:3])
            zips["state"].append(zstate)
            zips["locality_key"].append(key)
        market.write_pfs(year, zips, "zip_localities")
    out = market.write_pfs(year, cols)
    market.write_pfs(year, {"rvu_file": [rvu_path.name], "demo": [demo]}, "source")
    return PfsLoadResult(
        year, float(rvus[0].conversion_factor), len(rvus), len(gpcis), len(cols["code"]), out
    )


def _county_columns(listed: Sequence[LocalityListing], gpcis: list[Gpci]) -> dict[str, list[Any]]:
    """Each county's locality, with state codes taken from the GPCI file's localities."""
    state_of = {g.key: g.state for g in gpcis if g.state}
    codes = {loc.state_name.upper(): state_of[loc.key] for loc in listed if loc.key in state_of}
    rows = [
        (loc.key, state_of[loc.key], loc.whole_state, loc.counties)
        for loc in listed
        if loc.key in state_of
    ]
    cols: dict[str, list[Any]] = {"state": [], "county": [], "locality_key": []}
    for row in county_localities(rows, codes):
        cols["state"].append(row.state)
        cols["county"].append(row.county)
        cols["locality_key"].append(row.locality_key)
    return cols
