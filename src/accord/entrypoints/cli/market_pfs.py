"""``accord market pfs``: load the Medicare Physician Fee Schedule into the market dataset."""

from __future__ import annotations

from pathlib import Path

import typer

from accord.entrypoints.cli.market_options import MARKET_DIR, market_app
from accord.entrypoints.cli.output import stdout_console

__all__ = ["pfs"]


def pfs(
    rvu: Path = typer.Option(..., "--rvu", help="CMS PPRRVU file (CSV)."),
    gpci: Path = typer.Option(..., "--gpci", help="CMS GPCI file (CSV)."),
    localities: Path | None = typer.Option(
        None, "--localities", help="CMS locality–county file (CSV)."
    ),
    year: int | None = typer.Option(
        None, "--year", help="Fee schedule year (default: from the RVU file)."
    ),
    zips: Path | None = typer.Option(None, "--zip-file", help="CMS ZIP5 file: ZIP → locality."),
    market_dir: Path | None = MARKET_DIR,
) -> None:
    """Load the Medicare Physician Fee Schedule: amounts per code and locality."""
    from accord.services.market_pfs import load_pfs

    accord = market_app(market_dir)
    result = load_pfs(
        accord.market, accord.reference_files, rvu, gpci, localities, year=year, zip_path=zips
    )
    stdout_console().print(
        f"PFS {result.year}: conversion factor {result.conversion_factor}, "
        f"{result.codes:,} codes × {result.localities} localities (+ national) = "
        f"{result.rows:,} amounts → {result.path}"
    )
