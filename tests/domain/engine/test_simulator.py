from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.domain.engine.agents import (
    ACCEPT,
    WALK_AWAY,
    HumanAgent,
    HumanPrompt,
    SideView,
    TimeDependentAgent,
)
from accord.domain.engine.analysis import analyze
from accord.domain.engine.simulator import negotiate, side_views, simulate
from accord.domain.engine.tournament import AGENT_STYLES, make_agent, run_tournament
from accord.errors import ValidationError
from tests.support.engine_factories import random_scenario


class StepByStep:
    """Wraps an agent so the simulator cannot take its vectorised path."""

    def __init__(self, inner: TimeDependentAgent) -> None:
        self.inner = inner
        self.name = inner.name

    def start(self, view: SideView, steps: int) -> None:
        self.inner.start(view, steps)

    def propose(self, t: float) -> int:
        return self.inner.propose(t)

    def respond(self, t: float, offer: int) -> int:
        return self.inner.respond(t, offer)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(min_value=0, max_value=5000),
    st.sampled_from(sorted(AGENT_STYLES)),
    st.sampled_from(sorted(AGENT_STYLES)),
    st.integers(min_value=1, max_value=60),
    st.floats(min_value=0.0, max_value=0.9),
)
def test_simulator_always_terminates_by_the_deadline(
    seed: int, a: str, b: str, rounds: int, reservation: float
) -> None:
    sc = random_scenario((4, 3, 5), seed, reservations=(reservation, reservation))
    res = negotiate(sc, make_agent(a), make_agent(b), rounds=rounds)
    assert res.steps <= 2 * rounds
    assert res.rounds <= rounds
    assert res.ended_by in {"agreement", "deadline", "walk_away"}
    if res.agreement is not None:
        # a rational agent never agrees below its reservation value
        assert sc.our_utilities[res.agreement] >= max(reservation, sc.our_utilities.min()) - 1e-9
        assert (
            sc.their_utilities[res.agreement] >= max(reservation, sc.their_utilities.min()) - 1e-9
        )


@settings(max_examples=30, deadline=None)
@given(
    st.integers(min_value=0, max_value=5000),
    st.sampled_from([0.2, 0.5, 1.0, 3.0]),
    st.sampled_from([0.2, 1.0, 3.0, 8.0]),
    st.integers(min_value=1, max_value=50),
)
def test_vectorised_path_gives_the_same_negotiation_as_the_step_loop(
    seed: int, ea: float, eb: float, rounds: int
) -> None:
    sc = random_scenario((5, 5, 5), seed)
    fast = negotiate(sc, TimeDependentAgent("a", ea), TimeDependentAgent("b", eb), rounds=rounds)
    slow = negotiate(
        sc,
        StepByStep(TimeDependentAgent("a", ea)),
        StepByStep(TimeDependentAgent("b", eb)),
        rounds=rounds,
    )
    assert (fast.agreement, fast.steps, fast.ended_by) == (
        slow.agreement,
        slow.steps,
        slow.ended_by,
    )
    assert np.array_equal(fast.offers, slow.offers)


def test_time_limit_in_seconds_ends_the_negotiation() -> None:
    sc = random_scenario((5, 5), 2)
    ticks = itertools.count()
    va, vb = side_views(sc)
    res = simulate(
        va,
        vb,
        StepByStep(TimeDependentAgent("a", 0.01)),
        StepByStep(TimeDependentAgent("b", 0.01)),
        rounds=10_000,
        seconds=5.0,
        clock=lambda: float(next(ticks)),
    )
    assert res.ended_by in {"deadline", "agreement"}
    assert res.steps <= 6


def test_walking_away_ends_without_agreement() -> None:
    sc = random_scenario((3, 3), 4)
    human = HumanAgent(lambda p: WALK_AWAY if p.offer is not None else 0)
    res = negotiate(sc, human, make_agent("hardball"), rounds=10)
    assert res.agreement is None and res.ended_by == "walk_away" and res.walked_away_by == 0


def test_human_accepting_their_offer_makes_it_the_agreement() -> None:
    sc = random_scenario((3, 3), 5)
    seen: list[HumanPrompt] = []
    greedy = int(np.argmax(sc.our_utilities - sc.their_utilities))

    def decide(p: HumanPrompt) -> int:
        seen.append(p)
        return ACCEPT if p.offer is not None else greedy

    res = negotiate(sc, HumanAgent(decide), make_agent("conceder"), rounds=10)
    assert res.ended_by == "agreement" and res.agreement == seen[-1].offer


def test_offer_outside_the_outcome_space_is_rejected() -> None:
    sc = random_scenario((3, 3), 6)
    with pytest.raises(ValidationError):
        negotiate(sc, HumanAgent(lambda p: 999), make_agent("hardball"), rounds=5)


def test_win_win_agent_always_agrees_with_cooperative_opponents_near_the_nash_point() -> None:
    distances = []
    for seed in range(30):
        sc = random_scenario((5, 4, 6), seed, reservations=(0.2, 0.2))
        an = analyze(sc)
        assert an.nash is not None
        for opp in ("conceder", "linear", "tit-for-tat", "win-win"):
            for first, second in ((make_agent("win-win"), make_agent(opp)),):
                res = negotiate(sc, first, second, rounds=40)
                assert res.agreement is not None, (seed, opp)
                u1 = float(sc.our_utilities[res.agreement])
                u2 = float(sc.their_utilities[res.agreement])
                distances.append(an.nash.distance(u1, u2))
    assert float(np.mean(distances)) <= 0.20


def test_tournament_reports_every_pair_on_every_scenario() -> None:
    scenarios = [random_scenario((4, 4), s) for s in range(3)]
    result = run_tournament(scenarios, ["hardball", "conceder", "win-win"], rounds=20)
    assert len(result.games) == 3 * 3 * 3
    assert {a.agent for a in result.summary} == {"hardball", "conceder", "win-win"}
    for a in result.summary:
        assert a.games == 3 * 3 * 2
        assert 0.0 <= a.agreement_rate <= 1.0


def test_unknown_agent_style_is_rejected_with_the_choices() -> None:
    with pytest.raises(ValidationError, match="win-win"):
        make_agent("pushover")
