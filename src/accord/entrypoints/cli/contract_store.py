"""``accord contract import|list|show|export|deadlines|model``: payer contracts in the store,
and the contract modeller."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import typer

from accord.domain.counts import counted
from accord.entrypoints.cli.context import console, get_app
from accord.entrypoints.cli.economics import contract_app
from accord.entrypoints.cli.ids import MAX_ID
from accord.entrypoints.cli.output import print_json, record_table
from accord.errors import ValidationError
from accord.services import contract_modeller, contract_store, economics_views

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """The commands hang on ``accord contract`` (registered by the economics module)."""


@contract_app.command("import")
def import_(
    path: Path = typer.Argument(..., help="Fee-schedule file (.csv or .xlsx)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of text."),
) -> None:
    """Store every contract of a fee-schedule file (the whole file, or nothing)."""
    app = get_app()
    ids = contract_store.import_contract_file(
        app.store.unit_of_work, app.contract_files, app.clock, path
    )
    if as_json:
        print_json({"file": str(path), "contract_ids": ids})
        return
    console.print(f"{path!s}: stored {counted(len(ids), 'contract')}, "
                  f"{'id' if len(ids) == 1 else 'ids'} {', '.join(map(str, ids))}",
                  soft_wrap=True, highlight=False)  # fmt: skip


@contract_app.command("list")
def list_(
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List the stored contracts, by payer and effective date."""
    rows = contract_store.list_contracts(get_app().store.unit_of_work)
    if as_json:
        print_json([economics_views.contract_row_json(r) for r in rows])
        return
    table = record_table(
        f"Contracts ({len(rows)})", ["id", "payer", "effective", "end", "renews", "rates", "file"],
        right=["id", "rates"],
    )  # fmt: skip
    for r in rows:
        table.add_row(str(r.id), r.payer + (" (demo)" if r.is_demo else ""), str(r.effective),
                      str(r.end or "—"), "yes" if r.auto_renews else "no", str(r.rates),
                      r.source)  # fmt: skip
    console.print(table)


@contract_app.command("show")
def show(
    contract_id: int = typer.Argument(..., min=1, max=MAX_ID, help="Contract id."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of text."),
) -> None:
    """Show a stored contract: its terms, fee schedule and next deadlines."""
    app = get_app()
    stored = contract_store.show_contract(
        app.store.unit_of_work, contract_id, today=app.clock.now().date()
    )
    if as_json:
        print_json(economics_views.contract_json(stored))
        return
    c = stored.contract
    term = f"{c.effective} to {c.end or 'no end date'}" + (" (renews)" if c.auto_renews else "")
    console.print(f"Contract {stored.id}: {c.payer}, {term}; units {c.units_policy.value}, "
                  f"MPPR {'yes' if c.mppr else 'no'}, timely filing "
                  f"{c.timely_filing_days or 'not stated'} days", soft_wrap=True,
                  highlight=False, markup=False)  # fmt: skip
    table = record_table("Fee schedule", ["code", "modifier", "place", "rate"])
    for e in c.entries:
        table.add_row(e.code, e.modifier or "any", e.place_of_service or "any", e.describe())
    console.print(table)
    for d in stored.deadlines:
        console.print(f"{d.kind} {d.due}: {d.description}", soft_wrap=True, highlight=False,
                      markup=False)  # fmt: skip


@contract_app.command("export")
def export(
    path: Path = typer.Argument(..., help="File to write (.csv or .xlsx)."),
    contract_id: list[int] = typer.Option(
        [], "--id", min=1, max=MAX_ID, help="Only this contract (repeat); default all."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of text."),
) -> None:
    """Write stored contracts to a fee-schedule file that `accord contract import` reads."""
    app = get_app()
    count = contract_store.export_stored_contracts(
        app.store.unit_of_work, app.contract_files, path, contract_ids=contract_id
    )
    if as_json:
        print_json({"file": str(path), "contracts": count})
        return
    console.print(
        f"wrote {counted(count, 'contract')} to {path!s}", soft_wrap=True, highlight=False
    )


@contract_app.command("deadlines")
def deadlines(
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """The stored contracts' next notice, renewal and end dates, soonest first."""
    app = get_app()
    found = contract_store.contract_deadline_list(
        app.store.unit_of_work, today=app.clock.now().date()
    )
    if as_json:
        print_json([{"payer": d.payer, "kind": d.kind, "due": d.due.isoformat(),
                     "description": d.description} for d in found])  # fmt: skip
        return
    table = record_table(f"Contract deadlines ({len(found)})", ["due", "payer", "kind", "what"])
    for d in found:
        table.add_row(str(d.due), d.payer, d.kind, d.description)
    console.print(table)


def _volumes(values: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for value in values:
        code, sep, number = value.partition("=")
        number = number.strip().replace(",", "")
        if not sep or not (number.isascii() and number.isdigit()) or len(number) > 9:
            raise ValidationError(
                f"expected CODE=UNITS such as 97110=1200, found {value!r}", field="--volume"
            )
        found[code.strip().upper()] = found.get(code.strip().upper(), 0) + int(number)
    return found


def _day(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValidationError(f"expected a date YYYY-MM-DD, found {value!r}", field=what) from exc


@contract_app.command("model")
def model(
    contract_id: int = typer.Argument(..., min=1, max=MAX_ID, help="The current contract's id."),
    proposed: list[Path] = typer.Option(
        [], "--proposed", help="A proposed fee-schedule file (.csv/.xlsx); repeat for several."
    ),
    increase: list[str] = typer.Option(
        [], "--increase", help="Also model every current rate raised by this %; repeatable."
    ),
    start: str = typer.Option(..., "--from", help="First date of service of the volumes."),
    end: str = typer.Option(..., "--to", help="Last date of service of the volumes."),
    volume: list[str] = typer.Option(
        [], "--volume", help="Entered volume CODE=UNITS instead of the remits (repeat)."
    ),
    negotiation: int | None = typer.Option(
        None,
        "--negotiation",
        min=1,
        max=MAX_ID,
        help="Also model each offer of this rate negotiation (its coded rate terms).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """What proposed fee schedules would earn over the payer's real volumes, per code and
    a year, against the current contract (units rules and MPPR included)."""
    app = get_app()
    current = contract_store.show_contract(
        app.store.unit_of_work, contract_id, today=app.clock.now().date()
    ).contract
    proposals = contract_modeller.proposals_from(
        app.contract_files, current, paths=proposed, increases=_increases(increase)
    )
    if negotiation is not None:
        proposals += contract_modeller.proposals_from_negotiation(
            app.store.unit_of_work, current, negotiation, year=_day(end, "--to").year
        )
    result = contract_modeller.model_stored_contract(
        app.store.unit_of_work, app.medicare_prices, contract_id, proposals,
        start=_day(start, "--from"), end=_day(end, "--to"), volumes=_volumes(volume) or None,
    )  # fmt: skip
    payload = economics_views.model_json(result)
    if as_json:
        print_json(payload)
        return
    _print_model(payload)


def _increases(texts: list[str]) -> list[Decimal]:
    """``--increase`` values: percentages, with or without the % sign."""
    increases = []
    for text in texts:
        try:
            increases.append(Decimal(text.strip().rstrip("%")))
        except ArithmeticError as exc:
            raise ValidationError(f"expected a percentage, found {text!r}",
                                  field="--increase") from exc  # fmt: skip
    return increases


def _print_model(payload: dict[str, Any]) -> None:
    """Each proposal's total against the current schedule, then a table per code."""
    console.print(f"{payload['payer']}, {payload['from']} to {payload['to']}: current schedule "
                  f"${Decimal(payload['current']):,.2f}", soft_wrap=True, highlight=False,
                  markup=False)  # fmt: skip
    for p in payload["proposals"]:
        console.print(f"  {p['name']}: ${Decimal(p['total']):,.2f} (change "
                      f"${Decimal(p['change']):,.2f}; a year ${Decimal(p['yearly_effect']):,.2f})",
                      soft_wrap=True, highlight=False, markup=False)  # fmt: skip
    if payload["unpriced_lines"]:
        unpriced = payload["unpriced_lines"]
        console.print(f"  {counted(unpriced, 'line')} the current schedule does not price "
                      f"{'is' if unpriced == 1 else 'are'} left out",
                      soft_wrap=True, highlight=False)  # fmt: skip
    if payload["medicare_locality"]:
        console.print(f"  Medicare amounts: {payload['medicare_locality']}", soft_wrap=True,
                      highlight=False, markup=False)  # fmt: skip
    names = [p["name"] for p in payload["proposals"]]
    table = record_table("Per code", ["code", "units", "current", *names],
                         right=["units", "current", *names])  # fmt: skip
    for c in payload["codes"]:
        table.add_row(c["code"], str(c["units"]), f"${c['current'] or '—'}",
                      *(f"${v}" if v else "—" for v in c["proposed"]))  # fmt: skip
    console.print(table)


@contract_app.command("revise")
def revise(
    contract_id: int = typer.Argument(..., min=1, max=MAX_ID, help="The contract to update."),
    negotiation_id: int = typer.Option(
        ..., "--negotiation", min=1, max=MAX_ID, help="The agreed rate negotiation."
    ),
    effective: str = typer.Option(..., "--effective", help="First day of the new rates."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of text."),
) -> None:
    """Put an agreed rate negotiation's final rates into the contract from a date on (the
    contract is closed the day before; its successor carries the new rates)."""
    app = get_app()
    new_id = contract_store.revise_contract_from_negotiation(
        app.store.unit_of_work, app.clock, contract_id, negotiation_id,
        effective=_day(effective, "--effective"),
    )  # fmt: skip
    if as_json:
        print_json({"closed_contract_id": contract_id, "contract_id": new_id})
        return
    console.print(f"contract {contract_id} closed on the day before {effective}; the new "
                  f"rates are contract {new_id}", soft_wrap=True, highlight=False)  # fmt: skip
