"""``accord agreement``: record the agreement, its savings or its revenue effect."""

from __future__ import annotations

from decimal import Decimal

import typer

from accord.domain.agreements import RateChange, SoftSaving, SoftSavingCategory
from accord.domain.input_text import parse_date, parse_money, parse_values
from accord.domain.validation import is_ascii_digits
from accord.entrypoints.cli.context import console, get_app
from accord.entrypoints.cli.ids import NEGOTIATION_ID
from accord.entrypoints.cli.render import money
from accord.errors import ValidationError
from accord.services import agreements

__all__ = ["register"]

agreement_app = typer.Typer(help="The agreement that closes a negotiation.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(agreement_app, name="agreement")


@agreement_app.command("record")
def record(
    negotiation_id: int = NEGOTIATION_ID,
    values: list[str] = typer.Argument(None, help="Final TERM=VALUE pairs (default: the "
                                       "terms marked agreed)."),
    effective: str = typer.Option(..., help="Effective date, YYYY-MM-DD."),
    expires: str | None = typer.Option(None, help="Expiry date, YYYY-MM-DD."),
    potential_cost: str | None = typer.Option(None, help="Cost without the agreement."),
    actual_cost: str | None = typer.Option(None, help="Cost under the agreement."),
    cm_cost: str | None = typer.Option(None, "--case-management-cost",
                                       help="Cost of the case management itself."),
    soft: list[str] = typer.Option([], "--soft", help="Soft saving CATEGORY=AMOUNT (repeat)."),
    rate: list[str] = typer.Option([], "--rate",
                                   help="Rate change CODE:CURRENT:NEW:YEARLY_VOLUME (repeat)."),
    note: str = typer.Option("", help="A note."),
) -> None:  # fmt: skip
    """Record the agreement; hard savings = potential − (actual + case-management cost)."""
    accord = get_app()
    soft_savings = []
    for item in soft:
        category, _, amount = item.partition("=")
        try:
            kind = SoftSavingCategory(category.strip())
        except ValueError as exc:
            options = ", ".join(c.value for c in SoftSavingCategory)
            raise ValidationError(f"unknown category {category!r}; one of {options}",
                                  field="soft") from exc  # fmt: skip
        value = parse_money(amount, field="soft")
        if value is None:
            raise ValidationError(f"expected CATEGORY=AMOUNT, got {item!r}", field="soft")
        soft_savings.append(SoftSaving(kind, value))
    changes = []
    for item in rate:
        parts = item.split(":")
        if len(parts) != 4 or not is_ascii_digits(parts[3]) or len(parts[3]) > 9:
            raise ValidationError(f"expected CODE:CURRENT:NEW:VOLUME, got {item!r}", field="rate")
        current = parse_money(parts[1], field="rate")
        new = parse_money(parts[2], field="rate")
        assert current is not None and new is not None
        changes.append(RateChange(parts[0], current, new, int(parts[3])))
    effective_date = parse_date(effective, field="effective")
    assert effective_date is not None
    agreement = agreements.record_agreement(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id,
        final_terms=parse_values(values or []), effective=effective_date,
        expires=parse_date(expires, field="expires"),
        potential_cost=parse_money(potential_cost, field="potential_cost"),
        actual_cost=parse_money(actual_cost, field="actual_cost"),
        case_management_cost=parse_money(cm_cost, field="case_management_cost")
        or Decimal("0"),
        soft_savings=soft_savings, rate_changes=changes, note=note,
    )  # fmt: skip
    console.print(f"agreement recorded; negotiation {negotiation_id} is agreed")
    if agreement.hard_savings is not None:
        console.print(f"hard savings: {money(agreement.hard_savings)}")
    if agreement.soft_savings:
        console.print(f"soft savings: {money(agreement.soft_savings_total)}")
    if agreement.yearly_revenue_effect is not None:
        console.print(f"yearly revenue effect: {money(agreement.yearly_revenue_effect)}")
