"""The engine's analysis of stored negotiations, through the service and the CLI."""

from __future__ import annotations

from datetime import timedelta

import pytest

from accord.bootstrap import Accord
from accord.domain.offers import Side
from accord.errors import ConflictError, ValidationError
from accord.services import activity, negotiations
from accord.services.analysis import analyze_stored_negotiation, term_specs
from accord.services.demo import load_demo
from tests.support.factories import rate_negotiation


def test_numeric_terms_are_analysed_over_the_span_between_the_parties(
    sqlite_accord: Accord,
) -> None:
    app = sqlite_accord
    negotiation = rate_negotiation(app)
    assert negotiation.id is not None
    activity.record_offer(app.store.unit_of_work(), app.clock.now(), negotiation.id,
                          side=Side.THEIRS, values={"rate_97110": 30.5})  # fmt: skip
    loaded = negotiations.get_negotiation(app.store.unit_of_work(), negotiation.id)
    specs = {s.name: s for s in term_specs(loaded)}
    assert (specs["rate_97110"].minimum, specs["rate_97110"].maximum) == (30.5, 42.0)
    assert (specs["payment_days"].minimum, specs["payment_days"].maximum) == (21.0, 45.0)


def test_the_demo_negotiations_get_a_frontier_a_nash_point_and_advice(
    sqlite_accord: Accord,
) -> None:
    app = sqlite_accord
    for negotiation_id in load_demo(app.store.unit_of_work, app.clock.now()):
        stored = analyze_stored_negotiation(app.store.unit_of_work(), app.clock.now(),
                                            negotiation_id)  # fmt: skip
        result = stored.result
        assert result.analysis.nash is not None
        assert len(result.analysis.frontier.indices) > 1
        assert result.their_offers and result.our_offers
        # The advice never asks for less than the Nash point gives us and stays on our side.
        assert 0.0 <= result.next_offer.ours <= 1.0
        assert result.counterpart.offers == len(result.their_offers)
        # Their hardest offer is worth less to us than our own latest offer.
        assert result.their_offers[0].ours < result.our_offers[-1].ours


def test_the_sca_demo_offers_land_on_the_grid_exactly(sqlite_accord: Accord) -> None:
    app = sqlite_accord
    sca = load_demo(app.store.unit_of_work, app.clock.now())[0]
    result = analyze_stored_negotiation(app.store.unit_of_work(), app.clock.now(), sca).result
    assert "per_diem=690" in result.their_offers[-1].description
    assert "per_diem=480" in result.our_offers[-1].description


def test_a_negotiation_without_terms_gets_a_clear_error(sqlite_accord: Accord) -> None:
    app = sqlite_accord
    negotiation = rate_negotiation(app)
    assert negotiation.id is not None
    with app.store.unit_of_work() as uow:
        n = uow.negotiations.get(negotiation.id)
        n.terms.clear()
        uow.commit()
    with pytest.raises(ValidationError, match="no terms yet"):
        analyze_stored_negotiation(app.store.unit_of_work(), app.clock.now(), negotiation.id)


def test_a_stale_version_is_refused_on_an_edit_but_not_on_an_append(accord: Accord) -> None:
    negotiation = rate_negotiation(accord)
    assert negotiation.id is not None
    version = negotiation.version
    now = accord.clock.now()
    activity.record_offer(accord.store.unit_of_work(), now, negotiation.id, side=Side.OURS,
                          values={"visit_cap": 40}, expected_version=version)  # fmt: skip
    # An offer overwrites nothing: it is recorded whatever version its sender saw.
    activity.record_offer(accord.store.unit_of_work(), now + timedelta(minutes=1),
                          negotiation.id, side=Side.OURS, values={"visit_cap": 35},
                          expected_version=version)  # fmt: skip
    # An edit made from the old version would undo what happened since: refused.
    with pytest.raises(ConflictError, match="changed since you opened it"):
        negotiations.revise_negotiation(accord.store.unit_of_work(), now, negotiation.id,
                                        title="Renamed", expected_version=version)  # fmt: skip
    loaded = negotiations.get_negotiation(accord.store.unit_of_work(), negotiation.id)
    assert [o.values for o in loaded.offers] == [{"visit_cap": 40.0}, {"visit_cap": 35.0}]
    assert loaded.title == negotiation.title
