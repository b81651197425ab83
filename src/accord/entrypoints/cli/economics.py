"""``accord contract`` and ``accord billing``: check a fee-schedule file; count therapy units."""

from __future__ import annotations

from pathlib import Path

import orjson
import typer

from accord.domain.counts import counted
from accord.domain.validation import is_ascii_digits
from accord.entrypoints.cli.context import console, get_app
from accord.errors import ValidationError

__all__ = ["register"]

contract_app = typer.Typer(help="Payer contracts and their fee schedules.", no_args_is_help=True)
billing_app = typer.Typer(help="Therapy billing rules.", no_args_is_help=True)

_BASIS_WORDS = {
    "amount": "$ amount",
    "percent_of_medicare": "% of Medicare",
    "percent_of_charges": "% of charges",
}


def register(app: typer.Typer) -> None:
    app.add_typer(contract_app, name="contract")
    app.add_typer(billing_app, name="billing")


@contract_app.command("check")
def check(
    path: Path = typer.Argument(..., help="Fee-schedule file (.csv or .xlsx)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of text."),
) -> None:
    """Validate a fee-schedule file and summarise its contracts and their next deadlines."""
    from accord.services.contracts import check_contract_file

    app = get_app(database=False)
    summaries = check_contract_file(app.contract_files, path, today=app.clock.now().date())
    if as_json:
        payload = [
            {
                "payer": s.payer,
                "effective": s.effective.isoformat(),
                "end": s.end.isoformat() if s.end else None,
                "auto_renews": s.auto_renews,
                "rates": s.rates,
                "codes": s.codes,
                "rates_by_basis": s.rates_by_basis,
                "units_policy": s.units_policy,
                "mppr": s.mppr,
                "timely_filing_days": s.timely_filing_days,
                "deadlines": [
                    {"kind": d.kind, "due": d.due.isoformat(), "description": d.description}
                    for d in s.deadlines
                ],
            }
            for s in summaries
        ]
        typer.echo(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode())
        return
    rates = sum(s.rates for s in summaries)
    console.print(
        f"{path!s}: valid — {counted(len(summaries), 'contract')}, {counted(rates, 'rate')}",
        soft_wrap=True,
    )
    for s in summaries:
        term = f"{s.effective} to {s.end or 'no end date'}" + (" (renews)" if s.auto_renews else "")
        bases = ", ".join(f"{n} {_BASIS_WORDS[b]}" for b, n in sorted(s.rates_by_basis.items()))
        console.print(
            f"{s.payer}: {term}; {counted(s.rates, 'rate')} for {counted(s.codes, 'code')} "
            f"({bases}); "
            f"units {s.units_policy}, MPPR {'yes' if s.mppr else 'no'}, "
            f"timely filing {s.timely_filing_days or 'not stated'} days",
            soft_wrap=True,
        )
        for d in s.deadlines:
            console.print(f"  {d.kind} {d.due}: {d.description}", soft_wrap=True)


def _parse_minutes(values: list[str]) -> dict[str, int]:
    minutes: dict[str, int] = {}
    for value in values:
        code, sep, number = value.partition("=")
        if not sep or not is_ascii_digits(number.strip()):
            raise ValidationError(
                f"expected CODE=MINUTES such as 97110=33, found {value!r}", field="minutes"
            )
        key = code.strip().upper()
        minutes[key] = minutes.get(key, 0) + int(number)
    return minutes


@billing_app.command("units")
def units(
    minutes: list[str] = typer.Argument(..., help="Timed minutes per code: 97110=33 97140=7."),
    policy: str = typer.Option(
        "medicare", "--policy", help="medicare (8-minute rule on the total) or per-code."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of text."),
) -> None:
    """Billable units of one visit's timed minutes (Medicare's 8-minute rule or per code)."""
    from accord.domain.economics.units import UnitPolicy
    from accord.services.billing import billing_units

    if policy not in {p.value for p in UnitPolicy}:
        raise ValidationError(f"expected medicare or per-code, found {policy!r}", field="--policy")
    result = billing_units(_parse_minutes(minutes), UnitPolicy(policy))
    if as_json:
        payload = {
            "policy": result.policy.value,
            "total_minutes": result.total_minutes,
            "units": result.units,
            "total_units": sum(result.units.values()),
            "medicare_total_units": result.medicare_total,
            "per_code_total_units": result.per_code_total,
        }
        typer.echo(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode())
        return
    shown = ", ".join(f"{code} {n}" for code, n in result.units.items())
    console.print(
        f"{result.total_minutes} timed minutes, {result.policy.value}: "
        f"{counted(sum(result.units.values()), 'unit')} ({shown})",
        soft_wrap=True,
    )
    console.print(
        f"Medicare's 8-minute rule: {result.medicare_total}; per-code rounding: "
        f"{result.per_code_total}",
        soft_wrap=True,
    )
