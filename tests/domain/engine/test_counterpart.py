from __future__ import annotations

import numpy as np

from accord.domain.engine.opponent import FrequencyModel, read_counterpart
from accord.domain.engine.simulator import negotiate
from accord.domain.engine.tournament import make_agent
from tests.support.engine_factories import opposed_scenario


def offers_by_side(style: str, seed: int) -> tuple[list[int], list[int]]:
    sc = opposed_scenario((6, 5, 6), seed)
    res = negotiate(sc, make_agent("hardball"), make_agent(style), rounds=30)
    offers = res.offers.tolist()
    return offers[0::2], offers[1::2]


def test_frequency_model_weighs_most_the_term_they_never_move_on() -> None:
    model = FrequencyModel((4, 4, 4))
    for second, third in [(0, 0), (1, 1), (2, 3), (3, 2), (1, 0)]:
        model.observe(np.array([2, second, third]))
    w = model.weights()
    assert int(np.argmax(w)) == 0
    assert np.isclose(w.sum(), 1.0)
    assert int(np.argmax(model.values()[0])) == 2


def test_boulware_counterpart_reads_as_hardball() -> None:
    hardball = 0
    for seed in range(10):
        sc = opposed_scenario((6, 5, 6), seed)
        ours, theirs = offers_by_side("hardball", seed)
        reading = read_counterpart(sc, theirs[:12], ours[:12], t=0.4)
        hardball += reading.style == "hardball"
    assert hardball >= 8


def test_conceding_counterpart_does_not_read_as_hardball() -> None:
    rates = []
    for seed in range(10):
        sc = opposed_scenario((6, 5, 6), seed)
        ours, theirs = offers_by_side("conceder", seed)
        reading = read_counterpart(sc, theirs[:8], ours[:8], t=0.3)
        assert reading.style != "hardball"
        rates.append(reading.concession_rate)
    assert float(np.mean(rates)) > 0


def test_too_few_offers_give_an_unknown_style_with_zero_confidence() -> None:
    sc = opposed_scenario((3, 3), 1)
    reading = read_counterpart(sc, [4])
    assert reading.style == "unknown" and reading.confidence == 0.0


def test_withdrawn_concession_raises_a_walk_away_signal() -> None:
    sc = opposed_scenario((5, 5), 2)
    order = np.argsort(sc.our_utilities)
    offers = [int(order[0]), int(order[10]), int(order[20]), int(order[2])]
    reading = read_counterpart(sc, offers, t=0.8)
    assert reading.walk_away_signal is not None


def test_stalled_sides_with_a_gap_raise_a_mediation_signal() -> None:
    sc = opposed_scenario((5, 5), 3)
    order = np.argsort(sc.our_utilities)
    reading = read_counterpart(sc, [int(order[0])] * 4, [int(order[-1])] * 4, t=0.5)
    assert reading.mediation_signal is not None


def test_predicted_settlement_range_lies_between_their_best_offer_and_ours() -> None:
    sc = opposed_scenario((6, 5, 6), 7)
    ours, theirs = offers_by_side("linear", 7)
    reading = read_counterpart(sc, theirs[:10], ours[:10], t=0.3)
    assert reading.settlement_low <= reading.settlement_high
    assert reading.settlement_low == max(reading.concession_curve)
    assert reading.settlement_high <= sc.our_utilities[ours[9]] + 1e-9


def test_a_facility_conceding_780_650_560_and_adding_therapy_is_not_read_as_hardball() -> None:
    from accord.domain.engine.record import OfferSpec, TermSpec, analyze_negotiation

    terms = [
        TermSpec("per_diem", "per_diem", minimum=480, maximum=780, direction="lower_better",
                 opening=480, target=560, walk_away=640, priority=5),
        TermSpec("length_of_stay", "days", minimum=14, maximum=24, direction="lower_better",
                 opening=14, target=18, walk_away=24),
        TermSpec("therapy_included", "service_included", walk_away="no", priority=2),
    ]  # fmt: skip
    offers = [
        OfferSpec("theirs", {"per_diem": 780, "length_of_stay": 24, "therapy_included": "no"}),
        OfferSpec("ours", {"per_diem": 480, "length_of_stay": 14, "therapy_included": "yes"}),
        OfferSpec("theirs", {"per_diem": 650, "therapy_included": "yes"}),
        OfferSpec("ours", {"per_diem": 500, "length_of_stay": 16}),
        OfferSpec("theirs", {"per_diem": 560}),
    ]
    reading = analyze_negotiation(terms, offers, t=0.5, resolution={"per_diem": 25}).counterpart
    assert reading.style != "hardball"
    assert "no reciprocity" not in reading.reasons
    # measured on the offers made: 780 → 650 → 560 are real concessions, in order
    assert reading.concession_curve[0] < reading.concession_curve[1] < reading.concession_curve[2]
