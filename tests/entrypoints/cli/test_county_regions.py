"""County regions: which Medicare locality a county belongs to, from CMS's own
locality–county file (the 2025 file in ../shared/fixtures/pfs)."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from accord.adapters.market.market_data import ParquetMarket
from accord.adapters.market.queries import rate_conditions
from accord.adapters.market.reference_files import CmsReferenceFiles
from accord.adapters.pricefiles.pfs import read_gpci, read_locality_counties
from accord.domain.market.localities import county_key, county_localities, locate_county
from accord.domain.market.rate_query import RateQuery, parse_region
from accord.entrypoints.cli.app import main
from accord.errors import NotFoundError
from accord.services.market import load_pfs, rate_report


@pytest.fixture
def pfs_files(shared_fixtures: Path) -> tuple[Path, Path, Path]:
    pfs = shared_fixtures / "pfs"
    return pfs / "PPRRVU2025_Oct-subset.csv", pfs / "GPCI2025.csv", pfs / "25LOCCO.csv"


@pytest.fixture
def market(tmp_path: Path, pfs_files: tuple[Path, Path, Path]) -> Path:
    rvu, gpci, localities = pfs_files
    root = tmp_path / "market"
    load_pfs(ParquetMarket(root), CmsReferenceFiles(), rvu, gpci, localities)
    return root


def test_county_names_compare_without_case_spacing_or_a_county_suffix() -> None:
    assert county_key("  prince george's   County ") == "PRINCE GEORGE'S"
    assert county_key("Baltimore City") == "BALTIMORE CITY"
    assert county_key("ORANGE CNTY") == "ORANGE"


@pytest.mark.parametrize(
    ("state", "county", "locality"),
    [
        ("MD", "Montgomery", "12202-01"),  # "... MONTGOMERY AND PRINCE GEORGE'S IN MARYLAND"
        ("MD", "Prince George's County", "12202-01"),
        ("VA", "Alexandria City", "12202-01"),  # listed under DC, excepted from VA statewide
        ("VA", "Richmond", "11302-00"),  # Virginia statewide
        ("DC", "District of Columbia", "12202-01"),
        ("MD", "Baltimore City", "12302-01"),
        ("MD", "Howard", "12302-01"),  # "HARFORD AND HOWARD"
        ("MD", "Talbot", "12302-99"),  # not listed: rest of Maryland
        ("CA", "Los Angeles", "01182-18"),  # "LOS ANGELES /ORAGNGE CNTY"
        ("CA", "Orange County", "01182-18"),  # CMS's typo, matched by a near spelling
        ("MD", "Montgomry", "12202-01"),  # a user's typo too
        ("MD", "Baltimore", "12302-01"),  # not taken for "BALTIMORE CITY" (same locality)
        ("VA", "Fairfax City", "12202-01"),
        ("CA", "Kern", "01112-54"),
        ("CA", "Sacramento", "01112-63"),
    ],
)
def test_each_county_finds_the_locality_cms_lists_it_in(
    pfs_files: tuple[Path, Path, Path], state: str, county: str, locality: str
) -> None:
    _, gpci, localities = pfs_files
    state_of = {g.key: g.state for g in read_gpci(gpci)}
    listed = read_locality_counties(localities)
    codes = {loc.state_name.upper(): state_of[loc.key] for loc in listed if loc.key in state_of}
    rows = county_localities(
        [(loc.key, state_of[loc.key], loc.whole_state, loc.counties) for loc in listed], codes
    )
    assert locate_county(rows, state, county) == locality


def test_a_county_region_prices_medicare_in_its_locality(market: Path) -> None:
    stored = pq.read_table(market / "pfs/year=2025/county_localities.parquet").to_pylist()
    assert {"state": "MD", "county": "MONTGOMERY", "locality_key": "12202-01"} in stored
    amounts = {
        row["locality_key"]: row["nonfacility"]
        for row in pq.read_table(market / "pfs/year=2025/amounts.parquet").to_pylist()
        if row["code"] == "97110" and row["modifier"] == ""
    }

    def medicare(region: str) -> float | None:
        return rate_report(ParquetMarket(market), RateQuery("97110", region=region)).medicare

    assert medicare("county:MD:Montgomery") == amounts["12202-01"]
    assert medicare("county:md:talbot county") == amounts["12302-99"]
    assert medicare("county:MD:Baltimore City") == amounts["12302-01"]
    # The DC suburbs pay more than the rest of Maryland: the county matters.
    assert amounts["12202-01"] > amounts["12302-99"]


def test_a_county_region_reads_rates_of_its_state() -> None:
    query = RateQuery("97110", region="county:MD:Montgomery")
    assert parse_region(query.region) == ("county", "MD:MONTGOMERY")
    where, params = rate_conditions(query)
    assert "state = ?" in where and "MD" in params


def test_a_county_region_without_the_locality_file_names_the_file_to_load(
    tmp_path: Path, pfs_files: tuple[Path, Path, Path]
) -> None:
    rvu, gpci, _ = pfs_files
    root = tmp_path / "no-counties"
    load_pfs(ParquetMarket(root), CmsReferenceFiles(), rvu, gpci)
    with pytest.raises(NotFoundError, match=r"--localities 25LOCCO\.csv"):
        rate_report(ParquetMarket(root), RateQuery("97110", region="county:MD:Montgomery"))


def test_the_cli_takes_a_county_region_and_refuses_a_malformed_one(
    market: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["market", "query", "97110", "--region", "county:MD:Montgomery",
                 "--market-dir", str(market)])  # fmt: skip
    out = capsys.readouterr()
    # No rates loaded (exit 1, like grep), but the county's Medicare amount is shown.
    assert code == 1, out.err
    assert "no rates for 97110 match; Medicare: $32.34" in " ".join(out.out.split())
    bad = main(["market", "query", "97110", "--region", "county:Montgomery",
                "--market-dir", str(market)])  # fmt: skip
    err = capsys.readouterr().err
    assert bad == 2 and "county:MD:Montgomery" in err and "Traceback" not in err
