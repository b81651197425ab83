"""Therapy units: Medicare's 8-minute rule and per-code rounding, against CMS's tables."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.domain.economics.units import (
    UnitPolicy,
    assign_units,
    medicare_units,
    per_code_units,
)
from accord.errors import ValidationError


def _minutes(text: str) -> dict[str, int]:
    return {code: int(m) for code, m in (part.split("=") for part in text.split(";"))}


def _examples(shared_fixtures: Path) -> dict[str, dict[str, str]]:
    path = shared_fixtures / "billing-rules/cms_unit_assignment_examples.csv"
    with path.open(newline="") as f:
        return {row["example"]: row for row in csv.DictReader(f)}


def test_every_minute_total_of_the_cms_table_gives_its_units(shared_fixtures: Path) -> None:
    path = shared_fixtures / "billing-rules/medicare_8_minute_units.csv"
    with path.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 128
    for row in rows:
        assert medicare_units(int(row["total_timed_minutes"])) == int(row["medicare_units"]), row


@pytest.mark.parametrize("example", ["1", "3"])
def test_cms_verified_examples_assign_units_as_the_manual_does(
    shared_fixtures: Path, example: str
) -> None:
    row = _examples(shared_fixtures)[example]
    assert "verified" in row["status"] and not row["status"].startswith("unverified")
    units = assign_units(_minutes(row["minutes_by_code"]), UnitPolicy.MEDICARE)
    expected = _minutes(row["expected_units_by_code"])
    assert {c: u for c, u in units.items() if u} == expected
    assert sum(units.values()) == int(row["expected_units_total"])


def test_cms_example_2_gives_one_code_two_units_and_the_other_one(shared_fixtures: Path) -> None:
    # 20 minutes each: either code may take the third unit, never three of one code
    row = _examples(shared_fixtures)["2"]
    units = assign_units(_minutes(row["minutes_by_code"]), UnitPolicy.MEDICARE)
    assert sorted(units.values()) == [1, 2]
    assert sum(units.values()) == int(row["expected_units_total"]) == 3


def test_unverified_example_4_gives_the_sensible_assignment(shared_fixtures: Path) -> None:
    # Not checked against the manual's text (the fixture says so): 49 minutes are 3 units,
    # 97110 keeps its whole unit and the two largest remainders (13, 10) take the others;
    # 97035's 8 minutes earn nothing on their own under the total-time rule.
    row = _examples(shared_fixtures)["4"]
    units = assign_units(_minutes(row["minutes_by_code"]), UnitPolicy.MEDICARE)
    assert units == {"97110": 1, "97140": 1, "97116": 1, "97035": 0}


def test_unverified_example_5_gives_one_unit_to_one_code(shared_fixtures: Path) -> None:
    # Also not from the manual's text: 3 × 7 minutes = 21 minutes = 1 unit, to one code
    row = _examples(shared_fixtures)["5"]
    units = assign_units(_minutes(row["minutes_by_code"]), UnitPolicy.MEDICARE)
    assert sorted(units.values()) == [0, 0, 1]
    assert units["97112"] == 1  # ties go to the first code listed


def test_per_code_rounding_pays_three_units_where_medicare_pays_two(shared_fixtures: Path) -> None:
    row = _examples(shared_fixtures)["rule_of_8s_per_code"]
    minutes = _minutes(row["minutes_by_code"])
    assert per_code_units(minutes) == _minutes(row["expected_units_by_code"].split(": ")[1])
    assert sum(assign_units(minutes, UnitPolicy.MEDICARE).values()) == 2
    assert sum(assign_units(minutes, UnitPolicy.PER_CODE).values()) == 3


def test_a_code_with_fewer_than_eight_minutes_earns_no_unit_on_its_own() -> None:
    assert per_code_units({"97110": 7, "97140": 8}) == {"97110": 0, "97140": 1}
    assert medicare_units(7) == 0 and medicare_units(8) == 1 and medicare_units(128) == 9


def test_negative_minutes_are_refused_with_the_code() -> None:
    with pytest.raises(ValidationError, match=r"97110: expected whole minutes"):
        assign_units({"97110": -5}, UnitPolicy.MEDICARE)


@given(st.dictionaries(st.sampled_from(["97110", "97112", "97140", "97530", "97116"]),
                       st.integers(0, 90), max_size=5))  # fmt: skip
def test_the_medicare_assignment_always_adds_up_to_the_units_of_the_total(
    minutes: dict[str, int],
) -> None:
    units = assign_units(minutes, UnitPolicy.MEDICARE)
    assert sum(units.values()) == medicare_units(sum(minutes.values()))
    for code, m in minutes.items():
        # a code keeps its whole units and gets at most one more for its left-over minutes
        assert m // 15 <= units[code] <= m // 15 + 1
