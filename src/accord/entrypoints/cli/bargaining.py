"""``accord term``, ``accord offer`` and ``accord interaction``: what is at stake and said."""

from __future__ import annotations

import typer

from accord.domain.input_text import parse_datetime, parse_values
from accord.domain.interactions import InteractionDirection
from accord.domain.offers import Channel, Side
from accord.domain.terms import Direction, Term, TermKind, TermStatus, TermValue
from accord.entrypoints.cli.context import console, get_app
from accord.entrypoints.cli.ids import MAX_ID, NEGOTIATION_ID
from accord.entrypoints.cli.output import JSON_OPTION, print_json, record_table
from accord.entrypoints.cli.render import offers_table, when
from accord.services import activity, negotiations
from accord.services.plain_data import plain_data

__all__ = ["register"]

term_app = typer.Typer(help="Terms at stake: range, direction, opening/target/walk-away.",
                       no_args_is_help=True)  # fmt: skip
offer_app = typer.Typer(help="Offers and counteroffers by either side.", no_args_is_help=True)
interaction_app = typer.Typer(
    help="Calls, voicemails, e-mails, meetings, letters: what they said, what we asked.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(term_app, name="term")
    app.add_typer(offer_app, name="offer")
    app.add_typer(interaction_app, name="interaction")


def _value(text: str | None) -> TermValue | None:
    if text is None:
        return None
    parsed = parse_values([f"v={text}"])
    return parsed["v"]


@term_app.command("add")
def term_add(
    negotiation_id: int = NEGOTIATION_ID,
    name: str = typer.Argument(..., help="Term name, e.g. per_diem or rate_97110."),
    kind: TermKind = typer.Option(..., "--kind", "-k", help="What kind of term."),
    direction: Direction | None = typer.Option(
        None, help="Which way is better for us (default: follows the negotiation's side, "
        "we pay → lower is better)."),
    unit: str = typer.Option("", help="Unit (a sensible default per kind)."),
    minimum: float | None = typer.Option(None, "--min", help="Lowest allowed value."),
    maximum: float | None = typer.Option(None, "--max", help="Highest allowed value."),
    option: list[str] = typer.Option([], "--option", "-o",
                                     help="Categorical option, best for us first (repeat)."),
    opening: str | None = typer.Option(None, help="Our opening value."),
    target: str | None = typer.Option(None, help="Our target value."),
    walk_away: str | None = typer.Option(None, help="Our walk-away value."),
    priority: int = typer.Option(3, min=1, max=5, help="1 (low) .. 5 (most important)."),
    code: str | None = typer.Option(None, help="Billing code the term prices (CPT/HCPCS)."),
    their_priority: int | None = typer.Option(
        None, min=1, max=5, help="How much the counterparty cares, 1..5, if you know."),
    their_walk_away: str | None = typer.Option(
        None, help="The worst value you believe the counterparty would still accept."),
    current: float | None = typer.Option(
        None, min=0, help="Today's rate (a rate or per diem), to show the change in dollars."),
    volume: int | None = typer.Option(
        None, min=0, max=100_000_000,
        help="Units a year the rate applies to, to show the yearly revenue."),
) -> None:  # fmt: skip
    """Add a term; opening, target and walk-away must be in a consistent order."""
    accord = get_app()
    term = negotiations.add_term(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id,
        name=name, kind=kind, direction=direction, unit=unit, minimum=minimum,
        maximum=maximum, options=option, opening=_value(opening), target=_value(target),
        walk_away=_value(walk_away), priority=priority, billing_code=code,
        their_priority=their_priority, their_walk_away=_value(their_walk_away),
        current=current, yearly_volume=volume,
    )  # fmt: skip
    console.print(f"term {term.name} added ({term.kind.value}, {term.unit})")


@term_app.command("update")
def term_update(
    negotiation_id: int = NEGOTIATION_ID,
    name: str = typer.Argument(..., help="Term name."),
    direction: Direction | None = typer.Option(None, help="Which way is better for us."),
    minimum: float | None = typer.Option(None, "--min", help="Lowest allowed value."),
    maximum: float | None = typer.Option(None, "--max", help="Highest allowed value."),
    opening: str | None = typer.Option(None, help="Our opening value."),
    target: str | None = typer.Option(None, help="Our target value."),
    walk_away: str | None = typer.Option(None, help="Our walk-away value."),
    priority: int | None = typer.Option(None, min=1, max=5, help="1 (low) .. 5."),
    code: str | None = typer.Option(None, help="Billing code the term prices."),
    their_priority: int | None = typer.Option(
        None, min=1, max=5, help="How much the counterparty cares, 1..5."),
    their_walk_away: str | None = typer.Option(
        None, help="The worst value you believe the counterparty would still accept."),
    current: float | None = typer.Option(
        None, min=0, help="Today's rate (a rate or per diem), to show the change in dollars."),
    volume: int | None = typer.Option(
        None, min=0, max=100_000_000,
        help="Units a year the rate applies to, to show the yearly revenue."),
) -> None:  # fmt: skip
    """Change a term's range, plan, priority, code, current rate or yearly volume; the new
    plan is checked whole."""
    changes: dict[str, object] = {
        key: value
        for key, value in (
            ("direction", direction), ("minimum", minimum), ("maximum", maximum),
            ("opening", _value(opening)), ("target", _value(target)),
            ("walk_away", _value(walk_away)), ("priority", priority), ("billing_code", code),
            ("their_priority", their_priority), ("their_walk_away", _value(their_walk_away)),
            ("current", current), ("yearly_volume", volume),
        )
        if value is not None
    }  # fmt: skip
    accord = get_app()
    term = negotiations.revise_term(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id, name, changes
    )
    console.print(
        f"term {term.name}: opening {term.format(term.opening)}, target "
        f"{term.format(term.target)}, walk-away {term.format(term.walk_away)}"
    )


@term_app.command("list")
def term_list(negotiation_id: int = NEGOTIATION_ID, as_json: bool = JSON_OPTION) -> None:
    """List the terms: our plan, what we know of theirs (priority · walk-away), status."""
    n = negotiations.get_negotiation(get_app().store.unit_of_work(), negotiation_id)
    if as_json:
        print_json(plain_data(n.terms))
        return
    table = record_table(f"Terms of #{n.id}", ["term", "kind", "range", "opening", "target",
                         "walk-away", "priority", "theirs", "status"])  # fmt: skip
    for t in n.terms:
        if t.options:
            span = ", ".join(t.options)
        elif t.minimum is None and t.maximum is None:
            span = "any"
        else:
            low = "" if t.minimum is None else f"{t.minimum:g}"
            high = "" if t.maximum is None else f"{t.maximum:g}"
            span = f"{low}..{high}"
        status = t.status.value + (f" ({t.format(t.agreed_value)})" if t.agreed_value else "")
        table.add_row(t.name, t.kind.value, span, t.format(t.opening), t.format(t.target),
                      t.format(t.walk_away), str(t.priority),
                      _theirs(t), status)  # fmt: skip
    console.print(table)


def _theirs(term: Term) -> str:
    """What we declared of their side: ``p5 · $36.00`` (priority, walk-away)."""
    parts = []
    if term.their_priority is not None:
        parts.append(f"p{term.their_priority}")
    if term.their_walk_away is not None:
        parts.append(term.format(term.their_walk_away))
    return " · ".join(parts) or "—"


@term_app.command("status")
def term_status(
    negotiation_id: int = NEGOTIATION_ID,
    name: str = typer.Argument(..., help="Term name."),
    status: TermStatus = typer.Argument(..., help="agreed (set aside), disagreed or open."),
    value: str | None = typer.Option(None, "--value", help="The agreed value (for agreed)."),
) -> None:
    """Set a term aside as agreed, mark it disagreed, or open it again."""
    accord = get_app()
    term = negotiations.set_term_status(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id, name, status,
        _value(value),
    )  # fmt: skip
    console.print(f"term {term.name}: {term.status.value}")


@offer_app.command("add")
def offer_add(
    negotiation_id: int = NEGOTIATION_ID,
    side: Side = typer.Argument(..., help="ours or theirs."),
    values: list[str] = typer.Argument(..., help="TERM=VALUE pairs, e.g. per_diem=560."),
    at: str | None = typer.Option(None, help="When (default now), YYYY-MM-DD[THH:MM]."),
    channel: Channel = typer.Option(Channel.EMAIL, help="How it was made."),
    note: str = typer.Option("", help="A note."),
) -> None:
    """Record an offer: a package of values for some or all terms."""
    accord = get_app()
    offer = activity.record_offer(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id,
        side=side, values=parse_values(values), at=parse_datetime(at, field="at"),
        channel=channel, note=note,
    )  # fmt: skip
    console.print(f"offer {offer.id} recorded ({offer.side.value}, {len(offer.values)} terms)")


@offer_app.command("list")
def offer_list(
    negotiation_id: int = NEGOTIATION_ID,
    history: bool = typer.Option(False, "--history", help="Withdrawn and corrected ones too."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List offers in time order."""
    n = negotiations.get_negotiation(get_app().store.unit_of_work(), negotiation_id)
    if as_json:
        print_json(plain_data(n.offer_history if history else n.offers))
        return
    console.print(offers_table(n, f"Offers in #{n.id}", history=history))


@interaction_app.command("log")
def interaction_log(
    negotiation_id: int = NEGOTIATION_ID,
    channel: Channel = typer.Argument(..., help="call, voicemail, email, meeting, letter..."),
    direction: InteractionDirection = typer.Option(
        InteractionDirection.OUTBOUND, help="outbound (we reached them) or inbound."),
    contact: int | None = typer.Option(None, min=1, max=MAX_ID,
                                       help="Id of the counterparty contact."),
    at: str | None = typer.Option(None, help="When (default now)."),
    summary: str = typer.Option("", help="What happened."),
    their_points: str = typer.Option("", "--they-said",
                                     help="Our summary of what they said."),
    our_questions: str = typer.Option("", "--we-asked",
                                      help="The clarifying questions we asked."),
    follow_up: str | None = typer.Option(None, help="Follow-up due, YYYY-MM-DD[THH:MM]."),
    replied_at: str | None = typer.Option(None, help="When the reply came."),
) -> None:  # fmt: skip
    """Log an interaction with the other side."""
    accord = get_app()
    item = activity.log_interaction(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id,
        channel=channel, direction=direction, contact_id=contact,
        at=parse_datetime(at, field="at"), summary=summary, their_points=their_points,
        our_questions=our_questions,
        follow_up_due=parse_datetime(follow_up, field="follow_up"),
        replied_at=parse_datetime(replied_at, field="replied_at"),
    )  # fmt: skip
    console.print(f"interaction {item.id} logged ({item.channel.value})")


@interaction_app.command("list")
def interaction_list(negotiation_id: int = NEGOTIATION_ID, as_json: bool = JSON_OPTION) -> None:
    """List interactions with what they said and what we asked."""
    n = negotiations.get_negotiation(get_app().store.unit_of_work(), negotiation_id)
    if as_json:
        print_json(plain_data(n.interactions))
        return
    table = record_table(f"Interactions in #{n.id}", ["id", "at", "channel", "dir", "summary",
                         "they said", "we asked", "follow-up", "replied"])  # fmt: skip
    for i in n.interactions:
        follow = when(i.follow_up_due) + (" ✓" if i.follow_up_done else "")
        table.add_row(str(i.id), when(i.at), i.channel.value, i.direction.value, i.summary,
                      i.their_points, i.our_questions, follow, when(i.replied_at))  # fmt: skip
    console.print(table)


@interaction_app.command("done")
def interaction_done(
    negotiation_id: int = NEGOTIATION_ID,
    interaction_id: int = typer.Argument(..., min=1, max=MAX_ID, help="Interaction id."),
    replied_at: str | None = typer.Option(None, help="When the reply came."),
) -> None:
    """Mark an interaction's follow-up as done."""
    accord = get_app()
    activity.complete_follow_up(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id, interaction_id,
        replied_at=parse_datetime(replied_at, field="replied_at"),
    )  # fmt: skip
    console.print(f"follow-up of interaction {interaction_id} done")
