"""A declared counterpart model: their priority and walk-away per term, typed in by the user."""

from __future__ import annotations

import pytest

from accord.bootstrap import Accord
from accord.domain.engine.analysis import ScenarioAnalysis
from accord.domain.engine.record import NegotiationAnalysis
from accord.errors import ValidationError
from accord.services import negotiations
from accord.services.analysis import analyze_stored_negotiation
from tests.support.factories import rate_negotiation


def _analysis(app: Accord, negotiation_id: int) -> NegotiationAnalysis:
    return analyze_stored_negotiation(
        app.store.unit_of_work(), app.clock.now(), negotiation_id
    ).result


def _declare(app: Accord, negotiation_id: int, name: str, **changes: object) -> None:
    negotiations.revise_term(
        app.store.unit_of_work(), app.clock.now(), negotiation_id, name, dict(changes)
    )


def test_declared_priorities_become_their_weights(sqlite_accord: Accord) -> None:
    app = sqlite_accord
    nid = rate_negotiation(app).id
    assert nid is not None
    for name, level in (("rate_97110", 5), ("visit_cap", 2), ("payment_days", 1)):
        _declare(app, nid, name, their_priority=level)
    result = _analysis(app, nid)
    theirs = result.analysis.scenario.theirs
    names = result.analysis.scenario.space.names
    weights = dict(zip(names, theirs.weights, strict=True))
    assert weights["rate_97110"] == pytest.approx(5 / 8)
    assert weights["visit_cap"] == pytest.approx(2 / 8)
    assert weights["payment_days"] == pytest.approx(1 / 8)
    assert not theirs.estimated
    assert "their priorities declared for 3 of 3 terms" in result.notes[0]


def test_undeclared_terms_share_the_rest_at_an_average_priority(sqlite_accord: Accord) -> None:
    app = sqlite_accord
    nid = rate_negotiation(app).id
    assert nid is not None
    _declare(app, nid, "rate_97110", their_priority=5)
    result = _analysis(app, nid)
    scenario = result.analysis.scenario
    weights = dict(zip(scenario.space.names, scenario.theirs.weights, strict=True))
    # No offers of theirs: the two undeclared terms stand at priority 3 each.
    assert weights["rate_97110"] == pytest.approx(5 / 11)
    assert weights["visit_cap"] == pytest.approx(3 / 11)
    assert scenario.theirs.estimated
    assert "1 of 3 terms" in result.notes[0]


def test_what_they_care_about_moves_the_nash_point(sqlite_accord: Accord) -> None:
    app = sqlite_accord
    nid = rate_negotiation(app).id
    assert nid is not None
    before = _analysis(app, nid).analysis
    _declare(app, nid, "rate_97110", their_priority=1)
    _declare(app, nid, "payment_days", their_priority=5)
    after = _analysis(app, nid).analysis
    assert before.nash is not None and after.nash is not None

    # They care little about the rate now: the fair package gives us a better rate.
    def rate_of(analysis: ScenarioAnalysis, index: int) -> float:
        return float(analysis.scenario.space.offer_of(index)["rate_97110"])

    assert rate_of(after, after.nash.index) > rate_of(before, before.nash.index)


def test_their_walk_away_beyond_ours_shows_the_term_blocks_agreement(
    sqlite_accord: Accord,
) -> None:
    app = sqlite_accord
    nid = rate_negotiation(app).id
    assert nid is not None
    # We walk away below $33; we believe they will not pay more than $31.
    _declare(app, nid, "rate_97110", their_walk_away=31)
    zopa = _analysis(app, nid).analysis.zopa
    rate = next(t for t in zopa.terms if t.term == "rate_97110")
    assert rate.exists is False
    # Limits are hard (issue 9): no trade on other terms bridges a rate both sides refuse.
    assert not zopa.exists and zopa.blocking_terms == ("rate_97110",)
    # A believable limit above ours opens the range between them.
    _declare(app, nid, "rate_97110", their_walk_away=36)
    rate = next(t for t in _analysis(app, nid).analysis.zopa.terms if t.term == "rate_97110")
    assert rate.exists is True


def test_a_declared_priority_outside_one_to_five_is_refused_and_nothing_changes(
    sqlite_accord: Accord,
) -> None:
    app = sqlite_accord
    nid = rate_negotiation(app).id
    assert nid is not None
    with pytest.raises(ValidationError) as caught:
        _declare(app, nid, "rate_97110", their_priority=7)
    assert caught.value.field == "their_priority"
    with pytest.raises(ValidationError, match="above the range"):
        _declare(app, nid, "rate_97110", their_walk_away=500)
    term = negotiations.get_negotiation(app.store.unit_of_work(), nid).term("rate_97110")
    assert term.their_priority is None and term.their_walk_away is None


def test_declared_values_round_trip_on_both_databases(accord: Accord) -> None:
    nid = rate_negotiation(accord).id
    assert nid is not None
    _declare(accord, nid, "payment_days", their_priority=4, their_walk_away=40)
    term = negotiations.get_negotiation(accord.store.unit_of_work(), nid).term("payment_days")
    assert (term.their_priority, term.their_walk_away) == (4, 40.0)
