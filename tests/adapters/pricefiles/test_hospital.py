"""Hospital standard-charge files: CSV tall and wide, JSON, templates 2.x and 3.0."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from accord.adapters.pricefiles.hospital_csv import HospitalCsvReader
from accord.adapters.pricefiles.hospital_json import HospitalJsonReader
from accord.adapters.pricefiles.price_file_kinds import detect_kind, reader_for
from accord.adapters.pricefiles.rate_rows import RowFilter
from accord.errors import InputFileError

Row = tuple[str, str, str, str, str, float, str, str | None, str | None]


def rows_of(path: Path, **kwargs: Any) -> tuple[Any, list[Row]]:
    kind = detect_kind(path)
    reader = reader_for(
        kind, path, row_filter=kwargs.pop("row_filter", RowFilter()), state=None, progress=None
    )
    out: list[Row] = []
    for batch in reader.batches():
        c = batch.as_columns()
        out += zip(
            c["billing_code"],
            c["payer"],
            c["payer_normalized"],
            c["plan_name"],
            c["negotiated_type"],
            c["rate"],
            c["setting"],
            c["state"],
            c["zip3"],
            strict=True,
        )
    return reader, out


# rows each readable file yields (one per code x payer x plan with an amount)
EXPECTED_ROWS = {
    "v2/tall-example.csv": 33,
    "v2/wide-example.csv": 37,
    "v2/json-example.json": 33,
    "v3/tall-example.csv": 43,
    "v3/wide-example.csv": 43,
    "v3/json-example.json": 43,
    "hpt-validator/sample-bad-header.csv": 17,
    "hpt-validator/sample-lots-of-errors.csv": 17,
    "hpt-validator/sample-no-data.csv": 0,
    "hpt-validator/sample-tall-mixed-line-endings.csv": 17,
    "hpt-validator/sample-tall-small-rows.csv": 16,
    "hpt-validator/sample-tall-valid.csv": 17,
    "hpt-validator/sample-wide-blank-headers.csv": 4,
    "hpt-validator/sample-wide-valid.csv": 21,
    "hpt-validator/false-confirmation.json": 17,
    "hpt-validator/sample-lots-of-alerts.json": 17,
    "hpt-validator/sample-missing-estimate.json": 17,
    "hpt-validator/sample-ndc-no-drug-info.json": 19,
    "hpt-validator/sample-nine-nines.json": 17,
    "hpt-validator/sample-no-charges.json": 13,
    "hpt-validator/sample-no-min-max.json": 17,
    "hpt-validator/sample-no-payer-charges.json": 0,
    "hpt-validator/sample-other-no-notes.json": 17,
    "hpt-validator/sample-valid-bom.json": 17,
    "hpt-validator/sample-valid-drug-info.json": 19,
    "hpt-validator/sample-valid-modifier.json": 17,
    "hpt-validator/sample-valid.json": 17,
    "hpt-validator/sample-wrong-drug-info.json": 19,
    "hpt-validator/sample-wrong-modifier.json": 17,
    "hpt-validator/3.0/alerts-with-errors.json": 8,
    "hpt-validator/3.0/allowed-amounts-nine-9s.json": 17,
    "hpt-validator/3.0/estimated-amount.json": 17,
    "hpt-validator/3.0/false-confirmation.json": 17,
    "hpt-validator/3.0/sample-empty-address.json": 17,
    "hpt-validator/3.0/sample-empty-algorithm.json": 17,
    "hpt-validator/3.0/sample-empty-generic-notes.json": 17,
    "hpt-validator/3.0/sample-empty-location.json": 17,
    "hpt-validator/3.0/sample-empty-payer-notes.json": 17,
    "hpt-validator/3.0/sample-missing-10th.json": 17,
    "hpt-validator/3.0/sample-missing-90th.json": 17,
    "hpt-validator/3.0/sample-missing-count-of-allowed-amounts.json": 17,
    "hpt-validator/3.0/sample-missing-median.json": 17,
    "hpt-validator/3.0/sample-modifier-invalid-setting.json": 17,
    "hpt-validator/3.0/sample-payer-no-charge.json": 16,
    "hpt-validator/3.0/sample-valid-allowed-amount-zero.json": 17,
    "hpt-validator/3.0/sample-valid-drug-info.json": 2,
    "hpt-validator/3.0/sample-valid.json": 17,
    "hpt-validator/3.0/unexpected-version.json": 17,
}

EXPECTED_ERRORS = {
    "hpt-validator/sample-bad-item-header.csv": r"line 3: missing column\(s\) description",
    "hpt-validator/sample-blank-header.csv": r"line 3: expected the column names on line 3",
    "v3/tall-template.csv": r"line 3: missing column\(s\) code\|1",
    "v3/wide-template.csv": r"line 3: missing column\(s\) code\|1",
    "hpt-validator/sample-empty.json": r"byte 0: cannot tell what kind of price file",
    "hpt-validator/sample-invalid.json": r"byte 743: malformed top-level member",
    "hpt-validator/unexpected-version.json": r"unsupported template version '1.0.0'",
}


def test_every_hospital_fixture_has_an_expectation(shared_fixtures: Path) -> None:
    root = shared_fixtures / "hospital"
    found = {
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.suffix in {".csv", ".json"} and not p.name.startswith("schema")
    }
    assert found == set(EXPECTED_ROWS) | set(EXPECTED_ERRORS)


@pytest.mark.parametrize("name", sorted(EXPECTED_ROWS))
def test_each_readable_hospital_file_yields_its_rows(shared_fixtures: Path, name: str) -> None:
    _, rows = rows_of(shared_fixtures / "hospital" / name)
    assert len(rows) == EXPECTED_ROWS[name]
    assert all(r[7] == "CA" and r[8] == "928" for r in rows)


@pytest.mark.parametrize("name", sorted(EXPECTED_ERRORS))
def test_each_unreadable_hospital_file_fails_with_where_and_why(
    shared_fixtures: Path, name: str
) -> None:
    path = shared_fixtures / "hospital" / name
    with pytest.raises(InputFileError, match=EXPECTED_ERRORS[name]) as info:
        rows_of(path)
    assert info.value.path == str(path)


def test_tall_wide_and_json_v3_files_normalise_to_the_same_rows(shared_fixtures: Path) -> None:
    results = []
    for name in ("tall-example.csv", "wide-example.csv", "json-example.json"):
        _, rows = rows_of(shared_fixtures / "hospital/v3" / name)
        results.append(sorted((r[0], r[2], r[3], r[4], r[5], r[6]) for r in rows))
    assert results[0] == results[1] == results[2]


def test_a_v3_mri_has_each_payers_dollar_amount(shared_fixtures: Path) -> None:
    reader, rows = rows_of(shared_fixtures / "hospital/v3/json-example.json")
    assert isinstance(reader, HospitalJsonReader)
    mri = sorted((r[1], r[3], r[5]) for r in rows if r[0] == "70551")
    assert mri[:2] == [
        ("Platform Health Insurance", "PPO", 400.0),
        ("Region Health Insurance", "HMO", 250.0),
    ]
    assert reader.report.schema_version == "3.0.0"
    assert "8 payer charges are given only as an algorithm" in reader.report.warnings[0]


def test_wide_payer_names_are_kept_raw_and_normalised(shared_fixtures: Path) -> None:
    reader, rows = rows_of(shared_fixtures / "hospital/v2/wide-example.csv")
    assert isinstance(reader, HospitalCsvReader)
    assert reader.report.kind == "hospital-csv-wide"
    assert {(r[1], r[2]) for r in rows} == {
        ("Platform_Health_Insurance", "platform health insurance"),
        ("Region_Health_Insurance", "region health insurance"),
    }


def test_percentage_charges_are_kept_as_percentages(shared_fixtures: Path) -> None:
    _, rows = rows_of(shared_fixtures / "hospital/v2/json-example.json")
    assert (
        "470",
        "Region Health Insurance",
        "region health insurance",
        "HMO",
        "percentage",
        50.0,
        "inpatient",
        "CA",
        "928",
    ) in rows


def test_code_and_state_filters_apply_to_hospital_files(shared_fixtures: Path) -> None:
    path = shared_fixtures / "hospital/v3/tall-example.csv"
    _, rows = rows_of(path, row_filter=RowFilter(billing_codes=frozenset({"70551"})))
    assert {r[0] for r in rows} == {"70551"}
    _, rows = rows_of(path, row_filter=RowFilter(states=frozenset({"NY"})))
    assert rows == []


def test_a_non_numeric_charge_is_reported_with_its_line(
    shared_fixtures: Path, tmp_path: Path
) -> None:
    text = (shared_fixtures / "hospital/v3/tall-example.csv").read_text(encoding="utf-8-sig")
    bad = tmp_path / "bad.csv"
    bad.write_text(text.replace("PPO,,400,", "PPO,,four hundred,", 1))
    with pytest.raises(InputFileError, match=r"bad\.csv, line 4: expected a number"):
        rows_of(bad)


def _with_header(source: Path, target: Path, old: str, new: str) -> Path:
    """A copy of ``source`` whose column header (line 3) has ``old`` replaced by ``new``."""
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[2]
    lines[2] = lines[2].replace(old, new, 1)
    target.write_text("".join(lines), encoding="utf-8")
    return target


RENAMED = [
    # (file, old column, new column, problem, what was found, rows that lost charges)
    ("v3/tall-example.csv", "payer_name", "payer", "no payer columns", "'payer'", 39),
    (
        "v3/tall-example.csv",
        "standard_charge | negotiated_dollar",
        "standard_charge | negotiated_dolar",
        "missing column(s) 'standard_charge|negotiated_dollar'",
        "'standard_charge|negotiated_dolar'",
        29,
    ),
    (
        "v3/wide-example.csv",
        "standard_charge|Region Health Insurance|HMO|negotiated_dollar",
        "standard_charge|Region Health Insurance|HMO|negotiated_dolar",
        "missing column(s) 'standard_charge|region health insurance|hmo|negotiated_dollar'",
        "negotiated_dolar'",
        15,
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "problem", "found", "lost"), RENAMED)
def test_a_renamed_payer_column_is_refused_at_line_3_naming_it(
    shared_fixtures: Path,
    tmp_path: Path,
    name: str,
    old: str,
    new: str,
    problem: str,
    found: str,
    lost: int,
) -> None:
    path = _with_header(shared_fixtures / "hospital" / name, tmp_path / "renamed.csv", old, new)
    with pytest.raises(InputFileError) as info:
        rows_of(path)
    message = str(info.value)
    assert message.startswith(f"{path}, line 3: {problem}") and found in message
    assert "\n" not in message


@pytest.mark.parametrize(("name", "old", "new", "problem", "found", "lost"), RENAMED)
def test_continuing_past_a_renamed_column_counts_the_rows_lost(
    shared_fixtures: Path,
    tmp_path: Path,
    name: str,
    old: str,
    new: str,
    problem: str,
    found: str,
    lost: int,
) -> None:
    path = _with_header(shared_fixtures / "hospital" / name, tmp_path / "renamed.csv", old, new)
    reader = HospitalCsvReader(path, ignore_column_errors=True)
    rows = sum(len(batch) for batch in reader.batches())
    assert any(f"{lost} rows lost charges" in w for w in reader.report.warnings)
    assert rows + lost <= EXPECTED_ROWS[name]


def test_an_unknown_column_that_holds_no_charge_is_ignored_and_named(
    shared_fixtures: Path, tmp_path: Path
) -> None:
    source = shared_fixtures / "hospital/v3/tall-example.csv"
    path = _with_header(source, tmp_path / "notes.csv", "additional_generic_notes", "our_notes")
    reader, rows = rows_of(path)
    assert len(rows) == EXPECTED_ROWS["v3/tall-example.csv"]  # nothing lost
    assert "unknown columns ignored: 'our_notes'" in reader.report.warnings
