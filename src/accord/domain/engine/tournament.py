"""Round-robin tournaments: every agent against every agent on many scenarios.

Each ordered pair plays each scenario once (the first agent takes our side and
opens), so every agent plays both sides. Results are reported per game and per agent:
agreement rate, rounds, own and opponent utility, welfare, and distances of the
result to the Pareto frontier and the Nash point (a failed negotiation scores the
disagreement point: both sides' reservation values).

Where a side has a discount factor ``d`` (Genius domains), its utility — and so the
welfare — is discounted to the time the negotiation ended, ``u · d**t``; the distances
say where the package itself lies, so they stay undiscounted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from accord.domain.engine.agents import Agent, TimeDependentAgent, TitForTatAgent
from accord.domain.engine.analysis import analyze
from accord.domain.engine.integrative_agent import IntegrativeAgent
from accord.domain.engine.pareto import distance_to_frontier
from accord.domain.engine.scenario import Scenario
from accord.domain.engine.simulator import negotiate, outcome_utilities, side_views
from accord.errors import ValidationError

__all__ = [
    "AGENT_STYLES",
    "AgentSummary",
    "GameRecord",
    "TournamentResult",
    "make_agent",
    "run_tournament",
]

AGENT_STYLES: dict[str, Callable[[], Agent]] = {
    "hardball": lambda: TimeDependentAgent("hardball", 0.2),
    "conceder": lambda: TimeDependentAgent("conceder", 3.0),
    "linear": lambda: TimeDependentAgent("linear", 1.0),
    "tit-for-tat": lambda: TitForTatAgent("tit-for-tat"),
    "win-win": lambda: IntegrativeAgent("win-win"),
}
"""Built-in counterpart styles by name (hardball is a Boulware agent, e = 0.2)."""


def make_agent(style: str) -> Agent:
    """A fresh agent of a named style."""
    try:
        return AGENT_STYLES[style]()
    except KeyError:
        raise ValidationError(
            f"unknown agent style {style!r} (choose from {', '.join(AGENT_STYLES)})",
            field="style",
        ) from None


@dataclass(frozen=True, slots=True)
class GameRecord:
    """One negotiation of a tournament, from side A's point of view."""

    scenario: str
    agent_a: str
    agent_b: str
    agreed: bool
    rounds: int
    utility_a: float
    utility_b: float
    welfare: float
    distance_pareto: float
    distance_nash: float
    time: float
    """Relative time (0 → 1 of the deadline) when it ended."""


@dataclass(frozen=True, slots=True)
class AgentSummary:
    """An agent's averages over every game it played, on either side."""

    agent: str
    games: int
    agreement_rate: float
    rounds: float
    own_utility: float
    opponent_utility: float
    welfare: float
    distance_pareto: float
    distance_nash: float


@dataclass(frozen=True, slots=True)
class TournamentResult:
    """Every game and the per-agent summary (best own utility first)."""

    games: tuple[GameRecord, ...]
    summary: tuple[AgentSummary, ...]


def run_tournament(
    scenarios: Sequence[Scenario],
    styles: Sequence[str] = tuple(AGENT_STYLES),
    *,
    rounds: int | None = None,
    seconds: float | None = None,
) -> TournamentResult:
    """Play every ordered pair of ``styles`` on every scenario.

    Each negotiation ends by ``rounds`` (default: the scenario's deadline) or after
    ``seconds`` of wall-clock time, whichever comes first.
    """
    if not scenarios:
        raise ValidationError("a tournament needs at least one scenario", field="scenarios")
    if not styles:
        raise ValidationError("a tournament needs at least one agent", field="agents")
    for s in styles:
        make_agent(s)
    games: list[GameRecord] = []
    for sc in scenarios:
        an = analyze(sc, meso_count=1)
        views = side_views(sc)
        r1, r2 = sc.ours.reservation, sc.theirs.reservation
        for a in styles:
            for b in styles:
                res = negotiate(
                    sc, make_agent(a), make_agent(b), rounds=rounds, seconds=seconds, views=views
                )
                if res.agreement is None:
                    p1, p2 = r1, r2
                else:
                    p1 = float(sc.our_utilities[res.agreement])
                    p2 = float(sc.their_utilities[res.agreement])
                u1, u2 = outcome_utilities(sc, res)
                d_nash = an.nash.distance(p1, p2) if an.nash is not None else 0.0
                games.append(
                    GameRecord(
                        sc.name,
                        a,
                        b,
                        res.agreement is not None,
                        res.rounds,
                        u1,
                        u2,
                        u1 + u2,
                        distance_to_frontier(an.frontier, p1, p2),
                        d_nash,
                        res.time,
                    )
                )
    return TournamentResult(tuple(games), _summarise(games, styles))


def _summarise(games: Sequence[GameRecord], styles: Sequence[str]) -> tuple[AgentSummary, ...]:
    out: list[AgentSummary] = []
    for s in dict.fromkeys(styles):
        rows = [(g, True) for g in games if g.agent_a == s] + [
            (g, False) for g in games if g.agent_b == s
        ]

        def mean(values: list[float]) -> float:
            return float(np.mean(values)) if values else 0.0

        out.append(
            AgentSummary(
                s,
                len(rows),
                mean([float(g.agreed) for g, _ in rows]),
                mean([float(g.rounds) for g, _ in rows]),
                mean([g.utility_a if a else g.utility_b for g, a in rows]),
                mean([g.utility_b if a else g.utility_a for g, a in rows]),
                mean([g.welfare for g, _ in rows]),
                mean([g.distance_pareto for g, _ in rows]),
                mean([g.distance_nash for g, _ in rows]),
            )
        )
    return tuple(sorted(out, key=lambda a: -a.own_utility))
