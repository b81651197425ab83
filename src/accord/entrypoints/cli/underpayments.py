"""``accord underpayments``: stored service lines paid below their contract, and the
worklist status of each (new, appealed, recovered, written off)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import typer

from accord.domain.economics.underpayments import Tolerance, WorklistStatus
from accord.entrypoints.cli.context import console, get_app
from accord.entrypoints.cli.output import print_json, record_table
from accord.errors import ValidationError
from accord.services import economics_views
from accord.services import underpayment_worklist as worklist_service

__all__ = ["register"]

underpayments_app = typer.Typer(
    help="Underpayments: service lines allowed below their contract, as a worklist.",
    invoke_without_command=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(underpayments_app, name="underpayments")


def _day(value: str | None, what: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValidationError(f"expected a date YYYY-MM-DD, found {value!r}", field=what) from exc


def _decimal(value: str, what: str) -> Decimal:
    try:
        return Decimal(value.strip().lstrip("$").rstrip("%"))
    except ArithmeticError as exc:
        raise ValidationError(f"expected a number, found {value!r}", field=what) from exc


@underpayments_app.callback()
def worklist(
    ctx: typer.Context,
    start: str | None = typer.Option(None, "--from", help="First date of service (YYYY-MM-DD)."),
    end: str | None = typer.Option(None, "--to", help="Last date of service (YYYY-MM-DD)."),
    payer: str | None = typer.Option(None, "--payer", help="Only this payer (its 835 name)."),
    status: str | None = typer.Option(
        None, "--status", help="Only this status: new, appealed, recovered or written off."
    ),
    dollars: str = typer.Option(
        "1.00", "--tolerance-dollars", help="Ignore shortfalls up to this."
    ),
    percent: str = typer.Option("2", "--tolerance-percent", help="…and up to this % of expected."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List underpaid lines by payer, code, reason and status, largest amount first."""
    if ctx.invoked_subcommand is not None:
        return
    chosen = None
    if status is not None:
        try:
            chosen = WorklistStatus(status.strip().lower().replace("-", " ").replace("_", " "))
        except ValueError as exc:
            raise ValidationError(f"expected new, appealed, recovered or written off, found "
                                  f"{status!r}", field="--status") from exc  # fmt: skip
    tolerance = Tolerance(_decimal(dollars, "--tolerance-dollars"),
                          _decimal(percent, "--tolerance-percent"))  # fmt: skip
    app = get_app()
    w = worklist_service.underpayment_worklist(
        app.store.unit_of_work, app.medicare_prices, start=_day(start, "--from"),
        end=_day(end, "--to"), payer=payer, tolerance=tolerance, status=chosen,
    )  # fmt: skip
    if as_json:
        print_json(economics_views.worklist_json(w))
        return
    console.print(
        f"{w.lines} service line(s), {w.priced} priced by a contract: expected "
        f"${w.expected:,.2f}, allowed ${w.allowed:,.2f}; open underpayments ${w.at_stake:,.2f}",
        soft_wrap=True, highlight=False, markup=False,
    )  # fmt: skip
    for why, n in sorted(w.unpriced.items()):
        console.print(f"not priced: {n} line(s), {why}", soft_wrap=True, highlight=False)
    table = record_table(
        "Underpayments", ["payer", "code", "reason", "status", "lines", "at stake", "line ids"],
        right=["lines", "at stake"],
    )  # fmt: skip
    for g in w.groups:
        ids = ",".join(g.group.line_ids)
        table.add_row(g.group.payer, g.group.code, g.group.label, g.status.value,
                      str(len(g.group.line_ids)), f"${g.group.amount_at_stake:,.2f}",
                      ids if len(ids) <= 60 else ids[:57] + "...")  # fmt: skip
    console.print(table)


@underpayments_app.command("mark")
def mark(
    status: str = typer.Argument(..., help="new, appealed, recovered or written-off."),
    line_ids: list[int] = typer.Argument(..., help="Service line ids (from --json or the page)."),
) -> None:
    """Set the worklist status of underpaid lines."""
    app = get_app()
    n = worklist_service.mark_underpayments(app.store.unit_of_work, app.clock, line_ids, status)
    console.print(f"marked {n} line(s) {status}", soft_wrap=True, highlight=False, markup=False)


@underpayments_app.command("labels")
def labels(
    path: Path = typer.Argument(..., help="CSV or XLSX with list, code, meaning columns."),
) -> None:
    """Import the CARC/RARC labels shown on the worklist (replaces those stored)."""
    app = get_app()
    n = worklist_service.import_code_labels(app.store.unit_of_work, app.reference_tables, path)
    console.print(f"stored {n} code label(s) from {path!s}", soft_wrap=True, highlight=False)
