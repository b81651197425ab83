"""``accord analyze ID`` and ``accord benchmark ID``: the engine and the market on a
stored negotiation."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from accord.entrypoints.cli.context import console, get_app
from accord.entrypoints.cli.engine import render_negotiation_analysis
from accord.services.analysis import analyze_stored_negotiation

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    app.command("analyze")(analyze)
    app.command("benchmark")(benchmark)


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
        svg = accord.charts.outcome_space_svg(
            result.analysis,
            our_offers=[p.index for p in result.our_offers],
            their_offers=[p.index for p in result.their_offers],
        )
        accord.charts.write_svg(chart, svg)
        console.print(f"chart written to {chart}")


def benchmark(
    negotiation_id: int = typer.Argument(..., help="Negotiation id."),
    market_dir: Path | None = typer.Option(
        None, help="Market dataset (default: the market directory of your settings)."),
) -> None:  # fmt: skip
    """Each rate term against the market (P25/P50/P75, % of Medicare) with recommended
    opening, target and walk-away. Load market data first with `accord market`."""
    from accord.domain.market.benchmark import percent_of_medicare
    from accord.services.benchmarks import benchmark_negotiation
    from accord.services.market import MarketBenchmarkSource

    accord = get_app()
    if market_dir is not None:
        accord = accord.with_market_dir(market_dir)
    with MarketBenchmarkSource(accord.market) as source:
        rows = benchmark_negotiation(accord.store.unit_of_work(), negotiation_id, source)
    if not rows:
        console.print("no term prices a billing code: add one with `accord term add ... --code`")
        return
    table = Table(title=f"Market benchmarks for negotiation {negotiation_id}")
    for column in ("term", "code", "region", "P25", "P50", "P75", "Medicare", "theirs",
                   "our target", "recommended open / target / walk-away"):  # fmt: skip
        table.add_column(column)

    def money(value: float | None, base: float | None = None) -> str:
        if value is None:
            return "—"
        pct = percent_of_medicare(value, base)
        return f"${value:,.2f}" + (f" ({pct:.0f}%)" if pct is not None else "")

    for row in rows:
        bench, medicare, target = row.benchmark, row.medicare, row.our_target
        advice = "no market data for this code and region"
        if row.targets is not None:
            t = row.targets
            advice = (
                f"{money(t.opening.value)} / {money(t.target.value)} / {money(t.walk_away.value)}"
            )
        table.add_row(
            row.term.name, row.term.billing_code or "", row.region or "national",
            money(bench.p25 if bench else None), money(bench.p50 if bench else None),
            money(bench.p75 if bench else None), money(medicare),
            money(row.their_latest, medicare), money(target, medicare), advice,
        )  # fmt: skip
    console.print(table)
    console.print("[dim](n%) = percent of the Medicare amount for the region's locality[/]")
