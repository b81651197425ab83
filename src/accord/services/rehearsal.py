"""Use cases on scenarios: find one, analyse it, rehearse against a counterpart style.

A rehearsal is a negotiation between you (moves from the terminal, a file or a test)
and an engine agent, followed by a debrief: the agreement, both utilities, the
distance to the Nash point and the trades you missed (packages better for both).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from accord.domain.engine.advice import next_offer
from accord.domain.engine.agents import ACCEPT, WALK_AWAY, HumanAgent, HumanPrompt
from accord.domain.engine.analysis import ScenarioAnalysis, analyze
from accord.domain.engine.limits import limits_of
from accord.domain.engine.opponent import read_counterpart
from accord.domain.engine.scenario import Scenario
from accord.domain.engine.simulator import NegotiationResult, negotiate
from accord.domain.engine.tournament import make_agent
from accord.errors import NotFoundError, ValidationError
from accord.services.scenario_ports import ScenarioLibrary

__all__ = [
    "Debrief",
    "MoveSource",
    "Turn",
    "analyze_scenario",
    "parse_move",
    "rehearse",
    "resolve_scenario",
]


def resolve_scenario(scenarios: ScenarioLibrary, ref: str) -> Scenario:
    """A built-in scenario by name, or a scenario file / Genius folder by path."""
    names = scenarios.names()
    if ref in names:
        return scenarios.builtin(ref)
    path = Path(ref)
    if path.exists():
        return scenarios.load(path)
    raise NotFoundError(f"no scenario {ref!r}: not a built-in ({', '.join(names)}) nor a file")


def analyze_scenario(scenarios: ScenarioLibrary, ref: str) -> ScenarioAnalysis:
    """ZOPA, frontier, Nash / KS / welfare points and MESOs of a scenario."""
    return analyze(resolve_scenario(scenarios, ref))


@dataclass(frozen=True, slots=True)
class Turn:
    """What the human sees before moving: time left and the offer on the table."""

    round: int
    rounds: int
    their_offer: str | None
    our_utility_of_their_offer: float | None
    last_own_offer: dict[str, str | float] | None
    coach: str | None = None
    """The engine's suggestion, when coaching is on."""
    their_values: dict[str, str | float] | None = None
    """Their offer's value per term (to price it in dollars)."""


MoveSource = Callable[[Turn], str]
"""Returns ``accept``, ``walk`` or ``term=value, term=value`` (omitted terms keep your
previous value, or your ideal on the first offer)."""


def parse_move(scenario: Scenario, text: str, previous: dict[str, str | float] | None) -> int:
    """Turn a typed move into ACCEPT, WALK_AWAY or an outcome index."""
    cmd = text.strip()
    if cmd.lower() in {"accept", "a", "yes", "deal"}:
        return ACCEPT
    if cmd.lower() in {"walk", "w", "walk away", "quit", "q"}:
        return WALK_AWAY
    space = scenario.space
    base = (
        dict(previous) if previous else space.offer_of(space.index_of(scenario.ours.best_levels()))
    )
    offer: dict[str, object] = dict(base)
    for part in filter(None, (p.strip() for p in cmd.replace(";", ",").split(","))):
        if "=" not in part:
            raise ValidationError(
                f"cannot read {part!r}: type accept, walk, or term=value pairs", field="move"
            )
        key, value = (s.strip() for s in part.split("=", 1))
        offer[key] = value
    return space.offer_index(offer, field="move")


@dataclass(frozen=True, slots=True, eq=False)
class Debrief:
    """The outcome of a rehearsal with what it left on the table."""

    scenario: Scenario
    analysis: ScenarioAnalysis
    result: NegotiationResult
    transcript: tuple[tuple[str, str, float, float], ...]
    """(who, package, our utility, their utility) for every offer."""
    agreement: str | None
    our_utility: float
    their_utility: float
    distance_to_nash: float | None
    distance_to_frontier: float
    missed_trades: tuple[str, ...]
    discounted: tuple[float, float] | None = None
    """Both utilities discounted by the time it took (u·d^t), when a side has a discount
    factor below 1 (Genius domains); ``None`` when time costs nothing."""


def rehearse(
    scenario: Scenario,
    style: str,
    moves: MoveSource,
    *,
    rounds: int | None = None,
    seconds: float | None = None,
    opens: str = "you",
    plan: str | None = None,
) -> Debrief:
    """Negotiate against an agent of ``style``; ``moves`` supplies your moves.

    The deadline is ``rounds`` (default: the scenario's) and, optionally, ``seconds``
    of wall-clock time, whichever comes first. With a concession ``plan`` each turn
    carries the engine's coaching: the next offer under that plan and, once they have
    made a few offers, how their style reads.
    """
    if opens not in ("you", "them"):
        raise ValidationError("opens must be 'you' or 'them'", field="opens")
    total_rounds = rounds or scenario.deadline_rounds
    opponent = make_agent(style)
    last: dict[str, str | float] | None = None
    ours: list[int] = []
    theirs: list[int] = []

    def decide(prompt: HumanPrompt) -> int:
        nonlocal last
        if prompt.offer is not None:
            theirs.append(prompt.offer)
        turn = Turn(
            round=min(total_rounds, int(prompt.t * total_rounds) + 1),
            rounds=total_rounds,
            their_offer=None if prompt.offer is None else scenario.space.describe(prompt.offer),
            our_utility_of_their_offer=None
            if prompt.offer is None
            else float(scenario.our_utilities[prompt.offer]),
            last_own_offer=last,
            coach=_coach(scenario, ours, theirs, prompt.t, plan) if plan else None,
            their_values=None if prompt.offer is None else scenario.space.offer_of(prompt.offer),
        )
        move = parse_move(scenario, moves(turn), last)
        if move >= 0:
            last = scenario.space.offer_of(move)
            ours.append(move)
        return move

    human = HumanAgent(decide)
    if opens == "you":
        result = negotiate(scenario, human, opponent, rounds=total_rounds, seconds=seconds)
        human_first = True
    else:
        result = negotiate(
            scenario.swapped(), opponent, human, rounds=total_rounds, seconds=seconds
        )
        human_first = False
    return _debrief(scenario, result, human_first, style)


def _coach(scenario: Scenario, ours: list[int], theirs: list[int], t: float, plan: str) -> str:
    """One or two lines of advice for the human's next move."""
    nxt = next_offer(scenario, ours, theirs, t=min(1.0, t), plan=plan)
    text = f"coach: offer {nxt.description} ({nxt.ours:.2f} for you) — {nxt.reason}"
    if theirs and float(scenario.our_utilities[theirs[-1]]) >= nxt.ours:
        beyond = limits_of(scenario).crossings(theirs[-1])
        if beyond:  # worth as much overall, yet over a line the user drew: never "accept"
            crossed = ", ".join(c.text for c in beyond)
            text = (
                f"coach: their offer is beyond your walk-away on {crossed}: do not accept. {text}"
            )
        else:
            text = f"coach: their offer is worth at least your planned next offer: accept. {text}"
    if len(theirs) >= 3:
        reading = read_counterpart(scenario, theirs, ours, t=t)
        text += f"\ncoach: they read as {reading.style} (confidence {reading.confidence:.0%})"
        for signal in (reading.walk_away_signal, reading.mediation_signal):
            if signal:
                text += f"; {signal}"
    return text


def _debrief(
    scenario: Scenario, result: NegotiationResult, human_first: bool, style: str
) -> Debrief:
    from accord.domain.engine.pareto import distance_to_frontier
    from accord.domain.engine.simulator import outcome_utilities

    an = analyze(scenario)
    u1, u2 = scenario.our_utilities, scenario.their_utilities
    rows = []
    for k, idx in enumerate(result.offers.tolist()):
        mine = (k % 2 == 0) == human_first
        rows.append(
            ("you" if mine else style, scenario.space.describe(idx), float(u1[idx]), float(u2[idx]))
        )
    if result.agreement is not None:
        a1, a2 = float(u1[result.agreement]), float(u2[result.agreement])
        agreement = scenario.space.describe(result.agreement)
    else:
        a1, a2 = scenario.ours.reservation, scenario.theirs.reservation
        agreement = None
    better = (u1 > a1 + 1e-9) & (u2 > a2 + 1e-9)
    missed: list[str] = []
    if better.any():
        gain = (u1 - a1) * (u2 - a2)
        gain[~better] = -1.0
        for i in gain.argsort()[::-1][:3]:
            if gain[i] <= 0:
                break
            missed.append(
                f"{scenario.space.describe(int(i))} (you +{u1[i] - a1:.2f}, them +{u2[i] - a2:.2f})"
            )
    return Debrief(
        scenario,
        an,
        result,
        tuple(rows),
        agreement,
        a1,
        a2,
        an.nash.distance(a1, a2) if an.nash is not None else None,
        distance_to_frontier(an.frontier, a1, a2),
        tuple(missed),
        outcome_utilities(scenario, result)
        if scenario.ours.discounted or scenario.theirs.discounted
        else None,
    )
