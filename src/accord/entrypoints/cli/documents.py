"""``accord doc``: the proposal letter, single case agreement, brief or savings report
as DOCX or PDF, written to a file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import typer

from accord.domain.documents import DocumentKind
from accord.domain.input_text import parse_date
from accord.entrypoints.cli import document_templates
from accord.entrypoints.cli.context import console, get_app
from accord.entrypoints.cli.ids import MAX_ID
from accord.errors import ValidationError
from accord.services import documents, scorecard_report

__all__ = ["register"]


doc_app = typer.Typer(
    help="Documents from the record (DOCX or PDF) and the organisation's templates.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    for kind in DocumentKind:
        if kind is DocumentKind.SCORECARD:
            continue  # a period, not a negotiation: its own command below
        help_text = (
            f"Write the {kind.label} as DOCX or PDF, made from the record. The file is "
            "written under a temporary name and renamed when complete; an existing file "
            "is kept unless --force is given."
        )
        doc_app.command(kind.value, help=help_text)(_command(kind))
    doc_app.command("scorecard")(scorecard)
    document_templates.register(doc_app)
    app.add_typer(doc_app, name="doc")


def _command(kind: DocumentKind) -> Callable[..., None]:
    """``accord doc KIND ID``: one subcommand per document kind, the same options."""

    def command(
        negotiation_id: int | None = typer.Argument(
            None, min=1, max=MAX_ID,
            help="Negotiation id (the savings report may use --from/--to instead)."),
        fmt: documents.DocumentFormat = typer.Option(
            documents.DocumentFormat.PDF, "--format", help="docx (editable) or pdf (to send)."),
        output: Path | None = typer.Option(
            None, "-o", "--output", help="File to write (default: a name like "
            "accord-proposal-7-2026-12-06.pdf in the current folder)."),
        force: bool = typer.Option(False, "--force", help="Replace the file if it exists."),
        patient_name: str | None = typer.Option(
            None, "--patient-name", help="Print this patient name in the agreement only; "
            "it is never stored."),
        date_from: str | None = typer.Option(
            None, "--from", help="Savings report: first effective date, YYYY-MM-DD."),
        date_to: str | None = typer.Option(
            None, "--to", help="Savings report: last effective date, YYYY-MM-DD."),
        sent: bool = typer.Option(
            False, "--sent", help="Proposal or agreement: log it as a letter sent to them."),
        as_json: bool = typer.Option(False, "--json", help="Print what was written as JSON."),
    ) -> None:  # fmt: skip
        doc(kind, negotiation_id, fmt, output, force, patient_name, date_from, date_to, sent,
            as_json)  # fmt: skip

    return command


def doc(
    kind: DocumentKind,
    negotiation_id: int | None,
    fmt: documents.DocumentFormat,
    output: Path | None,
    force: bool,
    patient_name: str | None,
    date_from: str | None,
    date_to: str | None,
    sent: bool,
    as_json: bool,
) -> None:
    """Write a document made from the record: nothing is retyped.

    The file is written under a temporary name and renamed when complete; an existing
    file is kept unless --force is given.
    """
    start = parse_date(date_from, field="from")
    end = parse_date(date_to, field="to")
    if (start is None) != (end is None):
        raise ValidationError("give both --from and --to, or neither", field="period")
    if sent and (negotiation_id is None or kind not in documents.SENDABLE):
        raise ValidationError(
            "--sent is for the proposal letter or the agreement of a negotiation", field="sent"
        )
    if patient_name is not None and kind is not DocumentKind.AGREEMENT:
        raise ValidationError("a patient name goes only into the agreement", field="patient_name")
    accord = get_app()
    rendered = documents.make_document(
        accord.store.unit_of_work(), accord.renderers, accord.templates, accord.charts,
        accord.clock.now(),
        kind, negotiation_id, fmt, patient_name=patient_name,
        period=(start, end) if start is not None and end is not None else None,
        docx_templates=accord.docx_templates,
    )  # fmt: skip
    path = documents.save_document(
        accord.document_files, rendered, output or Path(rendered.filename), overwrite=force
    )
    if sent and negotiation_id is not None:
        documents.record_sent(
            accord.store.unit_of_work(), accord.clock.now(), kind, negotiation_id, path.name
        )
    if as_json:
        record = {"file": str(path), "bytes": len(rendered.content),
                  "media_type": rendered.media_type, "kind": kind.value,
                  "logged_as_sent": sent}  # fmt: skip
        typer.echo(json.dumps(record))
    else:
        console.print(f"wrote {kind.label} to {path} ({len(rendered.content):,} bytes)"
                      + ("; logged as a letter sent" if sent else ""),
                      markup=False, soft_wrap=True)  # fmt: skip


def scorecard(
    date_from: str | None = typer.Option(
        None, "--from", help="First date of service, YYYY-MM-DD (default: the first stored)."),
    date_to: str | None = typer.Option(
        None, "--to", help="Last date of service, YYYY-MM-DD (default: the last stored)."),
    fmt: documents.DocumentFormat = typer.Option(
        documents.DocumentFormat.PDF, "--format", help="docx (editable) or pdf (to send)."),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="File to write (default: a name like "
        "accord-scorecard-all-2026-12-06.pdf in the current folder)."),
    force: bool = typer.Option(False, "--force", help="Replace the file if it exists."),
    as_json: bool = typer.Option(False, "--json", help="Print what was written as JSON."),
) -> None:  # fmt: skip
    """Write the payer scorecard report (payers ranked by paid per unit, revenue, % of
    Medicare, days to pay, denials, underpayments, two charts) as DOCX or PDF, from the
    same figures as `accord payer scorecard`. The file is written under a temporary name
    and renamed when complete; an existing file is kept unless --force is given."""
    accord = get_app()
    rendered = scorecard_report.make_scorecard_document(
        accord.store.unit_of_work, accord.medicare_prices, accord.renderers, accord.templates,
        accord.charts, accord.clock.now(), fmt, start=parse_date(date_from, field="from"),
        end=parse_date(date_to, field="to"), docx_templates=accord.docx_templates,
    )  # fmt: skip
    path = documents.save_document(
        accord.document_files, rendered, output or Path(rendered.filename), overwrite=force
    )
    if as_json:
        record = {"file": str(path), "bytes": len(rendered.content),
                  "media_type": rendered.media_type, "kind": "scorecard"}  # fmt: skip
        typer.echo(json.dumps(record))
    else:
        console.print(f"wrote payer scorecard report to {path} ({len(rendered.content):,} bytes)",
                      markup=False, soft_wrap=True)  # fmt: skip
