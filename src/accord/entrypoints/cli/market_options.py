"""Options ``accord market`` commands share: where the market dataset lives, and the Dask
scheduler that ``ingest`` and ``toc --ingest`` can run on."""

from __future__ import annotations

from pathlib import Path

import typer

__all__ = ["MARKET_DIR", "SCHEDULER", "SCHEDULER_TIMEOUT", "resolve_market_dir"]

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


def resolve_market_dir(option: Path | None) -> Path:
    """The ``--market-dir`` given, else the market directory of the settings."""
    if option is not None:
        return option
    from accord.config import load_settings

    return load_settings().resolved_market_dir
