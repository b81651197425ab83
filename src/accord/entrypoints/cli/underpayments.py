"""``accord underpayments``: stored service lines paid below their contract, and the
worklist status of each (new, appealed, recovered, written off)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import typer

from accord.domain.counts import counted
from accord.domain.economics.underpayments import Tolerance
from accord.entrypoints.cli.context import console, get_app
from accord.entrypoints.cli.output import print_json, record_table
from accord.errors import ValidationError
from accord.services import economics_views
from accord.services import underpayment_worklist as worklist_service
from accord.services.economics_ports import UnderpaidGroupKey

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
    line_ids: bool = typer.Option(
        False, "--line-ids", help="Also list each row's service line ids (slow for a year)."
    ),
) -> None:
    """List underpaid lines by payer, code, reason and status, largest amount first."""
    if ctx.invoked_subcommand is not None:
        return
    chosen = None if status is None else worklist_service.parse_status(status, field="--status")
    tolerance = _tolerance(dollars, percent)
    app = get_app()
    w = worklist_service.underpayment_worklist(
        app.store.unit_of_work, app.medicare_prices, start=_day(start, "--from"),
        end=_day(end, "--to"), payer=payer, tolerance=tolerance, status=chosen,
        line_ids=line_ids,
    )  # fmt: skip
    if as_json:
        print_json(economics_views.worklist_json(w, line_ids=line_ids))
        return
    console.print(
        f"{counted(w.lines, 'service line')}, {w.priced:,} priced by a contract: expected "
        f"${w.expected:,.2f}, allowed ${w.allowed:,.2f}; open underpayments ${w.at_stake:,.2f}",
        soft_wrap=True, highlight=False, markup=False,
    )  # fmt: skip
    for why, n in sorted(w.unpriced.items()):
        console.print(f"not priced: {counted(n, 'line')}, {why}", soft_wrap=True, highlight=False)
    for line in w.medicare_localities:
        console.print(f"Medicare amounts: {line}", soft_wrap=True, highlight=False, markup=False)
    columns = ["payer", "code", "reason", "status", "lines", "at stake"]
    table = record_table("Underpayments", columns + (["line ids"] if line_ids else []),
                         right=["lines", "at stake"])  # fmt: skip
    for g in w.groups:
        ids = ",".join(g.group.line_ids)
        row = [g.group.payer, g.group.code, g.group.label, g.status.value, str(g.group.lines),
               f"${g.group.amount_at_stake:,.2f}"]  # fmt: skip
        table.add_row(*row, *([ids if len(ids) <= 60 else ids[:57] + "..."] if line_ids else []))
    console.print(table)


def _tolerance(dollars: str, percent: str) -> Tolerance:
    return Tolerance(_decimal(dollars, "--tolerance-dollars"),
                     _decimal(percent, "--tolerance-percent"))  # fmt: skip


@underpayments_app.command("mark")
def mark(
    status: str = typer.Argument(..., help="new, appealed, recovered or written-off."),
    line_ids: list[int] | None = typer.Argument(
        None, help="Service line ids (from --line-ids); or name a row with --payer/--code/--reason."
    ),
    payer: str | None = typer.Option(None, "--payer", help="The row's payer (its 835 name)."),
    code: str | None = typer.Option(None, "--code", help="The row's procedure code."),
    reason: str | None = typer.Option(None, "--reason", help="The row's reason, e.g. CO-45."),
    current: str = typer.Option("new", "--status", help="The row's status now."),
    start: str | None = typer.Option(None, "--from", help="The row's first date (YYYY-MM-DD)."),
    end: str | None = typer.Option(None, "--to", help="The row's last date (YYYY-MM-DD)."),
    dollars: str = typer.Option("1.00", "--tolerance-dollars", help="The row's tolerance."),
    percent: str = typer.Option("2", "--tolerance-percent", help="…and its % of expected."),
) -> None:
    """Set the worklist status of a whole row (--payer, --code, --reason and its --status
    now, over --from/--to) or of chosen lines (their ids)."""
    app = get_app()
    by_row = payer is not None or code is not None or reason is not None
    if by_row == bool(line_ids):
        raise ValidationError("expected either line ids or a row's --payer, --code and "
                              "--reason, not both", field="line_ids")  # fmt: skip
    if line_ids:
        n = worklist_service.mark_underpayments(app.store.unit_of_work, app.clock, line_ids, status)
    else:
        key = UnderpaidGroupKey(payer or "", code or "", reason or "", current)
        n = worklist_service.mark_underpayment_group(
            app.store.unit_of_work, app.medicare_prices, app.clock, key, status,
            start=_day(start, "--from"), end=_day(end, "--to"),
            tolerance=_tolerance(dollars, percent),
        )  # fmt: skip
    console.print(
        f"marked {counted(n, 'line')} {status}", soft_wrap=True, highlight=False, markup=False
    )


@underpayments_app.command("labels")
def labels(
    path: Path = typer.Argument(..., help="CSV or XLSX with list, code, meaning columns."),
) -> None:
    """Import the CARC/RARC labels shown on the worklist (replaces those stored)."""
    app = get_app()
    n = worklist_service.import_code_labels(app.store.unit_of_work, app.reference_tables, path)
    console.print(
        f"stored {counted(n, 'code label')} from {path!s}", soft_wrap=True, highlight=False
    )
