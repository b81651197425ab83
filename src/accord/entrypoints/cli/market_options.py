"""The option every ``accord market`` command shares: where the market dataset lives."""

from __future__ import annotations

from pathlib import Path

import typer

__all__ = ["MARKET_DIR", "resolve_market_dir"]

MARKET_DIR = typer.Option(
    None,
    "--market-dir",
    help="Market dataset directory (default: ACCORD_MARKET_DIR or DATA_DIR/market).",
)


def resolve_market_dir(option: Path | None) -> Path:
    """The ``--market-dir`` given, else the market directory of the settings."""
    if option is not None:
        return option
    from accord.config import load_settings

    return load_settings().resolved_market_dir
