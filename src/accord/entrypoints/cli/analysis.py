"""``accord analyze ID`` and ``accord benchmark ID``: the engine and the market on a
stored negotiation."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from accord.domain.term_labels import term_label
from accord.entrypoints.cli.context import console, get_app
from accord.entrypoints.cli.engine import render_negotiation_analysis
from accord.entrypoints.cli.ids import NEGOTIATION_ID
from accord.entrypoints.cli.money_render import render_medicare_notes
from accord.entrypoints.cli.output import JSON_OPTION, print_json, record_table, styled
from accord.services.analysis import analyze_stored_negotiation
from accord.services.analysis_data import negotiation_analysis_data
from accord.services.negotiations import get_negotiation
from accord.services.package_money import market_pricer

if TYPE_CHECKING:
    from accord.services.benchmarks import TermBenchmark

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    app.command("analyze")(analyze)
    app.command("benchmark")(benchmark)


def analyze(
    negotiation_id: int = NEGOTIATION_ID,
    plan: str = typer.Option(
        "boulware", help="Concession plan for the next offer: boulware, linear, conceder "
        "or tit-for-tat."),
    chart: Path | None = typer.Option(
        None, help="Write the outcome space (frontier, Nash point, offers) to this SVG file."),
    as_json: bool = JSON_OPTION,
) -> None:  # fmt: skip
    """Frontier, Nash point, ZOPA, counterpart style and advice for a stored negotiation."""
    accord = get_app()
    stored = analyze_stored_negotiation(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id, plan=plan
    )
    if chart is not None:  # first: a bad destination is refused before any output
        result = stored.result
        svg = accord.charts.outcome_space_svg(
            result.analysis,
            our_offers=[p.index for p in result.our_offers],
            their_offers=[p.index for p in result.their_offers],
        )
        accord.charts.write_svg(chart, svg)
    pricer = market_pricer(accord.store.unit_of_work(), negotiation_id, accord.market)
    if as_json:
        print_json(negotiation_analysis_data(stored.result, stored.situation, pricer))
        return
    render_negotiation_analysis(console, stored.result, stored.situation, pricer)
    if chart is not None:
        console.print(f"chart written to {chart}")


def _benchmark_data(row: TermBenchmark) -> dict[str, Any]:
    """One row in the shape of the API's ``TermBenchmarkPublic``."""
    bench, targets = row.benchmark, row.targets
    target = row.term.target
    our_target = None if isinstance(target, bool) or not isinstance(target, float | int) else target

    def rec(name: str) -> dict[str, Any] | None:
        if targets is None:
            return None
        r = getattr(targets, name)
        return {"value": r.value, "reason": r.reason}

    return {
        "term": row.term.name, "label": term_label(row.term),
        "billing_code": row.term.billing_code or "", "region": row.region,
        "p25": bench.p25 if bench else None, "p50": bench.p50 if bench else None,
        "p75": bench.p75 if bench else None, "medicare": bench.medicare if bench else None,
        "source": bench.source if bench else None, "their_latest": row.their_latest,
        "their_latest_pct_medicare": row.pct_medicare(row.their_latest),
        "our_target": our_target, "our_target_pct_medicare": row.pct_medicare(our_target),
        "opening": rec("opening"), "target": rec("target"), "walk_away": rec("walk_away"),
    }  # fmt: skip


def benchmark(
    negotiation_id: int = NEGOTIATION_ID,
    market_dir: Path | None = typer.Option(
        None, help="Market dataset (default: the market directory of your settings)."),
    as_json: bool = JSON_OPTION,
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
    if as_json:
        print_json([_benchmark_data(row) for row in rows])
        return
    if not rows:
        console.print("no term prices a billing code: add one with `accord term add ... --code`")
        render_medicare_notes(
            console, get_negotiation(accord.store.unit_of_work(), negotiation_id).terms
        )
        return
    table = record_table(
        f"Market benchmarks for negotiation {negotiation_id}",
        ["term", "code", "region", "P25", "P50", "P75", "Medicare", "theirs", "our target",
         "recommended open / target / walk-away"],
    )  # fmt: skip

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
    console.print(styled("(n%) = percent of the Medicare amount for the region's locality", "dim"))
