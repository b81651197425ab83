"""Our per-term walk-aways are hard limits on every advised package (issue 9 §1).

A property test over thousands of random negotiations: whatever the terms, directions,
walk-aways, grid and offers, no advised package (opening, aim, next offer under every
plan, MESOs) lies beyond one of our walk-aways, judged on the walk-away values the user
typed (not on the engine's grid).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.domain.engine.advice import CONCESSION_PLANS, next_offer, package_targets
from accord.domain.engine.analysis import analyze
from accord.domain.engine.limits import limits_of
from accord.domain.engine.record import OfferSpec, TermSpec, analyze_negotiation
from accord.domain.engine.scenario import Scenario
from tests.support.engine_factories import random_scenario


@dataclass(frozen=True)
class Case:
    terms: list[TermSpec]
    offers: list[OfferSpec]
    resolution: dict[str, float]
    t: float
    plan: str


@st.composite
def negotiations(draw: st.DrawFn) -> Case:
    n = draw(st.integers(1, 4))
    terms: list[TermSpec] = []
    resolution: dict[str, float] = {}
    for i in range(n):
        name = f"t{i}"
        if draw(st.booleans()) or i == 0:
            low = draw(st.integers(0, 200))
            high = low + draw(st.integers(2, 300))
            walk = draw(st.none() | st.floats(low, high, allow_nan=False))
            resolution[name] = (high - low) / draw(st.integers(2, 12))
            terms.append(TermSpec(
                name, "rate_per_unit", minimum=float(low), maximum=float(high),
                direction=draw(st.sampled_from(["higher_better", "lower_better"])),
                walk_away=walk, priority=draw(st.integers(1, 5)),
                their_priority=draw(st.none() | st.integers(1, 5)),
                their_walk_away=draw(st.none() | st.floats(low, high, allow_nan=False)),
            ))  # fmt: skip
        else:
            options = tuple(f"o{j}" for j in range(draw(st.integers(2, 4))))
            terms.append(TermSpec(
                name, "categorical", options=options,
                walk_away=draw(st.none() | st.sampled_from(options)),
                priority=draw(st.integers(1, 5)),
            ))  # fmt: skip
    offers = []
    for k in range(draw(st.integers(0, 6))):
        values: dict[str, object] = {}
        for spec in terms:
            if spec.options:
                values[spec.name] = draw(st.sampled_from(spec.options))
            else:
                assert spec.minimum is not None and spec.maximum is not None
                values[spec.name] = draw(st.floats(spec.minimum, spec.maximum))
        offers.append(OfferSpec("ours" if k % 2 else "theirs", values))
    return Case(
        terms,
        offers,
        resolution,
        draw(st.floats(0, 1)),
        draw(st.sampled_from(list(CONCESSION_PLANS))),
    )


def _beyond(terms: list[TermSpec], package: dict[str, str | float]) -> list[str]:
    """Terms of a package beyond our walk-away, judged on the typed walk-away values."""
    out = []
    for spec in terms:
        value, walk = package[spec.name], spec.walk_away
        if walk is None:
            continue
        if spec.options:  # categorical: options are ranked best first
            worse = spec.options.index(str(value)) > spec.options.index(str(walk))
        else:
            x, limit = float(value), float(str(walk))
            up = spec.direction == "higher_better"
            worse = x < limit - 1e-9 if up else x > limit + 1e-9
        if worse:
            out.append(spec.name)
    return out


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(negotiations())
def test_no_advised_package_lies_beyond_a_walk_away(case: Case) -> None:
    result = analyze_negotiation(
        case.terms, case.offers, t=case.t, plan=case.plan, resolution=case.resolution
    )
    an = result.analysis
    space = an.scenario.space
    advice = package_targets(an)
    advised = [result.next_offer.index] + [m.index for m in an.mesos]
    advised += [p.index for p in (advice.opening, advice.target) if p is not None]
    if advice.target is None:
        assert advice.conflict  # no advice: said in words
    for index in advised:
        assert _beyond(case.terms, space.offer_of(index)) == []
    for index in (p.index for p in (an.nash, an.kalai_smorodinsky, an.max_welfare) if p):
        # reference points may cross; when they do, the crossing names the same terms
        crossed = [c.term for c in an.limits.crossings(index)]
        assert crossed == _beyond(case.terms, space.offer_of(index))


def _limited(seed: int, shape: tuple[int, ...]) -> Scenario:
    sc = random_scenario(shape, seed, reservations=(0.2, 0.1))
    rng = np.random.default_rng(seed)
    walk = {t.name: int(rng.integers(t.size)) for t in sc.space.terms if rng.random() < 0.7}
    ours = type(sc.ours)(sc.ours.weights, sc.ours.values, 0.2, walk_away=walk)
    return Scenario(sc.name, sc.space, ours, sc.theirs)


def test_scenario_advice_stays_within_limits_and_matches_brute_force() -> None:
    for seed in range(200):
        sc = _limited(seed, (3, 4, 5, 2))
        an = analyze(sc)
        ok = limits_of(sc).mask()
        u1, u2 = sc.our_utilities, sc.their_utilities
        for m in an.mesos:
            assert ok[m.index]
        nxt = next_offer(sc, [], [], t=0.5, plan="linear")
        assert ok[nxt.index]
        # the aim is the Nash point among the packages within our limits, by brute force
        r1, r2 = an.disagreement
        feasible = ok & (u1 >= r1) & (u2 >= r2)
        if not feasible.any():
            assert an.within_nash is None
            continue
        best = float(np.max(np.where(feasible, (u1 - r1) * (u2 - r2), -np.inf)))
        assert an.within_nash is not None and ok[an.within_nash.index]
        gain = (an.within_nash.ours - r1) * (an.within_nash.theirs - r2)
        assert abs(gain - best) < 1e-12


def _package(sc: Scenario, description: str) -> int:
    values = dict(part.split("=") for part in description.split(", "))
    return sc.space.offer_index({k: v.split(" ")[0] for k, v in values.items()})


def test_the_rehearsal_coach_never_suggests_or_accepts_beyond_a_walk_away() -> None:
    from accord.adapters.scenarios import load_builtin
    from accord.services.rehearsal import Turn, rehearse

    sc = load_builtin("snf-sca")  # we walk away above 575 USD/day and above 26 days
    seen: list[Turn] = []

    def moves(turn: Turn) -> str:
        seen.append(turn)
        return "per_diem=350, days=18, therapy_included=yes"

    for plan in ("conceder", "linear", "tit-for-tat"):
        rehearse(sc, "conceder", moves, rounds=12, plan=plan)
    limits = limits_of(sc)
    verdicts = set()
    for turn in seen:
        assert turn.coach is not None
        suggested = turn.coach.split("coach: offer ", 1)[1].split(" (", 1)[0]
        assert limits.within(_package(sc, suggested)), turn.coach
        if turn.their_offer is not None and ": accept." in turn.coach:
            verdicts.add("accept")
            assert limits.within(_package(sc, turn.their_offer)), turn.coach
        if "do not accept" in turn.coach:
            verdicts.add("refuse")
            assert turn.their_offer and not limits.within(_package(sc, turn.their_offer))
    assert "refuse" in verdicts  # the conceder's 30 days are worth a lot but cross a limit


def test_when_no_package_suits_both_limits_the_advice_says_so_and_names_the_term() -> None:
    terms = [
        TermSpec("rate_97110", "rate_per_unit", minimum=80, maximum=120, walk_away=100,
                 their_walk_away=90),
        TermSpec("visit_cap", "visits", minimum=10, maximum=40, walk_away=20),
    ]  # fmt: skip
    result = analyze_negotiation(terms, resolution={"rate_97110": 5, "visit_cap": 5})
    advice = package_targets(result.analysis)
    assert advice.target is None and not result.analysis.zopa.exists
    assert advice.conflict == (
        "no package is within your walk-away and their stated walk-away on rate_97110 "
        "(your walk-away 100, theirs 90): one of you must move there, or turn to your BATNA"
    )
    # the next offer still holds the line
    offer = result.analysis.scenario.space.offer_of(result.next_offer.index)
    assert float(offer["rate_97110"]) >= 100 and float(offer["visit_cap"]) >= 20


def test_the_visit_cap_example_never_advises_fewer_visits_than_the_walk_away_of_24() -> None:
    # Issue 9: with visit_cap's walk-away at 24 (more visits are better for the practice)
    # the advice said "next offer 22" and "aim for 20": below 24 is beyond the limit.
    terms = [
        TermSpec("rate_97110", "rate_per_unit", minimum=30, maximum=42, opening=42,
                 target=38, walk_away=33, priority=5),
        TermSpec("visit_cap", "visits", minimum=20, maximum=40, opening=40, target=30,
                 walk_away=24, priority=4),
        TermSpec("payment_days", "payment_days", minimum=21, maximum=45,
                 direction="lower_better", opening=21, target=30, walk_away=45, priority=2),
    ]  # fmt: skip
    offers = [
        OfferSpec("ours", {"rate_97110": 42, "visit_cap": 40, "payment_days": 21}),
        OfferSpec("theirs", {"rate_97110": 30, "visit_cap": 20, "payment_days": 45}),
        OfferSpec("ours", {"rate_97110": 39, "visit_cap": 32, "payment_days": 30}),
        OfferSpec("theirs", {"rate_97110": 31, "visit_cap": 20, "payment_days": 45}),
    ]
    steps = {"rate_97110": 1.0, "visit_cap": 2.0, "payment_days": 3.0}
    for plan in CONCESSION_PLANS:  # linear and conceder advised 20 visits before
        result = analyze_negotiation(terms, offers, t=0.9, plan=plan, resolution=steps)
        space = result.analysis.scenario.space
        advice = package_targets(result.analysis)
        assert advice.target is not None
        for index in (result.next_offer.index, advice.target.index):
            assert float(space.offer_of(index)["visit_cap"]) >= 24, plan
            assert float(space.offer_of(index)["rate_97110"]) >= 33, plan


def test_a_conflict_names_the_term_by_its_label_when_it_has_one() -> None:
    label = "97110 therapeutic exercise — rate per unit"
    terms = [
        TermSpec("rate_97110", "rate_per_unit", minimum=80, maximum=120, walk_away=100,
                 their_walk_away=90, title=label),
        TermSpec("visit_cap", "visits", minimum=10, maximum=40, walk_away=20),
    ]  # fmt: skip
    result = analyze_negotiation(terms, resolution={"rate_97110": 5, "visit_cap": 5})
    conflict = package_targets(result.analysis).conflict
    assert conflict is not None and f"their stated walk-away on {label} (your" in conflict
    assert "rate_97110" not in conflict
