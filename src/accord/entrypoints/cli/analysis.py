"""``accord analyze ID``: the engine's reading of a stored negotiation."""

from __future__ import annotations

from pathlib import Path

import typer

from accord.adapters.charts.outcome_space import write_outcome_space_svg
from accord.entrypoints.cli.context import console, get_app
from accord.entrypoints.cli.engine import render_negotiation_analysis
from accord.services.analysis import analyze_stored_negotiation

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    app.command("analyze")(analyze)


def analyze(
    negotiation_id: int = typer.Argument(..., help="Negotiation id."),
    plan: str = typer.Option(
        "boulware", help="Concession plan for the next offer: boulware, linear, conceder "
        "or tit-for-tat."),
    chart: Path | None = typer.Option(
        None, help="Write the outcome space (frontier, Nash point, offers) to this SVG file."),
) -> None:  # fmt: skip
    """Frontier, Nash point, ZOPA, counterpart style and advice for a stored negotiation."""
    accord = get_app()
    stored = analyze_stored_negotiation(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id, plan=plan
    )
    render_negotiation_analysis(console, stored.result)
    if chart is not None:
        result = stored.result
        write_outcome_space_svg(
            result.analysis, chart,
            our_offers=[p.index for p in result.our_offers],
            their_offers=[p.index for p in result.their_offers],
        )  # fmt: skip
        console.print(f"chart written to {chart}")
