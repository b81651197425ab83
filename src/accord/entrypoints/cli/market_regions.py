"""``accord market regions``: load HUD's ZIP → CBSA crosswalk so queries take CBSA regions."""

from __future__ import annotations

from pathlib import Path

import typer

from accord.entrypoints.cli.market_options import MARKET_DIR, market_app
from accord.entrypoints.cli.output import stdout_console

__all__ = ["regions"]


def regions(
    crosswalk: Path = typer.Argument(
        ...,
        help="HUD USPS ZIP-CBSA crosswalk saved as CSV (columns ZIP, CBSA, TOT_RATIO, "
        "USPS_ZIP_PREF_STATE).",
    ),
    market_dir: Path | None = MARKET_DIR,
) -> None:
    """Load CBSA regions: then --region cbsa:12580 selects the rates of that CBSA."""
    from accord.services.market_regions import load_regions

    accord = market_app(market_dir)
    result = load_regions(accord.market, accord.reference_files, crosswalk)
    stdout_console().print(
        f"ZIP-CBSA crosswalk: {result.zip_codes:,} ZIP codes in {result.cbsas:,} CBSAs "
        f"({result.rows:,} rows) → {result.path}"
    )
