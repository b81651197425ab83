"""Database and data commands: init, migrate, demo, brief, export, import, settings."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from accord.config import Settings, load_settings
from accord.domain.counts import counted
from accord.entrypoints.cli.context import console, get_app
from accord.entrypoints.cli.demo_note import demo_economics_note, demo_market_note
from accord.entrypoints.cli.ids import MAX_ID, NEGOTIATION_ID
from accord.entrypoints.cli.medicare_table import medicare_table
from accord.entrypoints.cli.money_render import render_brief_money
from accord.entrypoints.cli.output import JSON_OPTION, print_json, record_table, stderr_console
from accord.entrypoints.cli.render import brief_panel
from accord.services import briefs, demo, transfer
from accord.services.benchmarks import benchmark_negotiation
from accord.services.brief_data import brief_data
from accord.services.demo_economics import load_demo_economics
from accord.services.demo_market import load_demo_market
from accord.services.market import MarketBenchmarkSource
from accord.services.package_money import package_pricer
from accord.services.plain_data import plain_data

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("migrate")(migrate)
    app.command("demo")(load_demo)
    app.command("brief")(brief)
    app.command("export")(export)
    app.command("import")(import_)
    app.command("settings")(settings)


def init() -> None:
    """Create the database (SQLite in your data directory by default) and its schema."""
    accord = get_app()
    console.print(f"database ready: {accord.store.display_url} ({accord.store.dialect})")


def migrate() -> None:
    """Bring the database schema up to date (safe to run at any time)."""
    accord = get_app()  # bootstrap migrates; report where the schema stands
    before, after = accord.store.migrate()
    console.print(f"schema at revision {after} (was {before or 'empty'})")


def load_demo(
    reset: bool = typer.Option(False, "--reset", help="Delete the demo negotiations and reload."),
) -> None:
    """Load two demo negotiations (clearly marked [DEMO]) and print their briefs.

    An out-of-network skilled-nursing single case agreement, and a physical-therapy
    practice renegotiating a commercial payer's rates.
    """
    accord = get_app()
    ids = demo.load_demo(accord.store.unit_of_work, accord.clock.now(), reset=reset)
    demo_market_note(load_demo_market(accord.market, accord.reference_files))
    demo_economics_note(
        load_demo_economics(
            accord.store.unit_of_work, accord.remittance_reader, accord.clock,
            accord.demo_remittances,
        )
    )  # fmt: skip
    for negotiation_id in ids:
        console.print(
            brief_panel(
                briefs.prepare_brief(
                    accord.store.unit_of_work(), accord.clock.now(), negotiation_id
                )
            ),
            soft_wrap=False,  # inside the panel, lines wrap rather than lose their ends
        )
    console.print(
        f"Demo data in {accord.store.display_url}. Next: `accord negotiation list`, "
        f"`accord brief {ids[0]}`, `accord --help`."
    )


def brief(negotiation_id: int = NEGOTIATION_ID, as_json: bool = JSON_OPTION) -> None:
    """Print a one-screen brief: stage, terms, last offers, follow-ups, relationship, signals."""
    accord = get_app()
    prepared = briefs.prepare_brief(accord.store.unit_of_work(), accord.clock.now(), negotiation_id)
    with MarketBenchmarkSource(accord.market) as market:
        rows = benchmark_negotiation(accord.store.unit_of_work(), negotiation_id, market)
        pricer = package_pricer(accord.store.unit_of_work(), negotiation_id, market)
    if as_json:
        print_json(brief_data(prepared, pricer))
        return
    # Inside the panel, long lines wrap (even in a pipe) rather than lose their ends.
    console.print(brief_panel(prepared), soft_wrap=False)
    render_brief_money(console, pricer)
    if (table := medicare_table(rows)) is not None:
        console.print(table)


def export(
    path: Path = typer.Argument(..., help="File to write (JSON archive).", dir_okay=False),
    negotiation_id: int | None = typer.Option(
        None,
        "--negotiation",
        "-n",
        min=1,
        max=MAX_ID,
        help="Export one negotiation (default: everything).",
    ),
) -> None:
    """Export the whole database, or one negotiation, to a lossless JSON archive."""
    accord = get_app()
    count = transfer.export_archive(
        accord.store.unit_of_work(), accord.archives, accord.clock.now(), path, negotiation_id
    )
    console.print(f"wrote {counted(count, 'negotiation')} to {path}")


def import_(
    path: Path = typer.Argument(
        ..., help="Archive written by `accord export`.", exists=True, dir_okay=False
    ),
    replace: bool = typer.Option(
        False, "--replace", help="Overwrite negotiations that exist already (same uid)."
    ),
) -> None:
    """Import an archive in one transaction: all of it lands, or none of it."""
    accord = get_app()
    with Progress(
        TextColumn("importing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=stderr_console(), transient=True,
    ) as progress:  # fmt: skip
        task = progress.add_task("import", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        result = transfer.import_archive(
            accord.store.unit_of_work(), accord.archives, path, replace=replace, progress=advance
        )
    console.print(
        f"imported {counted(result.negotiations_imported, 'negotiation')} "
        f"({result.negotiations_replaced} replaced); organisations: "
        f"{result.organisations_created} new, {result.organisations_matched} matched by name; "
        f"contacts: {result.contacts_created} new"
    )


def settings(as_json: bool = JSON_OPTION) -> None:
    """Show every setting, its environment variable, default and current value."""
    current = load_settings()
    rows = [
        {**row, "current": getattr(current, row["env"].removeprefix("ACCORD_").lower())}
        for row in Settings.describe()
    ]
    if as_json:
        print_json(plain_data(rows))
        return
    table = record_table("Settings", ["variable", "current", "default", "description"])
    for row in rows:
        table.add_row(row["env"], str(row["current"]), str(row["default"]), row["description"])
    console.print(table)
