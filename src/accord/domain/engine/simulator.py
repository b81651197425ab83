"""The alternating-offers protocol with a deadline.

Side A opens; then each side in turn accepts the offer on the table, walks away, or
makes a counter-offer. A *round* is one offer by each side. The deadline is a number
of rounds and optionally a number of seconds, whichever comes first; relative time
``t`` (0 → 1) is what agents concede against. Every negotiation ends: at the latest
after ``2 × rounds`` offers and one final answer.

When both agents are :class:`~accord.domain.engine.agents.TimeDependentAgent` and no
time limit is set, their offers depend on the clock alone, so the whole negotiation
is computed in a few vectorised numpy operations (same result as the step loop).

>>> # result = negotiate(scenario, TimeDependentAgent("boulware", 0.2),
>>> #                    TimeDependentAgent("conceder", 3.0), rounds=100)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from accord.domain.engine.agents import ACCEPT, WALK_AWAY, Agent, SideView, TimeDependentAgent
from accord.domain.engine.scenario import Scenario
from accord.domain.engine.space import IntArray
from accord.errors import ValidationError

__all__ = ["NegotiationResult", "negotiate", "outcome_utilities", "side_views", "simulate"]


@dataclass(frozen=True, slots=True, eq=False)
class NegotiationResult:
    """How a negotiation ended and every offer made (A's at even positions)."""

    agreement: int | None
    steps: int
    """Offers made before the end."""
    ended_by: str
    """``agreement``, ``deadline`` or ``walk_away``."""
    offers: IntArray
    walked_away_by: int | None = None
    """0 for side A, 1 for side B."""
    time: float = 1.0
    """Relative time (0 → 1 of the deadline) when it ended: what discount factors use."""

    @property
    def rounds(self) -> int:
        """Rounds used (one offer by each side is a round)."""
        return (self.steps + 1) // 2


def outcome_utilities(scenario: Scenario, result: NegotiationResult) -> tuple[float, float]:
    """Both sides' utilities of how it ended, discounted where a side has a discount.

    An agreement at relative time ``t`` is worth ``u · d**t`` to a side with discount
    factor ``d``; without an agreement each side keeps its reservation value,
    discounted the same way (as Genius does). Sides without a discount get plain
    utilities.
    """
    ours, theirs = scenario.ours, scenario.theirs
    if result.agreement is None:
        u1, u2 = ours.reservation, theirs.reservation
    else:
        u1 = float(scenario.our_utilities[result.agreement])
        u2 = float(scenario.their_utilities[result.agreement])
    return ours.at_time(u1, result.time), theirs.at_time(u2, result.time)


def side_views(scenario: Scenario) -> tuple[SideView, SideView]:
    """Both sides' sorted utilities (compute once, reuse for many negotiations)."""
    a = SideView.of(scenario.space, scenario.our_utilities, scenario.ours.reservation)
    b = SideView.of(scenario.space, scenario.their_utilities, scenario.theirs.reservation)
    return a, b


def negotiate(
    scenario: Scenario,
    agent_a: Agent,
    agent_b: Agent,
    *,
    rounds: int | None = None,
    seconds: float | None = None,
    views: tuple[SideView, SideView] | None = None,
) -> NegotiationResult:
    """Run one negotiation on a scenario: ``agent_a`` plays our side and opens."""
    va, vb = views if views is not None else side_views(scenario)
    return simulate(
        va, vb, agent_a, agent_b, rounds=rounds or scenario.deadline_rounds, seconds=seconds
    )


def simulate(
    view_a: SideView,
    view_b: SideView,
    agent_a: Agent,
    agent_b: Agent,
    *,
    rounds: int,
    seconds: float | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> NegotiationResult:
    """Alternating offers between two agents until agreement, walk-away or deadline."""
    if rounds < 1:
        raise ValidationError("the deadline must be at least one round", field="rounds")
    if seconds is not None and not seconds > 0:
        raise ValidationError("the time limit must be positive", field="seconds")
    total = 2 * rounds
    agent_a.start(view_a, total)
    agent_b.start(view_b, total)
    if (
        seconds is None
        and isinstance(agent_a, TimeDependentAgent)
        and isinstance(agent_b, TimeDependentAgent)
    ):
        return _vectorised(view_a, view_b, agent_a, agent_b, total)
    n = view_a.utilities.shape[0]
    agents = (agent_a, agent_b)
    started = clock()
    offers: list[int] = []
    offer = agent_a.propose(0.0)
    if offer == WALK_AWAY:
        return NegotiationResult(None, 0, "walk_away", np.zeros(0, np.int64), 0, 0.0)
    _check(offer, n)
    offers.append(offer)
    for s in range(1, total + 1):
        side = s % 2
        t = s / total
        if seconds is not None:
            elapsed = (clock() - started) / seconds
            if elapsed >= 1.0:
                break
            t = max(t, elapsed)
        answer = agents[side].respond(t, offer)
        made = np.asarray(offers, np.int64)
        if answer == ACCEPT:
            return NegotiationResult(offer, s, "agreement", made, None, min(1.0, t))
        if answer == WALK_AWAY:
            return NegotiationResult(None, s, "walk_away", made, side, min(1.0, t))
        if s == total:
            break
        _check(answer, n)
        offer = answer
        offers.append(offer)
    return NegotiationResult(None, len(offers), "deadline", np.asarray(offers, np.int64))


def _check(offer: int, n: int) -> None:
    if not 0 <= offer < n:
        raise ValidationError(f"offer {offer} is not an outcome of this scenario", field="offer")


def _vectorised(
    view_a: SideView,
    view_b: SideView,
    agent_a: TimeDependentAgent,
    agent_b: TimeDependentAgent,
    total: int,
) -> NegotiationResult:
    t = np.arange(total + 1, dtype=np.float64) / total
    planned = np.empty(total + 1, dtype=np.int64)
    planned[0::2] = agent_a.plan(t[0::2])
    planned[1::2] = agent_b.plan(t[1::2])
    # the answer at step s (1..total) judges planned[s-1] against the responder's planned[s]
    resp_is_a = (np.arange(1, total + 1) % 2) == 0
    offered = planned[:-1]
    own = planned[1:]
    u_offered = np.where(resp_is_a, view_a.utilities[offered], view_b.utilities[offered])
    u_own = np.where(resp_is_a, view_a.utilities[own], view_b.utilities[own])
    accept = u_offered >= u_own
    if accept.any():
        s = int(np.argmax(accept)) + 1
        return NegotiationResult(
            int(planned[s - 1]), s, "agreement", planned[:s].copy(), None, s / total
        )
    return NegotiationResult(None, total, "deadline", planned[:total].copy())
