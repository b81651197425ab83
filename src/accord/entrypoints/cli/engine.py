"""CLI commands of the engine: scenarios, analyze-scenario, tournament, price-targets;
``rehearse`` is in :mod:`accord.entrypoints.cli.rehearse`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from accord.entrypoints.cli.engine_render import (
    render_negotiation_analysis,
    render_scenario_analysis,
)
from accord.entrypoints.cli.output import (
    JSON_OPTION,
    line,
    print_json,
    record_table,
    stdout_console,
)
from accord.entrypoints.cli.rehearse import rehearse_cmd
from accord.errors import ValidationError
from accord.services.plain_data import plain_data

__all__ = ["register", "render_negotiation_analysis", "render_scenario_analysis"]


def register(app: typer.Typer) -> None:
    """Add this group's commands to the ``accord`` application."""
    app.command("scenarios")(scenarios)
    app.command("analyze-scenario")(analyze_scenario_cmd)
    app.command("rehearse")(rehearse_cmd)
    app.command("tournament")(tournament_cmd)
    app.command("price-targets")(price_targets_cmd)


def scenarios(as_json: bool = JSON_OPTION) -> None:
    """List the built-in healthcare scenarios."""
    from accord.entrypoints.cli.context import get_app

    library = get_app(database=False).scenarios
    rows: list[dict[str, Any]] = [
        {"name": sc.name, "ours": sc.our_label, "theirs": sc.their_label,
         "terms": list(sc.space.names), "packages": sc.space.cardinality}
        for sc in (library.builtin(name) for name in library.names())
    ]  # fmt: skip
    if as_json:
        print_json(rows)
        return
    table = record_table("Built-in scenarios", ["name", "sides", "terms", "packages"])
    for row in rows:
        table.add_row(row["name"], f"{row['ours']} vs {row['theirs']}",
                      ", ".join(row["terms"]), f"{row['packages']:,}")  # fmt: skip
    stdout_console().print(table)


def analyze_scenario_cmd(
    scenario: str = typer.Argument(..., help="Built-in name, scenario file or Genius folder."),
    chart: Path | None = typer.Option(None, "--chart", help="Write the outcome-space SVG here."),
    mesos: int = typer.Option(3, "--mesos", min=1, max=10, help="How many MESO packages."),
    as_json: bool = JSON_OPTION,
) -> None:
    """ZOPA, Pareto frontier, Nash / Kalai–Smorodinsky / max-welfare points and MESOs."""
    from accord.domain.engine.analysis import analyze
    from accord.entrypoints.cli.context import get_app
    from accord.services.rehearsal import resolve_scenario

    accord = get_app(database=False)
    sc = resolve_scenario(accord.scenarios, scenario)
    an = analyze(sc, meso_count=mesos)
    out = stdout_console()
    if chart is not None:  # first: a bad destination is refused before any output
        accord.charts.write_svg(chart, accord.charts.outcome_space_svg(an))
    if as_json:
        from accord.services.analysis_data import scenario_analysis_data

        print_json({"name": sc.name, "ours": sc.our_label, "theirs": sc.their_label,
                    **scenario_analysis_data(an)})  # fmt: skip
        return
    out.print(line((sc.name, "bold"), f" — {sc.our_label} (us) vs {sc.their_label} (them)"))
    if sc.description:
        out.print(sc.description.strip())
    render_scenario_analysis(out, an)
    if chart is not None:
        out.print(f"chart written to {chart}")


def tournament_cmd(
    scenarios: list[str] = typer.Argument(
        None, help="Scenarios (built-in names, files, Genius folders); default: all built-ins."
    ),
    agents: str = typer.Option(
        "hardball,conceder,linear,tit-for-tat,win-win", "--agents", help="Comma-separated styles."
    ),
    rounds: int | None = typer.Option(None, "--rounds", min=1, help="Deadline in rounds."),
    seconds: float | None = typer.Option(
        None, "--seconds", min=0.001, help="Also end each negotiation after this many seconds."
    ),
    csv_path: Path | None = typer.Option(None, "--csv", help="Write one row per game here."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Play every agent against every agent on the scenarios; report per-agent averages.

    Columns: games played, agreement rate, mean rounds, own and opponent utility,
    welfare (sum of both), distance of the result to the Pareto frontier and to the
    Nash point (a failed negotiation counts as both sides' reservation values).
    """
    from accord.entrypoints.cli.context import get_app
    from accord.services.tournament import play_tournament, write_games_csv

    library = get_app(database=False).scenarios
    refs = scenarios or library.names()
    styles = [s.strip() for s in agents.split(",") if s.strip()]
    result = play_tournament(library, refs, styles, rounds=rounds, seconds=seconds)
    if as_json:
        print_json(plain_data(result.summary))
    numbers = ["games", "agreed", "rounds", "own", "opp.", "welfare", "d Pareto", "d Nash"]
    table = record_table(
        f"Tournament: {len(result.games)} negotiations on {len(refs)} scenarios",
        ["agent", *numbers], right=numbers,
    )  # fmt: skip
    for a in result.summary:
        table.add_row(
            a.agent,
            str(a.games),
            f"{a.agreement_rate:.0%}",
            f"{a.rounds:.1f}",
            f"{a.own_utility:.3f}",
            f"{a.opponent_utility:.3f}",
            f"{a.welfare:.3f}",
            f"{a.distance_pareto:.3f}",
            f"{a.distance_nash:.3f}",
        )
    if csv_path is not None:
        write_games_csv(result, csv_path)
    if as_json:
        return
    stdout_console().print(table)
    if csv_path is not None:
        stdout_console().print(f"games written to {csv_path}")


def price_targets_cmd(
    side: str = typer.Option(
        ..., "--side", help="'receive' (a provider's rate) or 'pay' (a payer's price)."
    ),
    cost: float | None = typer.Option(None, "--cost", help="Our cost per unit."),
    batna: float | None = typer.Option(None, "--batna", help="The price of our best alternative."),
    p25: float | None = typer.Option(None, "--p25", help="Market 25th percentile."),
    p50: float | None = typer.Option(None, "--p50", help="Market median."),
    p75: float | None = typer.Option(None, "--p75", help="Market 75th percentile."),
    medicare: float | None = typer.Option(None, "--medicare", help="Medicare amount."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Opening, target and walk-away for a price from cost, BATNA and market percentiles."""
    from accord.domain.engine.advice import price_targets
    from accord.domain.market.benchmark import Benchmark

    if side not in ("receive", "pay"):
        raise ValidationError("choose 'receive' or 'pay'", field="--side")
    given = [x for x in (p25, p50, p75) if x is not None]
    if given and len(given) != 3:
        raise ValidationError("give all three of --p25, --p50 and --p75", field="--p50")
    bench = None
    if p25 is not None and p50 is not None and p75 is not None:
        bench = Benchmark(p25, p50, p75, medicare)
    t = price_targets(higher_better=side == "receive", cost=cost, batna=batna, benchmark=bench)
    if as_json:
        print_json(
            {
                name: {"value": rec.value, "reason": rec.reason}
                for name, rec in (
                    ("opening", t.opening),
                    ("target", t.target),
                    ("walk_away", t.walk_away),
                )
            }
        )
        return
    table = record_table("Price targets", ["", "price", "why"])
    for label, rec in (("opening", t.opening), ("target", t.target), ("walk away", t.walk_away)):
        table.add_row(label, f"{rec.value:,.2f}", rec.reason)
    stdout_console().print(table)
