"""The rehearsal's move form, one field per term: what each term offers (a list or a
number with its range and step, in dollars where it is money) and the offer it reads,
refusing a value off the engine's grid rather than moving it."""

from __future__ import annotations

import pytest

from accord.adapters.scenarios.reader import parse_scenario
from accord.adapters.scenarios.scenario_files import ScenarioFiles
from accord.domain.engine.scenario import Scenario
from accord.errors import ValidationError
from accord.services.rehearsal import resolve_scenario
from accord.services.rehearsal_web import SHORT_LIST, offer_move, play_move, replay, term_guide


def _snf() -> Scenario:
    return resolve_scenario(ScenarioFiles(), "snf-sca")


def _uneven() -> Scenario:
    """Days from 0 to 7 every 2 (the engine keeps 7: levels 0, 2, 4, 6, 7) and a cap in
    dollars with few levels."""
    return parse_scenario({
        "name": "uneven",
        "terms": [
            {"name": "extra_days", "kind": "days", "unit": "days", "range": [0, 7],
             "resolution": 2},
            {"name": "benefit_cap", "kind": "rate_per_unit", "unit": "USD",
             "range": [5000, 10000], "resolution": 2500},
        ],
        "sides": {
            "ours": {"weights": {"extra_days": 0.5, "benefit_cap": 0.5},
                     "values": {"extra_days": "higher_better", "benefit_cap": "higher_better"}},
            "theirs": {"weights": {"extra_days": 0.5, "benefit_cap": 0.5},
                       "values": {"extra_days": "lower_better", "benefit_cap": "lower_better"}},
        },
    }, default_name="uneven")  # fmt: skip


def test_each_term_is_described_in_words_and_dollars() -> None:
    guides = {g.name: g for g in term_guide(_snf())}
    per_diem = guides["per_diem"]
    assert per_diem.label == "Per diem" and not per_diem.pick
    assert (per_diem.low, per_diem.high, per_diem.step) == (350.0, 650.0, 25.0)
    assert per_diem.summary == "from $350 to $650/day, in steps of $25"
    assert per_diem.shown[:2] == ("$350/day", "$375/day") and per_diem.values[0] == "350"
    assert guides["days"].summary == "from 10 to 30 days, in steps of 2"
    therapy = guides["therapy_included"]
    assert therapy.pick and therapy.values == ("yes", "no") and therapy.summary == "yes or no"


def test_a_grid_that_is_not_even_has_no_step_and_a_short_one_is_a_list() -> None:
    days, cap = term_guide(_uneven())
    assert days.values == ("0", "2", "4", "6", "7") and days.step is None
    assert days.summary == "from 0 to 7 days (5 values)" and days.pick  # 5 <= SHORT_LIST
    assert len(days.values) <= SHORT_LIST
    assert cap.summary == "from $5,000 to $10,000, in steps of $2,500"
    assert cap.shown == ("$5,000", "$7,500", "$10,000")


def test_an_offer_is_read_from_one_value_per_term() -> None:
    fields = {"per_diem": " 475 ", "days": "20", "therapy_included": "no"}
    assert offer_move(_snf(), fields) == "per_diem=475, days=20, therapy_included=no"
    assert offer_move(_uneven(), {"extra_days": "7", "benefit_cap": "7500.0"}) == (
        "extra_days=7, benefit_cap=7500"
    )


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"per_diem": "480"}, "move.per_diem", "480 falls between the steps; enter one from "
         "$350 to $650/day, in steps of $25 (nearest: $475/day or $500/day)"),
        ({"per_diem": "651"}, "move.per_diem",
         "651 is out of range; enter one from $350 to $650/day, in steps of $25"),
        ({"per_diem": "lots"}, "move.per_diem", "lots is not a value it takes; enter one from "
         "$350 to $650/day, in steps of $25"),
        ({"per_diem": "inf"}, "move.per_diem", "inf is not a value it takes; enter one from "
         "$350 to $650/day, in steps of $25"),
        ({"days": " "}, "move.days", "no value; enter one from 10 to 30 days, in steps of 2"),
        ({"therapy_included": "maybe"}, "move.therapy_included",
         "maybe is not a value it takes; choose yes or no"),
    ],
)  # fmt: skip
def test_a_value_the_engine_does_not_use_is_refused_at_its_field(
    fields: dict[str, str], field: str, message: str
) -> None:
    good = {"per_diem": "475", "days": "20", "therapy_included": "no"}
    with pytest.raises(ValidationError) as refused:
        offer_move(_snf(), {**good, **fields})
    assert refused.value.field == field and refused.value.message == f"{field}: {message}"


def test_between_uneven_levels_the_nearest_either_side_are_named() -> None:
    with pytest.raises(ValidationError) as refused:
        offer_move(_uneven(), {"extra_days": "6.5", "benefit_cap": "5000"})
    assert refused.value.message == (
        "move.extra_days: 6.5 falls between the steps; choose from 0 to 7 days (5 values) "
        "(nearest: 6 days or 7 days)"
    )


def test_the_fields_start_with_your_best_package_then_your_last_offer() -> None:
    scenario = _snf()
    assert replay(scenario, "linear", []).suggested_values == {
        "per_diem": "350", "days": "18", "therapy_included": "yes"
    }  # fmt: skip
    move = offer_move(scenario, {"per_diem": "500", "days": "22", "therapy_included": "no"})
    moves = play_move(scenario, "linear", [], move)
    state = replay(scenario, "linear", moves)
    assert state.waiting is not None and state.waiting.their_offer is not None
    assert state.suggested_values == {"per_diem": "500", "days": "22", "therapy_included": "no"}


def _large() -> Scenario:
    """A cap past a million dollars in steps of $12.50: seven significant digits."""
    return parse_scenario({
        "name": "large",
        "terms": [{"name": "cap", "kind": "rate_per_unit", "unit": "USD",
                   "range": [1000000, 1000100], "resolution": 12.5}],
        "sides": {"ours": {"values": {"cap": "higher_better"}},
                  "theirs": {"values": {"cap": "lower_better"}}},
    }, default_name="large")  # fmt: skip


@pytest.mark.parametrize("scenario", [_snf(), _uneven(), _large()], ids=lambda s: s.name)
def test_every_value_the_form_offers_reads_back_as_itself(scenario: Scenario) -> None:
    guides = term_guide(scenario)
    for i in range(max(len(g.values) for g in guides)):
        fields = {g.name: g.values[min(i, len(g.values) - 1)] for g in guides}
        assert offer_move(scenario, fields) == ", ".join(f"{k}={v}" for k, v in fields.items())
    assert term_guide(_large())[0].values[1] == "1000012.5"
