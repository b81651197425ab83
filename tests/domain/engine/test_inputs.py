from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from accord.adapters.scenarios import builtin_scenarios, load_scenario, parse_scenario
from accord.domain.engine.preferences import normalise_weights
from accord.domain.engine.space import OutcomeSpace
from accord.domain.engine.terms import categorical_term, numeric_term
from accord.errors import InputFileError, ValidationError

BASE: dict[str, object] = {
    "name": "t",
    "terms": [
        {"name": "per_diem", "kind": "per_diem", "range": [400, 600], "resolution": 50},
        {"name": "therapy", "kind": "service_included"},
    ],
    "sides": {
        "ours": {
            "weights": {"per_diem": 0.7, "therapy": 0.3},
            "values": {"per_diem": "lower_better", "therapy": {"options": {"yes": 1, "no": 0}}},
        }
    },
}


def scenario_with(**changes: object) -> dict[str, object]:
    data = json.loads(json.dumps(BASE))
    for path, value in changes.items():
        node = data
        keys = path.split("__")
        for k in keys[:-1]:
            node = node[int(k)] if k.isdigit() else node[k]
        node[keys[-1]] = value
    return data


def test_continuous_range_is_cut_at_the_stated_resolution_keeping_both_ends() -> None:
    t = numeric_term("rate", 90, 140, resolution=15)
    assert t.levels == (90.0, 105.0, 120.0, 135.0, 140.0)


def test_offer_value_snaps_to_the_nearest_level() -> None:
    t = numeric_term("rate", 90, 140, resolution=10)
    assert t.level_of(104.0, field="offer.rate") == 1
    assert t.level_of(106.0, field="offer.rate") == 2


@pytest.mark.parametrize(
    ("low", "high", "message"), [(600, 400, "inverted range"), (500, 500, "empty range")]
)
def test_bad_range_is_an_error_naming_the_range_field(
    low: float, high: float, message: str
) -> None:
    with pytest.raises(ValidationError, match=message) as err:
        numeric_term("per_diem", low, high, field="terms[2]")
    assert err.value.field == "terms[2].range"


def test_offer_outside_the_range_is_an_error_naming_the_offer_field() -> None:
    space = OutcomeSpace((numeric_term("per_diem", 400, 600, resolution=50),))
    with pytest.raises(ValidationError, match="outside the range") as err:
        space.offer_index({"per_diem": 700}, field="offers[3]")
    assert err.value.field == "offers[3].per_diem"


def test_offer_with_an_unknown_term_is_an_error_naming_it() -> None:
    space = OutcomeSpace((categorical_term("care", ["acute", "snf"]),))
    with pytest.raises(ValidationError) as err:
        space.offer_index({"care": "acute", "copay": 20})
    assert err.value.field == "offer.copay"


def test_weights_that_cannot_be_normalised_are_rejected() -> None:
    with pytest.raises(ValidationError, match="all zero"):
        normalise_weights({"a": 0, "b": 0}, ["a", "b"], field="sides.ours.weights")
    with pytest.raises(ValidationError) as err:
        normalise_weights({"a": -1, "b": 2}, ["a", "b"], field="sides.ours.weights")
    assert err.value.field == "sides.ours.weights.a"


def test_scenario_weights_that_do_not_sum_to_one_are_rejected_with_the_field_path() -> None:
    data = scenario_with(sides__ours__weights={"per_diem": 0.7, "therapy": 0.6})
    with pytest.raises(ValidationError, match=r"sum to 1\.3") as err:
        parse_scenario(data)
    assert err.value.field == "sides.ours.weights"


def test_weights_given_as_percentages_are_accepted() -> None:
    sc = parse_scenario(scenario_with(sides__ours__weights={"per_diem": 70, "therapy": 30}))
    assert np.allclose(sc.ours.weights, [0.7, 0.3])


def test_unknown_term_in_a_scenario_is_named_in_the_error() -> None:
    data = scenario_with(sides__ours__values={"copay": "lower_better"})
    with pytest.raises(ValidationError) as err:
        parse_scenario(data)
    assert err.value.field == "sides.ours.values.copay"


def test_inverted_range_in_a_scenario_file_names_the_file_and_the_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(scenario_with(terms__0__range=[600, 400])))
    with pytest.raises(InputFileError, match=r"bad\.json: terms\[0\]\.range: inverted range"):
        load_scenario(path)


def test_yaml_syntax_error_reports_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\nterms: [\n  {name: a\n")
    with pytest.raises(InputFileError) as err:
        load_scenario(path)
    assert err.value.line is not None


def test_missing_counterparty_is_estimated_as_our_mirror_with_equal_weights() -> None:
    sc = parse_scenario(BASE)
    assert sc.theirs.estimated
    assert np.allclose(sc.theirs.weights, [0.5, 0.5])
    assert np.allclose(sc.theirs.values[0], 1.0 - sc.ours.values[0])


def test_yaml_yes_and_no_options_are_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "terms:\n  - {name: therapy, kind: categorical, options: [yes, no]}\n"
        "sides:\n  ours:\n    values: {therapy: {options: {yes: 1.0, no: 0.2}}}\n"
    )
    sc = load_scenario(path)
    assert sc.space.terms[0].levels == ("yes", "no")
    assert np.allclose(sc.ours.values[0], [1.0, 0.2])


def test_every_builtin_scenario_loads_and_has_a_zone_of_agreement() -> None:
    from accord.domain.engine.analysis import analyze

    scenarios = builtin_scenarios()
    assert {s.name for s in scenarios} >= {"snf-sca", "pt-contract", "los-extension"}
    for sc in scenarios:
        assert analyze(sc).zopa.exists, sc.name


def test_yes_no_terms_accept_true_false_and_included_excluded() -> None:
    t = categorical_term("therapy", ["yes", "no"])
    assert t.level_of("true", field="f") == 0
    assert t.level_of("Excluded", field="f") == 1
    assert t.level_of(False, field="f") == 1
    with pytest.raises(ValidationError):
        t.level_of("maybe", field="f")
