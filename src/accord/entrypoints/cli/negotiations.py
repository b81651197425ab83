"""``accord negotiation``: open, list, show and move negotiations."""

from __future__ import annotations

import typer

from accord.domain.counts import counted
from accord.domain.input_text import parse_date
from accord.domain.negotiation import Approach, NegotiationKind, TeamMember, TeamRole
from accord.domain.stages import Stage
from accord.entrypoints.cli.context import console, get_app
from accord.entrypoints.cli.ids import MAX_ID, NEGOTIATION_ID
from accord.entrypoints.cli.output import JSON_OPTION, line, print_json, record_table
from accord.entrypoints.cli.render import negotiations_table, offers_table, when
from accord.errors import ValidationError
from accord.services import contract_negotiation, negotiations, organisations
from accord.services.plain_data import plain_data

__all__ = ["register"]

negotiation_app = typer.Typer(
    help="Negotiations: open one, list them by stage, show one, move it along.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(negotiation_app, name="negotiation")


def _warn(warnings: list[str] | tuple[str, ...]) -> None:
    for warning in warnings:
        console.print(line(("warning:", "yellow"), " ", warning))


@negotiation_app.command("new")
def new(
    title: str = typer.Argument(..., help="A short title."),
    kind: NegotiationKind | None = typer.Option(
        None, "--kind", "-k", help="What is negotiated (contract_rates with --from-contract)."),
    ours: int = typer.Option(..., min=1, max=MAX_ID, help="Id of our organisation (kind 'ours')."),
    counterparty: int | None = typer.Option(
        None, min=1, max=MAX_ID,
        help="Id of the other side's organisation (with --from-contract: the contract's payer "
        "by default)."),
    from_contract: int | None = typer.Option(
        None, "--from-contract", min=1, max=MAX_ID,
        help="A stored contract: a contract-rates negotiation with its payer, a rate term per "
        "code with the current rate and the last 12 months' paid volume."),
    patient_ref: str | None = typer.Option(
        None, help="Internal case number only; never a patient's name."),
    problem: str = typer.Option("", help="The problem statement."),
    goal: list[str] = typer.Option([], "--goal", "-g", help="One of our goals (repeat)."),
    approach: Approach = typer.Option(Approach.WIN_WIN, help="win_win (default) or hardball."),
    deadline: str | None = typer.Option(None, help="Deadline, YYYY-MM-DD."),
    lead: str | None = typer.Option(None, help="Name of our lead negotiator."),
) -> None:  # fmt: skip
    """Open a negotiation (stage: preparing); --from-contract fills its rate terms."""
    accord = get_app()
    if from_contract is not None:
        if kind not in (None, NegotiationKind.CONTRACT_RATES):
            raise ValidationError("--from-contract opens a contract_rates negotiation",
                                  field="kind")  # fmt: skip
        opened = contract_negotiation.open_from_contract(
            accord.store.unit_of_work, accord.clock, accord.medicare_prices,
            contract_id=from_contract, our_org_id=ours, counterparty_id=counterparty,
            title=title, deadline=parse_date(deadline, field="deadline"), lead=lead,
        )  # fmt: skip
        n = opened.negotiation
        console.print(f"negotiation {n.id}: {n.title} ({n.stage.label}), "
                      f"{counted(len(opened.rates), 'rate term')} from contract {from_contract}; "
                      "volumes paid "
                      f"{opened.volume_from} to {opened.volume_to}:",
                      soft_wrap=True, highlight=False, markup=False)  # fmt: skip
        for r in opened.rates:
            console.print("  " + contract_negotiation.describe_rate(r), soft_wrap=True,
                          highlight=False, markup=False)  # fmt: skip
        return
    if kind is None or counterparty is None:
        raise ValidationError("expected --kind and --counterparty (or --from-contract)",
                              field="kind" if kind is None else "counterparty")  # fmt: skip
    negotiation = negotiations.open_negotiation(
        accord.store.unit_of_work(), accord.clock.now(),
        title=title, kind=kind, our_org_id=ours, counterparty_id=counterparty,
        patient_ref=patient_ref, problem_statement=problem, our_goals=goal,
        approach=approach, deadline=parse_date(deadline, field="deadline"), lead=lead,
    )  # fmt: skip
    console.print(f"negotiation {negotiation.id}: {negotiation.title} ({negotiation.stage.label})")
    _warn(negotiation.warnings)


@negotiation_app.command("list")
def list_(
    stage: Stage | None = typer.Option(None, "--stage", "-s", help="Only this stage."),
    no_demo: bool = typer.Option(False, "--no-demo", help="Hide demo negotiations."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List negotiations, optionally by stage."""
    accord = get_app()
    rows = negotiations.list_negotiations(
        accord.store.unit_of_work(), stage, include_demo=not no_demo
    )
    if as_json:
        print_json(plain_data(rows))
        return
    names = {o.id: o.name for o in organisations.list_organisations(accord.store.unit_of_work())}
    console.print(
        negotiations_table(rows, {k: v for k, v in names.items() if k is not None},
                           accord.clock.now())
    )  # fmt: skip


@negotiation_app.command("show")
def show(negotiation_id: int = NEGOTIATION_ID, as_json: bool = JSON_OPTION) -> None:
    """Show the whole record of a negotiation."""
    n = negotiations.get_negotiation(get_app().store.unit_of_work(), negotiation_id)
    if as_json:
        print_json(plain_data(n))
        return
    console.print(line((f"#{n.id} {n.title}", "bold"), f" — {n.kind.label}, stage {n.stage.label}"))
    if n.patient_ref:
        console.print(f"case reference: {n.patient_ref}")
    console.print(f"approach: {n.approach.value}; deadline: {n.deadline or '—'}")
    if n.problem_statement:
        console.print(f"problem: {n.problem_statement}")
    for goal in n.our_goals:
        console.print(f"our goal: {goal}")
    for goal in n.agreed_goals:
        console.print(f"agreed goal: {goal} (agreed {when(n.goals_agreed_at)})")
    for member in n.team:
        console.print(f"team: {member.name} ({member.role.value})")
    history = record_table("Stage history", ["at", "from", "to", "note"])
    for change in n.stage_history:
        note = ("reopened; " if change.reopened else "") + change.note
        history.add_row(when(change.at), change.from_stage.label if change.from_stage else "—",
                        change.to_stage.label, note)  # fmt: skip
    console.print(history)
    console.print(offers_table(n, "Offers"))
    _warn(n.warnings)


@negotiation_app.command("update")
def update(
    negotiation_id: int = NEGOTIATION_ID,
    title: str | None = typer.Option(None, help="A new title."),
    problem: str | None = typer.Option(None, help="The problem statement."),
    goal: list[str] = typer.Option([], "--goal", "-g", help="Replace our goals (repeat)."),
    approach: Approach | None = typer.Option(None, help="win_win or hardball."),
    deadline: str | None = typer.Option(None, help="Deadline, YYYY-MM-DD."),
    patient_ref: str | None = typer.Option(None, help="Internal case number only."),
) -> None:
    """Correct a negotiation's title, problem, goals, approach, deadline or case number."""
    accord = get_app()
    negotiation = negotiations.revise_negotiation(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id,
        title=title, problem_statement=problem, our_goals=goal or None, approach=approach,
        deadline=parse_date(deadline, field="deadline"), patient_ref=patient_ref,
    )  # fmt: skip
    console.print(f"negotiation {negotiation.id} updated")
    _warn(negotiation.warnings)


@negotiation_app.command("advance")
def advance(
    negotiation_id: int = NEGOTIATION_ID,
    stage: Stage = typer.Argument(..., help="The stage to move to."),
    note: str = typer.Option("", help="Why (kept in the stage history)."),
) -> None:
    """Move a negotiation to another stage (preparing → goals_agreed → bargaining → ...)."""
    accord = get_app()
    change = negotiations.advance_stage(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id, stage, note
    )
    origin = change.from_stage.label if change.from_stage else "—"
    extra = " (reopened)" if change.reopened else ""
    console.print(f"negotiation {negotiation_id}: {origin} → {change.to_stage.label}{extra}")


@negotiation_app.command("goals")
def goals(
    negotiation_id: int = NEGOTIATION_ID,
    goal: list[str] = typer.Option(..., "--goal", "-g", help="A goal agreed with them (repeat)."),
) -> None:
    """Record the problem and goals agreed with the other party."""
    accord = get_app()
    negotiation = negotiations.agree_goals(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id, goal
    )
    console.print(f"{counted(len(negotiation.agreed_goals), 'goal')} agreed with the other party")


@negotiation_app.command("team")
def team(
    negotiation_id: int = NEGOTIATION_ID,
    name: str = typer.Argument(..., help="Team member's name."),
    role: TeamRole = typer.Option(TeamRole.MEMBER, help="lead, member or advisor."),
) -> None:
    """Add someone to our negotiating team."""
    accord = get_app()
    negotiations.add_team_member(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id,
        TeamMember(name.strip(), role),
    )  # fmt: skip
    console.print(f"{name} joined the team as {role.value}")


@negotiation_app.command("link-contact")
def link_contact(
    negotiation_id: int = NEGOTIATION_ID,
    contact_id: int = typer.Argument(..., min=1, max=MAX_ID, help="A contact at the counterparty."),
) -> None:
    """Name a counterparty contact as involved in this negotiation."""
    accord = get_app()
    negotiations.link_contact(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id, contact_id
    )
    console.print(f"contact {contact_id} linked to negotiation {negotiation_id}")
