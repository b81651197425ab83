from __future__ import annotations

import json
from typing import Any

from accord.adapters.scenarios import parse_scenario
from accord.domain.engine.analysis import analyze, position_of
from accord.domain.engine.zopa import zopa

SCA: dict[str, Any] = {
    "terms": [
        {"name": "per_diem", "kind": "per_diem", "range": [350, 650], "resolution": 50},
        {"name": "days", "kind": "days", "range": [10, 30], "resolution": 5},
    ],
    "sides": {
        "ours": {
            "reservation": 0.3,
            "weights": {"per_diem": 0.7, "days": 0.3},
            "values": {"per_diem": "lower_better", "days": "lower_better"},
            "walk_away": {"per_diem": 500, "days": 25},
        },
        "theirs": {
            "reservation": 0.3,
            "weights": {"per_diem": 0.5, "days": 0.5},
            "values": {"per_diem": "higher_better", "days": "higher_better"},
            "walk_away": {"per_diem": 450, "days": 15},
        },
    },
}


def test_per_term_zopa_is_the_overlap_of_both_walk_aways() -> None:
    z = zopa(parse_scenario(SCA))
    per = {t.term: t for t in z.terms}
    assert z.exists
    assert per["per_diem"].exists and (per["per_diem"].low, per["per_diem"].high) == ("450", "500")
    assert per["days"].exists and (per["days"].low, per["days"].high) == ("15", "25")


def test_without_a_zopa_the_blocking_term_is_named() -> None:
    data = json.loads(json.dumps(SCA))
    data["sides"]["ours"].update(reservation=0.9, walk_away={"per_diem": 400})
    data["sides"]["theirs"]["reservation"] = 0.9
    z = zopa(parse_scenario(data))
    assert not z.exists and z.acceptable_outcomes == 0
    assert z.best_shortfall > 0
    assert z.blocking_terms == ("per_diem",)
    assert analyze(parse_scenario(data)).nash is None


def test_offer_position_reports_its_distance_to_the_frontier_and_nash() -> None:
    sc = parse_scenario(SCA)
    an = analyze(sc)
    worst_for_both = sc.space.offer_index({"per_diem": 500, "days": 20})
    pos = position_of(an, worst_for_both)
    assert pos.distance_to_frontier >= 0.0
    assert pos.distance_to_nash is not None and pos.distance_to_nash >= pos.distance_to_frontier
    assert pos.description == "per_diem=500, days=20"
