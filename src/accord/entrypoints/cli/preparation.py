"""``accord checklist``, ``accord leverage``, ``accord ally``: preparing to negotiate."""

from __future__ import annotations

import typer

from accord.domain.leverage import AllyKind, LeverageKind
from accord.domain.preparation import CHECKLIST_QUESTIONS, RESEARCH_TOPICS, CompetitorPrice
from accord.entrypoints.cli.context import console, get_app
from accord.entrypoints.cli.ids import MAX_ID, NEGOTIATION_ID
from accord.entrypoints.cli.output import JSON_OPTION, print_json, record_table, styled
from accord.services import negotiations, preparation
from accord.services.plain_data import plain_data

__all__ = ["register"]

checklist_app = typer.Typer(
    help="The preparation checklist: who, what, where, when, why, what ifs, how much, "
    "why not; research notes; competitor prices.",
    no_args_is_help=True,
)
leverage_app = typer.Typer(help="Sources of leverage.", no_args_is_help=True)
ally_app = typer.Typer(help="Allies who can lend weight to our position.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(checklist_app, name="checklist")
    app.add_typer(leverage_app, name="leverage")
    app.add_typer(ally_app, name="ally")


@checklist_app.command("show")
def checklist_show(negotiation_id: int = NEGOTIATION_ID, as_json: bool = JSON_OPTION) -> None:
    """Show the checklist with its completeness."""
    n = negotiations.get_negotiation(get_app().store.unit_of_work(), negotiation_id)
    checklist = n.checklist
    if as_json:
        print_json({"completeness": checklist.completeness(), **plain_data(checklist)})
        return
    table = record_table(
        f"Preparation of #{n.id}: {checklist.completeness():.0%} complete", ["item", "answer"]
    )
    for key, prompt in CHECKLIST_QUESTIONS.items():
        table.add_row(key, checklist.answers.get(key) or styled(prompt, "dim"))
    for key, prompt in RESEARCH_TOPICS.items():
        table.add_row(key, checklist.research.get(key) or styled(prompt, "dim"))
    for price in checklist.competitor_prices:
        table.add_row("price", f"{price.description}: ${price.amount:,.2f} ({price.source})")
    console.print(table)


@checklist_app.command("answer")
def checklist_answer(
    negotiation_id: int = NEGOTIATION_ID,
    item: str = typer.Argument(..., help="who, what, where, when, why, what_ifs, how_much, "
                               "why_not, organisation, structure, decision_makers, history"),
    text: str = typer.Argument(..., help="The answer or note."),
) -> None:  # fmt: skip
    """Answer a checklist question or write a research note."""
    accord = get_app()
    n = preparation.answer_checklist(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id, item, text
    )
    console.print(f"checklist {n.checklist.completeness():.0%} complete")


@checklist_app.command("price")
def checklist_price(
    negotiation_id: int = NEGOTIATION_ID,
    description: str = typer.Argument(..., help="Whose price, for what."),
    amount: float = typer.Argument(..., help="The amount in dollars."),
    source: str = typer.Option("", help="Where it comes from."),
    code: str | None = typer.Option(None, help="Billing code."),
) -> None:
    """Record a competitor's or market price."""
    accord = get_app()
    preparation.add_competitor_price(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id,
        CompetitorPrice(description, amount, source, code),
    )  # fmt: skip
    console.print("price recorded")


@leverage_app.command("add")
def leverage_add(
    negotiation_id: int = NEGOTIATION_ID,
    kind: LeverageKind = typer.Argument(..., help="network_gap, special_service, volume, "
                                        "outcomes or other."),
    description: str = typer.Argument(..., help="What gives us leverage."),
    strength: int = typer.Option(3, min=1, max=5, help="1 (weak) .. 5 (decisive)."),
    evidence: str = typer.Option("", help="Evidence we can show."),
) -> None:  # fmt: skip
    """Record a source of leverage."""
    accord = get_app()
    preparation.add_leverage(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id,
        kind=kind, description=description, strength=strength, evidence=evidence,
    )  # fmt: skip
    console.print("leverage recorded")


@leverage_app.command("list")
def leverage_list(negotiation_id: int = NEGOTIATION_ID, as_json: bool = JSON_OPTION) -> None:
    """List leverage and allies."""
    n = negotiations.get_negotiation(get_app().store.unit_of_work(), negotiation_id)
    if as_json:
        print_json({"leverage": plain_data(n.leverage), "allies": plain_data(n.allies)})
        return
    table = record_table(
        f"Leverage and allies of #{n.id}", ["kind", "what", "strength / role", "evidence"]
    )
    for f in n.leverage:
        table.add_row(f.kind.value, f.description, "●" * f.strength, f.evidence)
    for a in n.allies:
        table.add_row(f"ally: {a.kind.value}", a.name, a.role, "")
    console.print(table)


@ally_app.command("add")
def ally_add(
    negotiation_id: int = NEGOTIATION_ID,
    kind: AllyKind = typer.Argument(..., help="Kind of ally."),
    name: str = typer.Argument(..., help="Who."),
    role: str = typer.Option("", help="What they will do for us."),
    organisation: int | None = typer.Option(
        None, min=1, max=MAX_ID, help="Their organisation id, if recorded."
    ),
) -> None:
    """Record an ally."""
    accord = get_app()
    preparation.add_ally(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id,
        kind=kind, name=name, role=role, organisation_id=organisation,
    )  # fmt: skip
    console.print("ally recorded")
