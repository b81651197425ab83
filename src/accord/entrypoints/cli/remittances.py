"""``accord remit``: ingest X12 835 remittance files, list and show what payers paid."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from accord.domain.counts import counted
from accord.domain.remittance import dollars
from accord.entrypoints.cli.context import console, get_app
from accord.entrypoints.cli.ids import MAX_ID
from accord.entrypoints.cli.output import stderr_console
from accord.errors import ValidationError
from accord.services import remittance_views, remittances
from accord.services.remittances import FileOutcome, FileStatus

__all__ = ["register"]

remit_app = typer.Typer(
    help="Remittances (X12 835): what payers paid, claim by claim.", no_args_is_help=True
)

# Fewer files than this finish before a progress bar would be worth drawing.
_PROGRESS_FROM = 5


def register(app: typer.Typer) -> None:
    app.add_typer(remit_app, name="remit")


def _json(payload: Any) -> None:
    typer.echo(orjson.dumps(payload, option=orjson.OPT_INDENT_2, default=str).decode())


def _outcome_line(outcome: FileOutcome) -> str:
    if outcome.status is FileStatus.INGESTED:
        text = (
            f"ingested {outcome.name}: {counted(outcome.payments, 'payment')}, "
            f"{counted(outcome.claims, 'claim')}, {counted(outcome.lines, 'line')}, "
            f"${dollars(outcome.amount_cents)}"
        )
        return text + (f"; {outcome.message}" if outcome.message else "")
    if outcome.status is FileStatus.FAILED:
        return f"failed: {outcome.message}"  # the error names the file already
    return f"{outcome.name}: {outcome.message}"


@remit_app.command("ingest")
def ingest(
    paths: list[Path] = typer.Argument(..., help="835 files or directories of them."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Read 835 files into the store: each file all or nothing, nothing counted twice."""
    app = get_app()
    files = remittances.collect_remittance_paths(paths)
    out = stderr_console() if as_json else console

    def report(outcome: FileOutcome) -> None:
        if not as_json:
            out.print(_outcome_line(outcome), soft_wrap=True, highlight=False)

    if len(files) >= _PROGRESS_FROM:
        columns = (TextColumn("835 files"), BarColumn(), MofNCompleteColumn())
        with Progress(*columns, console=stderr_console(), transient=True) as bar:
            task = bar.add_task("ingest", total=len(files))

            def step(outcome: FileOutcome) -> None:
                bar.advance(task)
                report(outcome)

            summary = remittances.ingest_remittances(
                app.store.unit_of_work, app.remittance_reader, app.clock, files, progress=step
            )
    else:
        summary = remittances.ingest_remittances(
            app.store.unit_of_work, app.remittance_reader, app.clock, files, progress=report
        )
    _print_summary(summary, as_json=as_json)


def _print_summary(summary: remittances.IngestSummary, *, as_json: bool) -> None:
    failed = summary.count(FileStatus.FAILED)
    if as_json:
        _json(
            {
                "files": [
                    {
                        "name": o.name,
                        "status": o.status.value,
                        "payments": o.payments,
                        "claims": o.claims,
                        "lines": o.lines,
                        "amount": dollars(o.amount_cents),
                        "skipped_payments": o.skipped_payments,
                        "message": o.message,
                    }
                    for o in summary.files
                ],
                "ingested": summary.count(FileStatus.INGESTED),
                "already_ingested": summary.count(FileStatus.ALREADY_INGESTED),
                "failed": failed,
                "payments": summary.payments,
                "claims": summary.claims,
                "lines": summary.lines,
                "amount": dollars(summary.amount_cents),
            }
        )
    else:
        console.print(
            f"{counted(summary.count(FileStatus.INGESTED), 'file')} ingested, "
            f"{summary.count(FileStatus.ALREADY_INGESTED)} already ingested, {failed} failed: "
            f"{counted(summary.payments, 'payment')}, {counted(summary.claims, 'claim')}, "
            f"{counted(summary.lines, 'line')}, ${dollars(summary.amount_cents)}",
            soft_wrap=True,
            highlight=False,
        )
    if failed:
        raise ValidationError(f"{failed} of {len(summary.files)} files could not be ingested")


@remit_app.command("demo")
def demo(
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Load a year of synthetic DEMO remittances (three demo payers, one file a week)."""
    app = get_app()
    columns = (TextColumn("demo 835 files"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=stderr_console(), transient=True) as bar:
        task = bar.add_task("demo", total=None)
        summary = remittances.load_demo_remittances(
            app.store.unit_of_work, app.remittance_reader, app.clock, app.demo_remittances,
            progress=lambda _outcome: bar.advance(task),
        )  # fmt: skip
    _print_summary(summary, as_json=as_json)


@remit_app.command("list")
def list_(
    offset: int = typer.Option(0, min=0, max=MAX_ID, help="Skip this many payments."),
    limit: int = typer.Option(100, min=1, max=1000, help="Show at most this many."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List the stored payments, newest payment date first."""
    total, rows = remittances.list_remittances(
        get_app().store.unit_of_work, offset=offset, limit=limit
    )
    if as_json:
        _json({"total": total, "offset": offset, "items": [_row_json(r) for r in rows]})
        return
    table = Table(title=f"Remittance payments ({total})")
    for column in ("id", "paid on", "payer", "payee", "trace", "amount", "claims", "lines"):
        table.add_column(
            column, justify="right" if column in {"amount", "claims", "lines"} else "left"
        )
    for r in rows:
        table.add_row(
            str(r.id),
            str(r.payment_date or "—"),
            r.payer_name or "—",
            r.payee_name or "—",
            r.trace_number,
            f"${dollars(r.amount_cents)}",
            str(r.claim_count),
            str(r.line_count),
        )
    console.print(table)


def _row_json(r: remittances.RemittanceRow) -> dict[str, Any]:
    return {
        "id": r.id,
        "file": r.file_name,
        "trace_number": r.trace_number,
        "payer": r.payer_name,
        "payee": r.payee_name,
        "payment_date": r.payment_date,
        "amount": dollars(r.amount_cents),
        "claims": r.claim_count,
        "lines": r.line_count,
    }


@remit_app.command("claims")
def claims(
    claim: list[str] = typer.Option([], "--claim", "-c", help="Only this claim number (repeat)."),
    offset: int = typer.Option(0, min=0, max=MAX_ID, help="Skip this many rows."),
    limit: int = typer.Option(100, min=1, max=1000, help="Show at most this many."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Claims netted per payer over every stored remittance (reversals and corrections
    added up), by claim number."""
    total, rows = remittances.net_claims(
        get_app().store.unit_of_work, claim_numbers=claim or None, offset=offset, limit=limit
    )
    if as_json:
        _json({"total": total, "offset": offset,
               "items": [remittance_views.net_claim_json(n) for n in rows]})  # fmt: skip
        return
    table = Table(title=f"Claims netted ({total})")
    for column in ("claim", "payer", "entries", "reversals", "charge", "paid", "patient owes"):
        table.add_column(column, justify="left" if column in {"claim", "payer"} else "right")
    for n in rows:
        table.add_row(n.claim_number, n.payer_name or "—", str(n.occurrences),
                      str(n.reversals), f"${dollars(n.charge_cents)}",
                      f"${dollars(n.paid_cents)}",
                      f"${dollars(n.patient_responsibility_cents)}")  # fmt: skip
    console.print(table)


@remit_app.command("show")
def show(
    payment_id: int = typer.Argument(
        ..., min=1, max=MAX_ID, help="Payment id (from `accord remit list`)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
) -> None:
    """Show one payment: its claims, service lines, adjustments and PLB adjustments."""
    detail = remittances.show_remittance(get_app().store.unit_of_work, payment_id)
    payment = detail.payment
    if as_json:
        _json(remittance_views.detail_json(detail))
        return
    console.print(
        f"payment {detail.row.id}: ${dollars(payment.amount_cents)} from "
        f"{payment.payer_name or '—'} to {payment.payee_name or '—'}, trace "
        f"{payment.trace_number}, paid on {payment.payment_date or '—'} "
        f"(file {detail.row.file_name})",
        soft_wrap=True,
        highlight=False,
    )
    claims = Table(title="Claims and service lines")
    for column in ("claim", "status", "code", "units", "charge", "allowed", "paid", "adjustments"):
        claims.add_column(column)
    for claim in payment.claims:
        adjustments = ", ".join(
            f"{a.group}-{a.reason} {dollars(a.amount_cents)}" for a in claim.adjustments
        )
        claims.add_row(claim.claim_number, claim.status, "", "",
                       dollars(claim.charge_cents), "", dollars(claim.paid_cents),
                       adjustments)  # fmt: skip
        for line in claim.lines:
            code = ":".join((line.code, *line.modifiers))
            adjustments = ", ".join(
                f"{a.group}-{a.reason} {dollars(a.amount_cents)}" for a in line.adjustments
            )
            claims.add_row("", "", code, str(line.units or ""),
                           dollars(line.charge_cents),
                           "" if line.allowed_cents is None else dollars(line.allowed_cents),
                           dollars(line.paid_cents), adjustments)  # fmt: skip
    console.print(claims)
    for plb in payment.provider_adjustments:
        console.print(
            f"provider adjustment {plb.reason}: {dollars(plb.amount_cents)} "
                   f"(a positive amount lowers the payment)",
            highlight=False,
        )  # fmt: skip
    for net in detail.netted:
        if net.occurrences > 1:
            console.print(
                f"claim {net.claim_number}: {net.occurrences} entries in all remittances "
                       f"({counted(net.reversals, 'reversal')}) net to paid "
                       f"${dollars(net.paid_cents)}",
                highlight=False,
            )  # fmt: skip
