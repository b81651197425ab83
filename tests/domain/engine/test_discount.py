"""Genius discount factors: read per profile, applied to agreements by time (u · d**t)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from accord.adapters.scenarios import load_genius_domain, parse_scenario
from accord.domain.engine.agents import ACCEPT, HumanAgent
from accord.domain.engine.preferences import Preferences
from accord.domain.engine.simulator import negotiate, outcome_utilities
from accord.domain.engine.tournament import run_tournament
from accord.errors import InputFileError, ValidationError

DISCOUNTED = {  # every ANAC fixture whose profiles carry a discount factor below 1
    "y2011/Grocery": 0.805562132,
    "y2011/Laptop": 0.42441038,
    "y2012/CameraB": 0.5,
    "y2012/EnergySmallA": 0.75,
    "y2013/Lunch": 0.5,
}
UNDISCOUNTED = [  # no discount_factor element, or one of 1.0
    "y2010/ItexvsCypress",
    "y2010/Travel",
    "y2013/Icecream",
    "y2015/group1-university",
]


@pytest.mark.parametrize(("domain", "factor"), sorted(DISCOUNTED.items()))
def test_each_profile_keeps_the_discount_factor_of_its_file(
    shared_fixtures: Path, domain: str, factor: float
) -> None:
    sc = load_genius_domain(shared_fixtures / "anac" / domain)
    assert sc.ours.discount == pytest.approx(factor)
    assert sc.theirs.discount == pytest.approx(factor)
    assert sc.ours.discounted and sc.theirs.discounted


@pytest.mark.parametrize("domain", UNDISCOUNTED)
def test_profiles_without_a_discount_below_one_are_undiscounted(
    shared_fixtures: Path, domain: str
) -> None:
    sc = load_genius_domain(shared_fixtures / "anac" / domain)
    assert sc.ours.discount == 1.0 and not sc.ours.discounted
    assert sc.ours.at_time(0.7, 1.0) == 0.7


def _accepts_at(step: int) -> HumanAgent:
    """A counterpart that repeats its first answer until ``step``, then accepts."""
    calls = {"n": 0}

    def decide(prompt: object) -> int:
        calls["n"] += 1
        return ACCEPT if calls["n"] >= step else 0

    return HumanAgent(decide, name=f"accepts-at-{step}")


def _opens_with(offer: int) -> HumanAgent:
    return HumanAgent(lambda prompt: offer, name="opener")


def test_an_agreement_late_in_time_scores_less_when_the_discount_is_below_one(
    shared_fixtures: Path,
) -> None:
    sc = load_genius_domain(shared_fixtures / "anac" / "y2011" / "Laptop")
    offer = int(np.argmax(sc.our_utilities))
    rounds = 10
    early = negotiate(sc, _opens_with(offer), _accepts_at(1), rounds=rounds)
    late = negotiate(sc, _opens_with(offer), _accepts_at(rounds), rounds=rounds)
    assert early.agreement == late.agreement == offer
    assert early.time == pytest.approx(1 / (2 * rounds))
    assert late.time == pytest.approx((2 * rounds - 1) / (2 * rounds))
    u = float(sc.our_utilities[offer])
    early_ours, _ = outcome_utilities(sc, early)
    late_ours, late_theirs = outcome_utilities(sc, late)
    assert early_ours == pytest.approx(u * 0.42441038**early.time)
    assert late_ours == pytest.approx(u * 0.42441038**late.time)
    assert late_ours < early_ours < u
    assert late_theirs == pytest.approx(float(sc.their_utilities[offer]) * 0.42441038**late.time)


def test_without_a_discount_the_time_of_the_agreement_does_not_matter(
    shared_fixtures: Path,
) -> None:
    sc = load_genius_domain(shared_fixtures / "anac" / "y2013" / "Icecream")
    offer = int(np.argmax(sc.our_utilities))
    early = negotiate(sc, _opens_with(offer), _accepts_at(1), rounds=10)
    late = negotiate(sc, _opens_with(offer), _accepts_at(10), rounds=10)
    assert outcome_utilities(sc, early) == outcome_utilities(sc, late)
    assert outcome_utilities(sc, late)[0] == float(sc.our_utilities[offer])


def test_a_failed_negotiation_keeps_a_reservation_value_discounted_to_the_deadline(
    shared_fixtures: Path,
) -> None:
    sc = load_genius_domain(shared_fixtures / "anac" / "y2013" / "Lunch")
    stubborn = int(np.argmax(sc.our_utilities))
    res = negotiate(sc, _opens_with(stubborn), _opens_with(stubborn), rounds=5)
    assert res.agreement is None and res.time == 1.0
    ours, theirs = outcome_utilities(sc, res)
    assert ours == pytest.approx(0.8 * 0.5) and theirs == pytest.approx(0.8 * 0.5)


def test_the_tournament_reports_discounted_utilities_on_a_discounted_domain(
    shared_fixtures: Path,
) -> None:
    sc = load_genius_domain(shared_fixtures / "anac" / "y2012" / "CameraB")
    plain = replace(
        sc, ours=replace(sc.ours, discount=1.0), theirs=replace(sc.theirs, discount=1.0)
    )
    styles = ("conceder", "hardball", "win-win")
    discounted = run_tournament([sc], styles, rounds=20).games
    undiscounted = run_tournament([plain], styles, rounds=20).games
    assert any(g.agreed and g.time > 0.5 for g in discounted)
    for g, p in zip(discounted, undiscounted, strict=True):
        assert (g.agreed, g.time, g.distance_nash) == (p.agreed, p.time, p.distance_nash)
        assert g.utility_a == pytest.approx(p.utility_a * 0.5**g.time)
        assert g.utility_b == pytest.approx(p.utility_b * 0.5**g.time)
        assert g.welfare == pytest.approx(g.utility_a + g.utility_b)


def test_a_discount_factor_outside_zero_to_one_is_refused() -> None:
    one = (np.ones(1),)
    for bad in (0.0, -0.2, 1.5, float("nan")):
        with pytest.raises(ValidationError, match="discount factor"):
            Preferences(np.ones(1), one, discount=bad)


def test_a_genius_profile_with_an_unreadable_discount_names_the_file(tmp_path: Path) -> None:
    domain = tmp_path / "d"
    domain.mkdir()
    (domain / "dom.xml").write_text(
        '<negotiation_template><utility_space><objective index="0" name="root">'
        '<issue index="1" name="colour" type="discrete">'
        '<item index="1" value="red"/><item index="2" value="blue"/></issue>'
        "</objective></utility_space></negotiation_template>"
    )
    profile = (
        '<utility_space><objective index="0" name="root">'
        '<issue index="1" name="colour" type="discrete">'
        '<item index="1" value="red" evaluation="1"/><item index="2" value="blue" evaluation="2"/>'
        '</issue><weight index="1" value="1"/></objective>'
        '<discount_factor value="{d}"/><reservation value="0"/></utility_space>'
    )
    (domain / "a.xml").write_text(profile.format(d="soon"))
    (domain / "b.xml").write_text(profile.format(d="0"))
    with pytest.raises(InputFileError, match="discount factor 'soon'") as exc:
        load_genius_domain(domain)
    assert "a.xml" in str(exc.value)
    (domain / "a.xml").write_text(profile.format(d="1.7"))
    with pytest.raises(InputFileError, match="outside"):
        load_genius_domain(domain)
    (domain / "a.xml").write_text(profile.format(d="0.9"))
    sc = load_genius_domain(domain)
    assert sc.ours.discount == 0.9
    assert sc.theirs.discount == 1.0  # 0 means "not set" in Genius


def test_a_scenario_file_may_give_a_side_a_discount_factor() -> None:
    data: dict[str, object] = {
        "name": "t",
        "terms": [{"name": "per_diem", "kind": "per_diem", "range": [400, 600]}],
        "sides": {"ours": {"values": {"per_diem": "lower_better"}, "discount": 0.9}},
    }
    sc = parse_scenario(data)
    assert sc.ours.discount == 0.9 and sc.theirs.discount == 1.0
    data["sides"] = {"ours": {"discount": 1.2}}
    with pytest.raises(ValidationError) as exc:
        parse_scenario(data)
    assert exc.value.field == "sides.ours.discount"


def test_the_discount_survives_a_new_reservation_value_and_a_swap(shared_fixtures: Path) -> None:
    sc = load_genius_domain(shared_fixtures / "anac" / "y2012" / "EnergySmallA")
    assert sc.ours.with_reservation(0.3).discount == 0.75
    assert sc.swapped().ours.discount == 0.75
