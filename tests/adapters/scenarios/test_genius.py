from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from accord.adapters.scenarios import load_genius_domain, load_scenario
from accord.domain.engine.analysis import analyze
from accord.errors import InputFileError

DOMAINS = [
    "y2010/ItexvsCypress",
    "y2010/Travel",
    "y2011/Grocery",
    "y2011/Laptop",
    "y2012/CameraB",
    "y2012/EnergySmallA",
    "y2013/Icecream",
    "y2013/Lunch",
    "y2015/group1-university",
]


@pytest.mark.parametrize("domain", DOMAINS)
def test_anac_domain_loads_with_evaluations_normalised_per_issue(
    shared_fixtures: Path, domain: str
) -> None:
    sc = load_genius_domain(shared_fixtures / "anac" / domain)
    for prefs in (sc.ours, sc.theirs):
        assert np.isclose(prefs.weights.sum(), 1.0)
        for v in prefs.values:
            assert np.isclose(v.max(), 1.0) and v.min() >= 0.0
        assert 0.0 <= prefs.reservation <= 1.0
    assert np.isclose(sc.our_utilities.max(), 1.0)
    analyze(sc)


def test_laptop_buyer_utility_matches_a_hand_computation(shared_fixtures: Path) -> None:
    sc = load_genius_domain(shared_fixtures / "anac" / "y2011" / "Laptop")
    # buyer profile: Dell 12/30, 60 Gb 30/30, 19'' LCD 30/30 with weights .445/.378/.177
    idx = sc.space.offer_index(
        {"Laptop": "Dell", "Harddisk": "60 Gb", "External Monitor": "19'' LCD"}
    )
    w = np.array([0.4452125771655631, 0.37808251708013424, 0.1767567099260568])
    w = w / w.sum()  # the file's weights sum to 1.00005: normalised
    expected = w[0] * 12 / 30 + w[1] + w[2]
    assert np.isclose(sc.our_utilities[idx], expected)


def test_reservation_value_is_applied_on_the_normalised_scale(shared_fixtures: Path) -> None:
    sc = load_genius_domain(shared_fixtures / "anac" / "y2013" / "Lunch")
    assert sc.ours.reservation == pytest.approx(0.8)
    # the reservation value is reachable: some packages beat it
    assert (sc.our_utilities >= 0.8).any()


def test_genius_folder_loads_through_the_generic_reader(shared_fixtures: Path) -> None:
    sc = load_scenario(shared_fixtures / "anac" / "y2013" / "Icecream")
    assert sc.space.cardinality == 720


def test_folder_without_a_domain_file_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "a.xml").write_text("<utility_space/>")
    with pytest.raises(InputFileError, match="no Genius domain file"):
        load_genius_domain(tmp_path)
