"""The ``accord market`` command group: ingest, pfs, regions, query, chart, toc, status.

The commands live in one module per concept and are registered here:

- :mod:`accord.entrypoints.cli.market_ingest`: ``ingest`` and ``toc`` (price files in)
- :mod:`accord.entrypoints.cli.market_pfs`: ``pfs`` (the Medicare fee schedule)
- :mod:`accord.entrypoints.cli.market_regions`: ``regions`` (the ZIP → CBSA crosswalk)
- :mod:`accord.entrypoints.cli.market_query`: ``query``, ``chart``, ``status`` (answers out)

Each command parses its options, calls one function of :mod:`accord.services.market`
and renders the result; errors are :class:`~accord.errors.AccordError` and print as one line.
"""

from __future__ import annotations

import typer

from accord.entrypoints.cli import market_ingest, market_pfs, market_query, market_regions

__all__ = ["build_market_app", "register"]


def build_market_app() -> typer.Typer:
    """The ``market`` command group with its commands, in the order ``--help`` lists them."""
    market_app = typer.Typer(
        name="market",
        help=(
            "Market-rate intelligence: ingest price files, load the Medicare fee schedule, query."
        ),
        no_args_is_help=True,
    )
    market_app.command("ingest")(market_ingest.ingest)
    market_app.command("pfs")(market_pfs.pfs)
    market_app.command("regions")(market_regions.regions)
    market_app.command("query")(market_query.query)
    market_app.command("chart")(market_query.chart)
    market_app.command("toc")(market_ingest.toc)
    market_app.command("status")(market_query.status)
    return market_app


def register(app: typer.Typer) -> None:
    """Add this group's commands to the ``accord`` application."""
    app.add_typer(build_market_app(), name="market")
