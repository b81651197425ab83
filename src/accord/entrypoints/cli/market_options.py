"""Options ``accord market`` commands share: where the market dataset lives, and the Dask
scheduler that ``ingest`` and ``toc --ingest`` can run on."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from accord.entrypoints.cli.context import get_app

if TYPE_CHECKING:
    from accord.bootstrap import Accord

__all__ = ["MARKET_DIR", "SCHEDULER", "SCHEDULER_TIMEOUT", "market_app"]

MARKET_DIR = typer.Option(
    None,
    "--market-dir",
    help="Market dataset directory (default: ACCORD_MARKET_DIR or DATA_DIR/market).",
)

SCHEDULER = typer.Option(
    None,
    "--scheduler",
    metavar="tcp://HOST:PORT",
    help="Run the ingests on this Dask scheduler's workers (needs the 'cluster' extra and "
    "a filesystem the workers share, holding the files and the market directory).",
)
SCHEDULER_TIMEOUT = typer.Option(
    10.0, "--scheduler-timeout", min=0.1, help="Seconds to wait for the Dask scheduler."
)


def market_app(market_dir: Path | None) -> Accord:
    """Accord for a market command: over ``--market-dir`` when given, else over the
    market directory of the settings; the database is not opened."""
    accord = get_app(database=False)
    return accord if market_dir is None else accord.with_market_dir(market_dir)
