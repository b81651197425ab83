"""``accord rehearse``: negotiate in the terminal against a counterpart style, then read
the debrief (the moves typed at a prompt or read from a file)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from accord.entrypoints.cli.ids import MAX_ID
from accord.entrypoints.cli.output import OutputConsole, line, stdout_console, styled
from accord.errors import ValidationError

if TYPE_CHECKING:
    from accord.domain.engine.scenario import Scenario
    from accord.services.chart_ports import Charts
    from accord.services.rehearsal import Debrief, Turn

__all__ = ["rehearse_cmd"]

# The options as values, as JSON_OPTION is: the command's signature stays readable.
_SCENARIO = typer.Argument(
    None, help="Built-in name, scenario file or Genius folder (or use --negotiation)."
)
_NEGOTIATION = typer.Option(
    None, "--negotiation", "-n", min=1, max=MAX_ID,
    help="Rehearse one of your stored negotiations instead.",
)  # fmt: skip
_AGAINST = typer.Option(
    "hardball", "--against",
    help="Counterpart style: hardball, conceder, linear, tit-for-tat, win-win.",
)  # fmt: skip
_ROUNDS = typer.Option(None, "--rounds", min=1, help="Deadline in rounds.")
_SECONDS = typer.Option(None, "--seconds", min=0.001, help="Also end after this many seconds.")
_MOVES = typer.Option(
    None, "--moves", help="Read your moves from this file ('-' = stdin), one per line."
)
_OPENS = typer.Option("you", "--opens", help="Who makes the first offer: you or them.")
_COACH = typer.Option(
    None, "--coach",
    help="Show advice each turn under a concession plan: boulware, linear, conceder, "
    "tit-for-tat.",
)  # fmt: skip
_CHART = typer.Option(None, "--chart", help="Write the outcome-space SVG here.")


def rehearse_cmd(
    scenario: str | None = _SCENARIO,
    negotiation: int | None = _NEGOTIATION,
    against: str = _AGAINST,
    rounds: int | None = _ROUNDS,
    seconds: float | None = _SECONDS,
    moves: str | None = _MOVES,
    opens: str = _OPENS,
    coach: str | None = _COACH,
    chart: Path | None = _CHART,
) -> None:
    """Negotiate in the terminal against a counterpart style, then read the debrief.

    Each move is 'accept', 'walk', or term=value pairs (e.g. 'per_diem=450, days=18');
    terms you leave out keep your previous value.
    """
    from accord.domain.engine.tournament import make_agent
    from accord.entrypoints.cli.context import get_app
    from accord.services.rehearsal import rehearse, resolve_scenario

    make_agent(against)  # fail early on an unknown style
    if (scenario is None) == (negotiation is None):
        raise ValidationError("name a scenario or give --negotiation ID (one of the two)")
    accord = get_app(database=negotiation is not None)
    if negotiation is not None:
        from accord.services.analysis import stored_scenario

        sc = stored_scenario(accord.store.unit_of_work(), negotiation)
    else:
        assert scenario is not None
        sc = resolve_scenario(accord.scenarios, scenario)
    out = stdout_console()
    out.print(line(
        (sc.name, "bold"), f": you are {sc.our_label}; they are {sc.their_label} ({against}). "
        f"Terms: {'; '.join(_term_help(sc))}"
    ))  # fmt: skip
    source = _move_source(out, sc, _lines(moves) if moves is not None else None)
    d = rehearse(sc, against, source, rounds=rounds, seconds=seconds, opens=opens, plan=coach)
    _print_debrief(out, sc, d)
    if chart is not None:
        _write_chart(accord.charts, chart, d, human_first=opens == "you")
        out.print(f"chart written to {chart}")


def _lines(path: str) -> Iterator[str]:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ValidationError(f"cannot read moves file: {exc.strerror}", field="--moves") from exc
    for row in text.splitlines():
        if row.strip() and not row.lstrip().startswith("#"):
            yield row.strip()


def _move_source(
    out: OutputConsole, sc: Scenario, scripted: Iterator[str] | None
) -> Callable[[Turn], str]:
    """Where each of your moves comes from: the file's next line (echoed), or a prompt
    that asks again until the move reads."""
    from accord.services.rehearsal import parse_move

    count = 0

    def source(turn: Turn) -> str:
        nonlocal count
        if turn.their_offer is not None:
            out.print(
                f"round {turn.round}/{turn.rounds} — they offer: {turn.their_offer} "
                f"(worth {turn.our_utility_of_their_offer:.2f} to you)"
            )
        else:
            out.print(f"round {turn.round}/{turn.rounds} — your offer")
        if turn.coach:
            out.print(styled(turn.coach, "cyan"))
        if scripted is not None:
            try:
                move = next(scripted)
            except StopIteration:
                raise ValidationError(
                    f"moves ran out after {count} moves while the negotiation was still open; "
                    "end the file with 'accept' or 'walk'",
                    field="--moves",
                ) from None
            count += 1
            out.print(f"> {move}")
            return move
        while True:
            move = str(typer.prompt("your move (accept / walk / term=value, ...)"))
            try:
                parse_move(sc, move, turn.last_own_offer)
            except ValidationError as exc:
                out.print(styled(exc, "red"))
                continue
            return move

    return source


def _print_debrief(out: OutputConsole, sc: Scenario, d: Debrief) -> None:
    """The outcome, both utilities, how far from Nash and the frontier, trades missed."""
    out.print("")
    out.print(styled("Debrief", "bold"))
    if d.agreement is not None:
        out.print(f"agreement after {d.result.rounds} rounds: {d.agreement}")
    else:
        out.print(
            f"no agreement ({d.result.ended_by.replace('_', ' ')}): both sides take their BATNA"
        )
    out.print(f"utility: you {d.our_utility:.2f}, them {d.their_utility:.2f}")
    if d.discounted is not None:
        out.print(
            f"discounted for the time it took (u·d^t at t={d.result.time:.2f}): "
            f"you {d.discounted[0]:.2f}, them {d.discounted[1]:.2f}"
        )
    if d.distance_to_nash is not None and d.analysis.nash is not None:
        out.print(
            f"distance to the Nash point ({sc.space.describe(d.analysis.nash.index)}): "
            f"{d.distance_to_nash:.2f}"
        )
    out.print(f"distance to the Pareto frontier: {d.distance_to_frontier:.2f}")
    if d.missed_trades:
        out.print("trades missed (better for both of you):")
        for m in d.missed_trades:
            out.print(f"  • {m}")
    else:
        out.print("no trade missed: nothing was better for both sides")


def _write_chart(charts: Charts, path: Path, d: Debrief, *, human_first: bool) -> None:
    """The outcome space with each side's offers (the human's are every other one,
    from the first when the human opened) and the agreement."""
    offers = d.result.offers.tolist()
    mine = offers[0::2] if human_first else offers[1::2]
    theirs = offers[1::2] if human_first else offers[0::2]
    svg = charts.outcome_space_svg(
        d.analysis, our_offers=mine, their_offers=theirs, agreement=d.result.agreement
    )
    charts.write_svg(path, svg)


def _term_help(sc: Scenario) -> list[str]:
    parts = []
    for t in sc.space.terms:
        if t.numeric:
            parts.append(f"{t.name} {t.label(0)}–{t.label(t.size - 1)}")
        else:
            parts.append(f"{t.name} ({'/'.join(map(str, t.levels))})")
    return parts
