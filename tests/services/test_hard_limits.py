"""Issue 9 §1: every package Accord advises on a stored negotiation respects each of our
per-term walk-aways (the two examples of the issue, on the demo's PT case)."""

from __future__ import annotations

from accord.bootstrap import Accord
from accord.domain.engine.advice import package_targets, reference_points
from accord.domain.engine.record import NegotiationAnalysis
from accord.domain.negotiation import Negotiation
from accord.domain.terms import Direction
from accord.services import negotiations
from accord.services.analysis import analyze_stored_negotiation
from accord.services.demo import load_demo


def _pt_case(app: Accord) -> tuple[Negotiation, NegotiationAnalysis]:
    ids = load_demo(app.store.unit_of_work, app.clock.now())
    for nid in ids:
        negotiation = negotiations.get_negotiation(app.store.unit_of_work(), nid)
        if any(t.name == "visit_cap" for t in negotiation.terms):
            result = analyze_stored_negotiation(app.store.unit_of_work(), app.clock.now(), nid)
            return negotiation, result.result
    raise AssertionError("the demo has no PT rate negotiation")


def _beyond(negotiation: Negotiation, values: dict[str, object]) -> list[str]:
    """Terms whose value lies beyond our walk-away, by the term's own direction."""
    out = []
    for term in negotiation.terms:
        value, walk = values.get(term.name), term.walk_away
        if not isinstance(value, float) or not isinstance(walk, float | int):
            continue
        if term.direction is Direction.HIGHER_BETTER and value < walk - 1e-9:
            out.append(f"{term.name}={value:g} below {walk:g}")
        if term.direction is Direction.LOWER_BETTER and value > walk + 1e-9:
            out.append(f"{term.name}={value:g} above {walk:g}")
    return out


def test_the_pt_demo_advice_never_goes_below_a_rate_or_visit_cap_walk_away(
    sqlite_accord: Accord,
) -> None:
    negotiation, result = _pt_case(sqlite_accord)
    visit_cap = negotiation.term("visit_cap")
    # More visits allowed is better for the practice: below 24 is beyond our limit.
    assert visit_cap.direction is Direction.HIGHER_BETTER and visit_cap.walk_away == 24
    space = result.analysis.scenario.space
    advice = package_targets(result.analysis)
    assert advice.opening is not None and advice.target is not None
    advised = {
        "open": advice.opening.index,
        "aim": advice.target.index,
        "next offer": result.next_offer.index,
    } | {f"MESO {k}": m.index for k, m in enumerate(result.analysis.mesos)}
    for label, index in advised.items():
        values = dict(space.offer_of(index))
        assert _beyond(negotiation, values) == [], label
        assert float(values["visit_cap"]) >= 24, label
        assert float(values["rate_97140"]) >= 30.0, label
        assert float(values["rate_97161"]) >= 104.0, label


def test_reference_points_that_cross_a_walk_away_are_flagged_with_the_term(
    sqlite_accord: Accord,
) -> None:
    negotiation, result = _pt_case(sqlite_accord)
    space = result.analysis.scenario.space
    for ref in reference_points(result.analysis):
        assert ref.point is not None
        beyond = _beyond(negotiation, dict(space.offer_of(ref.point.index)))
        assert [c.term for c in ref.crossings] == [b.split("=")[0] for b in beyond]
        if beyond:
            assert ref.flag is not None and ref.flag.startswith("beyond your walk-away on ")


def test_the_latest_offers_are_shown_at_the_values_made(sqlite_accord: Accord) -> None:
    _, result = _pt_case(sqlite_accord)
    ours, theirs = result.our_offers[-1], result.their_offers[-1]
    # The demo's last offers were $39.00 (ours) and $31.00 (theirs) for 97110.
    assert "rate_97110=39 USD" in ours.description
    assert "rate_97110=31 USD" in theirs.description
    for position in (ours, theirs):
        assert position.snapped_to is None or position.snapped_to != position.description
