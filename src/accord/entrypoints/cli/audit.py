"""``accord audit list`` and ``accord audit verify``: who did what, and is it intact."""

from __future__ import annotations

import typer

from accord.domain.audit import ChainReport
from accord.domain.input_text import parse_datetime
from accord.entrypoints.cli.context import console, get_app
from accord.entrypoints.cli.ids import MAX_ID
from accord.entrypoints.cli.output import JSON_OPTION, print_json, record_table
from accord.errors import AuditChainError
from accord.services import audit
from accord.services.audit_ports import AuditQuery
from accord.services.plain_data import plain_data

__all__ = ["audit_json", "register", "verify_or_raise"]

audit_app = typer.Typer(
    help="The audit trail: every change and document read, who made it, and whether the "
    "record of it is intact.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")


def audit_json(view: audit.AuditView) -> dict[str, object]:
    """One entry as JSON (the API's fields): the row, its values parsed, a sentence."""
    e = view.entry
    return {
        "id": e.id, "at": e.at.isoformat(), "user_id": e.user_id, "user_name": e.user_name,
        "role": e.role, "request_id": e.request_id, "address": e.address,
        "action": str(e.action), "entity": e.entity, "entity_id": e.entity_id,
        "negotiation_id": e.negotiation_id, "before": view.before, "after": view.after,
        "summary": view.summary, "hash": e.hash,
    }  # fmt: skip


@audit_app.command("list")
def list_entries(
    negotiation: int | None = typer.Option(
        None, "--negotiation", min=1, max=MAX_ID, help="Only this negotiation and its parts."
    ),
    entity: str | None = typer.Option(
        None, help="Only this kind of record: negotiation, offer, term, contract, document, …"
    ),
    entity_id: str | None = typer.Option(None, "--id", help="Only the record with this id."),
    since: str | None = typer.Option(
        None, help="Only from this date or time on (2026-12-01 or 2026-12-01T09:00Z)."
    ),
    limit: int = typer.Option(50, min=1, max=1000, help="How many entries, newest first."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List the audit trail, newest first: who changed or read what, when, from where."""
    query = AuditQuery(
        negotiation_id=negotiation, entity=entity, entity_id=entity_id,
        since=parse_datetime(since, field="since"), limit=limit,
    )  # fmt: skip
    page = audit.audit_entries(get_app().store.unit_of_work(), query)
    if as_json:
        print_json({"total": page.total, "entries": [audit_json(v) for v in page.entries]})
        return
    table = record_table(
        f"audit trail: {page.total} entries" + (f", newest {limit}" if page.total > limit else ""),
        ["#", "when (UTC)", "who", "from", "what"],
        right=["#"],
    )
    for view in page.entries:
        e = view.entry
        table.add_row(
            str(e.id), e.at.strftime("%Y-%m-%d %H:%M:%S"), f"{e.user_name} ({e.role})",
            e.address if e.request_id is None else f"{e.address} · {e.request_id}", view.summary,
        )  # fmt: skip
    console.print(table)


def verify_or_raise(report: ChainReport) -> None:
    """Raise :class:`AuditChainError` naming the first bad row, if there is one."""
    if report.broken is not None:
        raise AuditChainError(
            f"the audit trail does not verify at row {report.broken.entry_id} "
            f"(of {report.entries} checked): {report.broken.reason}"
        )


@audit_app.command("verify")
def verify(as_json: bool = JSON_OPTION) -> None:
    """Check the audit trail's hash chain, oldest row first; exit 9 at the first bad row.

    A row edited, removed or inserted after it was written breaks the chain there. Note
    the head hash somewhere else (your backup log): a later run that no longer reaches
    it shows the trail was rewritten.
    """
    report = audit.verify_audit(get_app().store.unit_of_work())
    if as_json:
        print_json(plain_data(report) | {"ok": report.ok})
    else:
        if report.ok:
            console.print(
                f"audit trail intact: {report.entries} entries, head {report.head}",
                markup=False, soft_wrap=True,
            )  # fmt: skip
    verify_or_raise(report)
