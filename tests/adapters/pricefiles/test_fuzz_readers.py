"""Truncated or garbled input never crashes a reader: only InputFileError, with the path."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.adapters.pricefiles.hospital_csv import HospitalCsvReader
from accord.adapters.pricefiles.hospital_json import HospitalJsonReader
from accord.adapters.pricefiles.pfs import read_gpci, read_locality_counties, read_rvu
from accord.adapters.pricefiles.table_of_contents import read_table_of_contents
from accord.adapters.pricefiles.tic_allowed_amounts import AllowedAmountsReader
from accord.errors import InputFileError

SOURCES = {
    "hospital/v3/tall-example.csv": lambda p: list(HospitalCsvReader(p).batches()),
    "hospital/v2/wide-example.csv": lambda p: list(HospitalCsvReader(p).batches()),
    "hospital/v3/json-example.json": lambda p: list(HospitalJsonReader(p).batches()),
    "tic/v2/allowed-amounts-single-plan-sample.json": lambda p: list(
        AllowedAmountsReader(p).batches()
    ),
    "tic/v2/table-of-contents-sample.json": lambda p: list(read_table_of_contents(p)),
    "pfs/PPRRVU2025_Oct-subset.csv": lambda p: list(read_rvu(p)),
    "pfs/GPCI2025.csv": read_gpci,
    "pfs/25LOCCO.csv": read_locality_counties,
}


@pytest.mark.parametrize("name", sorted(SOURCES))
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_damaged_file_is_read_or_refused_with_its_path(
    shared_fixtures: Path, tmp_path: Path, name: str, data: st.DataObject
) -> None:
    source = (shared_fixtures / name).read_bytes()
    raw = bytearray(source[: data.draw(st.integers(0, len(source)))])
    for _ in range(data.draw(st.integers(0, 4))):
        if raw:
            at = data.draw(st.integers(0, len(raw) - 1))
            raw[at] = data.draw(st.sampled_from(b'",{}[]:\n\r\\x9.\xff'))
    path = tmp_path / Path(name).name
    path.write_bytes(bytes(raw))
    try:
        SOURCES[name](path)
    except InputFileError as exc:
        assert exc.path == str(path)
        assert (
            exc.line is not None
            or exc.offset is not None
            or "not a" in str(exc)
            or ("no " in str(exc))
        )
