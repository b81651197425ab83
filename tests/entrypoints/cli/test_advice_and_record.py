from __future__ import annotations

import numpy as np
import pytest

from accord.domain.engine.advice import (
    StaticBenchmarks,
    next_offer,
    packages_to_propose,
    price_targets,
)
from accord.domain.engine.record import OfferSpec, TermSpec, analyze_negotiation
from accord.domain.market.benchmark import Benchmark
from accord.errors import ValidationError
from tests.support.engine_factories import random_scenario

MARKET = Benchmark(p25=80.0, p50=95.0, p75=110.0, medicare=70.0)


def test_provider_opens_at_the_75th_percentile_and_walks_away_at_cost() -> None:
    t = price_targets(higher_better=True, cost=85.0, batna=None, benchmark=MARKET)
    assert (t.opening.value, t.target.value, t.walk_away.value) == (110.0, 95.0, 85.0)
    assert "75th percentile" in t.opening.reason


def test_payer_walks_away_at_its_batna_and_opens_low() -> None:
    t = price_targets(higher_better=False, cost=None, batna=100.0, benchmark=MARKET)
    assert t.walk_away.value == 100.0
    assert t.opening.value <= t.target.value <= t.walk_away.value


def test_price_targets_need_some_data() -> None:
    with pytest.raises(ValidationError):
        price_targets(higher_better=True, cost=None, batna=None, benchmark=None)


def test_static_benchmarks_serve_what_the_user_typed() -> None:
    src = StaticBenchmarks({"97110": MARKET})
    assert src.benchmark("97110") == MARKET
    assert src.benchmark("97140") is None


@pytest.mark.parametrize("plan", ["boulware", "linear", "conceder"])
def test_next_offer_concedes_more_over_time(plan: str) -> None:
    sc = random_scenario((5, 5, 5), 1)
    early = next_offer(sc, [], [], t=0.1, plan=plan)
    late = next_offer(sc, [], [], t=0.9, plan=plan)
    assert early.ours >= late.ours
    assert early.reason


def test_boulware_plan_keeps_more_than_a_conceder_plan() -> None:
    sc = random_scenario((5, 5, 5), 2)
    assert (
        next_offer(sc, [], [], t=0.5, plan="boulware").ours
        >= next_offer(sc, [], [], t=0.5, plan="conceder").ours
    )


def test_tit_for_tat_plan_concedes_what_they_conceded() -> None:
    sc = random_scenario((5, 5, 5), 3)
    order = np.argsort(sc.our_utilities)
    theirs = [int(order[0]), int(order[40])]
    ours = [int(order[-1])]
    gave = sc.our_utilities[theirs[1]] - sc.our_utilities[theirs[0]]
    nxt = next_offer(sc, ours, theirs, t=0.5, plan="tit-for-tat")
    assert nxt.ours >= sc.our_utilities[ours[0]] - gave - 1e-9
    assert "tit-for-tat" in nxt.reason


def test_packages_to_propose_are_equal_for_us_and_different_for_them() -> None:
    sc = random_scenario((5, 5, 5), 4)
    packs = packages_to_propose(sc, 0.6, k=3)
    assert len(packs) == 3
    assert all(abs(p.ours - 0.6) <= 0.03 + 1e-9 for p in packs)
    assert len({round(p.theirs, 6) for p in packs}) == 3


TERMS = [
    TermSpec("per_diem", "per_diem", "USD/day", 350, 650, direction="lower_better",
             opening=400, target=450, walk_away=550, priority=5),
    TermSpec("days", "days", "days", 10, 30, direction="lower_better", walk_away=24, priority=3),
    TermSpec("therapy", "service_included", direction="higher_better", priority=2),
    TermSpec("care", "categorical", options=("skilled", "intermediate"), priority=1),
]  # fmt: skip


def test_record_terms_become_a_scenario_with_weights_from_priorities() -> None:
    from accord.domain.engine.record import preferences_from_terms

    sc = preferences_from_terms(TERMS)
    assert np.allclose(sc.ours.weights, np.array([5, 3, 2, 1]) / 11)
    assert sc.theirs.estimated and np.allclose(sc.theirs.weights, 0.25)
    assert 0.0 < sc.ours.reservation < 1.0


def test_stored_negotiation_is_analysed_from_partial_offers() -> None:
    offers = [
        OfferSpec("ours", {"per_diem": 400, "days": 14, "therapy": True, "care": "skilled"}),
        OfferSpec("theirs", {"per_diem": 620, "days": 30, "therapy": False, "care": "skilled"}),
        OfferSpec("ours", {"per_diem": 425}),
        OfferSpec("theirs", {"per_diem": 600}),
        OfferSpec("theirs", {"per_diem": 603}),
    ]
    result = analyze_negotiation(TERMS, offers, t=0.5)
    assert len(result.our_offers) == 2 and len(result.their_offers) == 3
    # shown as made (603), with the grid level it was analysed as (610) said aside
    assert result.their_offers[-1].description.startswith("per_diem=603 USD/day")
    snapped = result.their_offers[-1].snapped_to
    assert snapped is not None and snapped.startswith("per_diem=610")
    assert result.counterpart.offers == 3
    assert result.counterpart.estimated_weights["care"] > 0.25  # never moved
    assert result.analysis.nash is not None
    assert result.next_offer.ours >= result.analysis.scenario.ours.reservation


def test_record_offer_outside_the_range_names_the_offer() -> None:
    with pytest.raises(ValidationError) as err:
        analyze_negotiation(TERMS, [OfferSpec("theirs", {"per_diem": 900})])
    assert err.value.field == "offers.theirs[0].per_diem"


def test_record_term_with_an_unknown_kind_is_rejected() -> None:
    with pytest.raises(ValidationError) as err:
        analyze_negotiation([TermSpec("x", "copay")])
    assert err.value.field == "terms[0].kind"


def test_next_offer_never_asks_for_more_than_our_last_offer() -> None:
    sc = random_scenario((5, 5, 5), 8)
    order = np.argsort(sc.our_utilities)
    modest = int(order[len(order) // 2])
    nxt = next_offer(sc, [modest], [int(order[0])], t=0.1, plan="boulware")
    assert nxt.ours <= sc.our_utilities[modest] + 1e-9
    assert "never retreat" in nxt.reason


def test_package_advice_opens_above_the_nash_point_and_aims_at_it() -> None:
    from accord.domain.engine.advice import package_targets
    from accord.domain.engine.analysis import analyze

    sc = random_scenario((5, 5, 5), 9)
    an = analyze(sc)
    advice = package_targets(an)
    assert advice.opening is not None and advice.target is not None and an.nash is not None
    assert advice.opening.ours >= advice.target.ours == an.nash.ours
    assert advice.opening.theirs >= sc.theirs.reservation


def test_stored_negotiation_analysis_renders_for_the_cli() -> None:
    import io

    from rich.console import Console

    from accord.entrypoints.cli.engine import render_negotiation_analysis

    offers = [
        OfferSpec("ours", {"per_diem": 400, "days": 14, "therapy": True, "care": "skilled"}),
        OfferSpec("theirs", {"per_diem": 620, "days": 30, "therapy": False, "care": "skilled"}),
        OfferSpec("theirs", {"per_diem": 600}),
    ]
    buf = io.StringIO()
    render_negotiation_analysis(Console(file=buf, width=120), analyze_negotiation(TERMS, offers))
    text = buf.getvalue()
    for words in ("ZOPA", "counterpart", "next offer", "their latest offer", "estimated"):
        assert words in text
