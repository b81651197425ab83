"""The integrative (win-win) agent: endgame, reservation value, determinism, quality."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from accord.adapters.scenarios import load_genius_domain
from accord.domain.engine.agents import ACCEPT, HumanAgent, SideView
from accord.domain.engine.analysis import analyze
from accord.domain.engine.integrative_agent import IntegrativeAgent
from accord.domain.engine.simulator import negotiate, side_views
from accord.domain.engine.tournament import AGENT_STYLES, make_agent
from tests.support.engine_factories import opposed_scenario, random_scenario


def _stubborn(offer: int) -> HumanAgent:
    """A counterpart that repeats one offer and never accepts."""
    return HumanAgent(lambda p: offer, name="stubborn")


def test_never_accepts_below_its_reservation_value() -> None:
    for seed in range(12):
        sc = random_scenario((4, 5, 3), seed, reservations=(0.55, 0.2))
        for style in AGENT_STYLES:
            for swap in (False, True):
                s = sc.swapped() if swap else sc
                a, b = (
                    (make_agent(style), IntegrativeAgent())
                    if swap
                    else (
                        IntegrativeAgent(),
                        make_agent(style),
                    )
                )
                res = negotiate(s, a, b, rounds=50)
                assert res.steps <= 100
                if res.agreement is not None:
                    assert float(sc.our_utilities[res.agreement]) >= 0.55 - 1e-12, (seed, style)


def test_a_stubborn_offer_below_the_reservation_value_is_never_accepted() -> None:
    sc = opposed_scenario((5, 5), 3)
    reservation = float(np.quantile(sc.our_utilities, 0.6))
    view = SideView.of(sc.space, sc.our_utilities, reservation)
    bad = int(np.argmax((sc.our_utilities < reservation) * sc.our_utilities))
    agent = IntegrativeAgent()
    agent.start(view, 40)
    answers = [agent.respond(s / 40, bad) for s in range(1, 41)]
    assert ACCEPT not in answers


def test_the_best_offer_seen_is_accepted_when_time_runs_short() -> None:
    sc = random_scenario((5, 4, 6), 7)
    view = side_views(sc)[0]
    low = view.floor + 0.05 * (view.best - view.floor)
    decent = view.at_least(low)  # above the floor, far below anything it would ask for
    rounds = 100
    agent = IntegrativeAgent(generosity=None)  # a pure clock until the endgame
    agent.start(view, 2 * rounds)
    answers = []
    for s in range(1, 2 * rounds + 1, 2):  # we answer at odd steps, they offer ``decent``
        answers.append(agent.respond(s / (2 * rounds), decent))
        if answers[-1] == ACCEPT:
            break
    assert answers[-1] == ACCEPT
    # accepted within its last ``closing`` moves, not before
    assert rounds - agent.closing < len(answers) <= rounds


def test_a_stubborn_counterpart_above_the_reservation_gets_a_deal_at_the_deadline() -> None:
    sc = random_scenario((5, 4, 6), 8, reservations=(0.2, 0.0))
    u = sc.our_utilities
    decent = int(np.argmin(np.where(u >= 0.3, u, np.inf)))
    for rounds in (10, 100, 1000):
        res = negotiate(sc, IntegrativeAgent(), _stubborn(decent), rounds=rounds)
        assert res.agreement == decent and res.ended_by == "agreement", rounds
        assert res.steps > 2 * rounds - 10  # held out until time ran short


def test_deterministic_given_the_same_negotiation() -> None:
    sc = random_scenario((6, 5, 4), 11, reservations=(0.2, 0.2))
    for opp in ("conceder", "tit-for-tat", "hardball"):
        first = negotiate(sc, make_agent("win-win"), make_agent(opp), rounds=80)
        second = negotiate(sc, make_agent("win-win"), make_agent(opp), rounds=80)
        assert np.array_equal(first.offers, second.offers)
        assert first.agreement == second.agreement


def test_the_endgame_never_retreats() -> None:
    sc = random_scenario((5, 5, 5), 12, reservations=(0.1, 0.1))
    view = side_views(sc)[0]
    agent = IntegrativeAgent()
    agent.start(view, 200)
    worst_for_us = int(view.order[0])
    targets = []
    for s in range(1, 201, 2):
        t = s / 200
        agent.respond(t, worst_for_us)
        if t >= agent.endgame:
            targets.append(agent._target(t))
    assert targets == sorted(targets, reverse=True)


@pytest.mark.parametrize("rounds", [100, 1000])
def test_agrees_near_the_nash_point_with_cooperative_opponents(rounds: int) -> None:
    distances = []
    for seed in range(8):
        sc = random_scenario((5, 4, 6), 100 + seed, reservations=(0.2, 0.2))
        an = analyze(sc)
        assert an.nash is not None
        for opp in ("conceder", "linear", "tit-for-tat"):
            for swap in (False, True):
                s = sc.swapped() if swap else sc
                res = negotiate(s, make_agent("win-win"), make_agent(opp), rounds=rounds)
                assert res.agreement is not None, (seed, opp, swap)
                u1 = float(sc.our_utilities[res.agreement])
                u2 = float(sc.their_utilities[res.agreement])
                distances.append(an.nash.distance(u1, u2))
    assert float(np.mean(distances)) <= 0.20


class MirroringCounterpart:
    """Gives back what it is given: asks for ``1 − g`` of its surplus after being offered
    ``g`` of it, and accepts an offer worth half its surplus or more. It never moves
    until it is offered more than its reservation value, and never concedes on a clock
    (like NegMAS's naive tit-for-tat)."""

    name = "mirror"

    def start(self, view: SideView, steps: int) -> None:
        del steps
        self.view = view
        self.given = 0.0

    def _ask(self) -> int:
        v = self.view
        return v.at_least(v.floor + (1.0 - self.given) * (v.best - v.floor))

    def propose(self, t: float) -> int:
        del t
        return self._ask()

    def respond(self, t: float, offer: int) -> int:
        del t
        v = self.view
        share = (float(v.utilities[offer]) - v.floor) / max(1e-12, v.best - v.floor)
        if share >= 0.5:
            return ACCEPT
        self.given = min(1.0, max(0.0, share))
        return self._ask()


@pytest.mark.parametrize("rounds", [100, 1000])
def test_agrees_with_a_mirroring_counterpart_that_moves_only_once_offered_enough(
    shared_fixtures: Path, rounds: int
) -> None:
    # EnergySmallA: both reservation values 0.5, and the mirror accepts only 0.75 or
    # more, which leaves a narrow strip of the frontier (0.50–0.62 for the other side)
    sc = load_genius_domain(shared_fixtures / "anac" / "y2012" / "EnergySmallA")
    for s in (sc, sc.swapped()):
        for win_win_opens in (True, False):
            a, b = (IntegrativeAgent(), MirroringCounterpart())
            res = (
                negotiate(s, a, b, rounds=rounds)
                if win_win_opens
                else negotiate(s, b, a, rounds=rounds)
            )
            assert res.agreement is not None, (s.name, win_win_opens)


def test_offers_only_get_better_for_them_as_estimated_while_it_concedes() -> None:
    for seed in range(6):
        sc = random_scenario((5, 4, 6), 200 + seed, reservations=(0.2, 0.2))
        view = side_views(sc)[0]
        opening = int(view.order[0])  # the worst package for us, repeated to the end
        agent = IntegrativeAgent()
        agent.start(view, 200)
        offers = []
        for s in range(1, 200, 2):
            answer = agent.respond(s / 200, opening)
            if answer == ACCEPT:
                break
            offers.append(answer)
        assert agent._theirs is not None
        estimated = agent._theirs[np.asarray(offers)]  # one repeated offer: the model is fixed
        assert np.all(np.diff(estimated) >= -1e-12), seed
        ours = view.utilities[np.asarray(offers)]
        assert ours[-1] < ours[0]  # it did concede
