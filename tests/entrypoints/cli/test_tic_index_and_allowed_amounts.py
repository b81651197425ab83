"""TiC table-of-contents and allowed-amount files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord.adapters.pricefiles.table_of_contents import read_table_of_contents
from accord.adapters.pricefiles.tic_allowed_amounts import AllowedAmountsReader
from accord.entrypoints.cli.app import main
from accord.errors import InputFileError


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_an_index_lists_every_file_with_the_plans_it_covers(
    shared_fixtures: Path, version: str
) -> None:
    files = list(
        read_table_of_contents(shared_fixtures / f"tic/{version}/table-of-contents-sample.json")
    )
    assert [(f.kind, f.location.rsplit("/", 1)[1]) for f in files] == [
        ("in-network", "in-network-file-123456.json"),
        ("in-network", "behavioral-health-0000.json"),
        ("allowed-amounts", "allowed-amount-file-987665.json"),
        ("in-network", "chip-in-network-file.json"),
        ("allowed-amounts", "chip-allowed-amount-file.json"),
    ]
    assert files[0].plans[1] == ("medicare", "hios", "000000000")


def test_index_filters_match_plan_id_or_name(shared_fixtures: Path) -> None:
    path = shared_fixtures / "tic/v2/table-of-contents-sample.json"
    by_id = [f.location for f in read_table_of_contents(path, plan="3333333333")]
    assert by_id == [
        "https://www.some_site.com/files/chip-in-network-file.json",
        "https://www.some_site.com/files/chip-allowed-amount-file.json",
    ]
    assert len(list(read_table_of_contents(path, name="behavioral"))) == 1
    assert list(read_table_of_contents(path, ein="12-3456789")) == []


def test_accord_market_toc_prints_the_files_as_json(
    shared_fixtures: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = shared_fixtures / "tic/v1/table-of-contents-sample.json"
    assert main(["market", "toc", str(path), "--plan", "chip", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert [p["kind"] for p in payload] == ["in-network", "allowed-amounts"]


def test_an_in_network_file_is_not_an_index(shared_fixtures: Path) -> None:
    with pytest.raises(InputFileError, match="not a table-of-contents file"):
        list(read_table_of_contents(shared_fixtures / "tic/v2/in-network-rates-no-npi.json"))


ALLOWED = {
    "v1/allowed-amounts-multiple-plan-empty-sample.json": [],
    "v1/allowed-amounts-single-plan-empty-sample.json": [],
    "v1/multiplan-empty-example.json": [],
    "v1/allowed-amounts-single-plan-sample.json": [("99214", 25.0, "25", "tin:1234567890")],
    "v1/allowed-amounts-multiple-plan-sample.json": [("99214", 25.0, "", "tin:1234567890")],
    "v2/allowed-amounts-single-plan-sample.json": [("99214", 25.0, "25", "tin:1234567890")],
    "v2/allowed-amounts-multiple-plan-sample.json": [("99214", 25.0, "", "tin:1234567890")],
    "validator/allowed-amounts.json": [("99214", 25.0, "", "tin:1234567890")],
}


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_allowed_amount_files_yield_one_row_per_payment(shared_fixtures: Path, name: str) -> None:
    reader = AllowedAmountsReader(shared_fixtures / "tic" / name)
    rows = []
    for batch in reader.batches():
        c = batch.as_columns()
        rows += zip(c["billing_code"], c["rate"], c["modifier"], c["provider_refs"], strict=True)
        assert set(c["negotiated_type"]) <= {"allowed amount"}
    assert rows == ALLOWED[name]


def test_the_validators_bad_allowed_amount_file_fails_at_the_string_amount(
    shared_fixtures: Path,
) -> None:
    path = shared_fixtures / "tic/validator/allowed-amounts-error.json"
    with pytest.raises(InputFileError, match=r"byte 473: expected a number for allowed_amount"):
        list(AllowedAmountsReader(path).batches())
