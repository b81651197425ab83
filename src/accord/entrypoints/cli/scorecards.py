"""``accord payer scorecard``: each payer's revenue, speed, denials and underpayments."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from accord.entrypoints.cli.context import console, get_app
from accord.entrypoints.cli.output import print_json, record_table
from accord.errors import ValidationError
from accord.services import economics_views, scorecard_exports, scorecards

__all__ = ["register"]

payer_app = typer.Typer(help="Payers as the practice's remittances show them.",
                        no_args_is_help=True)  # fmt: skip


def register(app: typer.Typer) -> None:
    app.add_typer(payer_app, name="payer")


def _day(value: str | None, what: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValidationError(f"expected a date YYYY-MM-DD, found {value!r}", field=what) from exc


@payer_app.command("scorecard")
def scorecard(
    start: str | None = typer.Option(None, "--from", help="First date of service (YYYY-MM-DD)."),
    end: str | None = typer.Option(None, "--to", help="Last date of service (YYYY-MM-DD)."),
    csv_path: Path | None = typer.Option(None, "--csv", help="Also write the scorecard as CSV."),
    xlsx_path: Path | None = typer.Option(
        None, "--xlsx", help="Also write the scorecard as an Excel workbook (payers and codes)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Rank payers by what they pay per unit (lowest first), with revenue, visits, days
    to pay, denial rate, open underpayments and patient share."""
    app = get_app()
    card = scorecards.payer_scorecard(
        app.store.unit_of_work, app.medicare_prices, start=_day(start, "--from"),
        end=_day(end, "--to"),
    )  # fmt: skip
    if csv_path is not None:
        scorecards.export_scorecard_csv(app.document_files, csv_path, card)
    if xlsx_path is not None:
        scorecard_exports.export_scorecard_xlsx(app.document_files, app.workbooks, xlsx_path, card)
    if as_json:
        print_json(economics_views.scorecard_json(card))
        return
    table = record_table(
        "Payer scorecard (lowest paid per unit first)",
        ["#", "payer", "revenue", "visits", "per visit", "per unit", "% Medicare",
         "days to pay", "denied %", "underpaid", "patient %"],
        right=["#", "revenue", "visits", "per visit", "per unit", "% Medicare", "days to pay",
               "denied %", "underpaid", "patient %"],
    )  # fmt: skip
    for r in scorecards.scorecard_rows(card):
        table.add_row(r["rank"], r["payer"], f"${r['revenue']}", r["visits"],
                      f"${r['paid_per_visit']}" if r["paid_per_visit"] else "—",
                      f"${r['paid_per_unit']}" if r["paid_per_unit"] else "—",
                      r["percent_of_medicare"] or "—", r["median_days_to_pay"] or "—",
                      r["denial_rate_percent"] or "—", f"${r['underpaid_open']}",
                      r["patient_share_percent"] or "—")  # fmt: skip
    console.print(table)
    for line in card.medicare_localities:
        console.print(f"Medicare amounts: {line}", soft_wrap=True, highlight=False, markup=False)
    for written in (csv_path, xlsx_path):
        if written is not None:
            console.print(f"wrote {written!s}", soft_wrap=True, highlight=False, markup=False)
