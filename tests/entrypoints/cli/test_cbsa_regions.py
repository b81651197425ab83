"""CBSA regions from HUD's ZIP → CBSA crosswalk (a small one written by each test)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from accord.adapters.market.market_data import ParquetMarket
from accord.adapters.market.reference_files import CmsReferenceFiles
from accord.adapters.market.regions import read_zip_cbsa
from accord.adapters.pricefiles.price_files import PriceFileReaders
from accord.domain.market.rate_query import RateQuery, parse_region
from accord.entrypoints.cli.app import main
from accord.errors import InputFileError, NotFoundError, ValidationError
from accord.services.market import (
    ingest_price_file,
    load_pfs,
    load_regions,
    market_status,
    rate_report,
)
from tests.support.clock import FixedClock

# HUD's column names and order (ZIP-CBSA files since 2020); ZIP codes chosen for the test
CROSSWALK = """\
ZIP,CBSA,USPS_ZIP_PREF_CITY,USPS_ZIP_PREF_STATE,RES_RATIO,BUS_RATIO,OTH_RATIO,TOT_RATIO
92832,31080,FULLERTON,CA,1,1,1,1
92801,31080,ANAHEIM,CA,1,1,1,1
92880,40140,CORONA,CA,1,1,1,1
21201,12580,BALTIMORE,MD,1,1,1,1
21202,12580,BALTIMORE,MD,0.95,0.9,1,0.94
21202,99999,BALTIMORE,MD,0.05,0.1,0,0.06
21613,15700,CAMBRIDGE,MD,1,1,1,1
"""
CODE = "H0017"  # a code with dollar rates in the v3 hospital examples


def write_crosswalk(tmp_path: Path, text: str = CROSSWALK, name: str = "ZIP_CBSA.csv") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.fixture
def market(shared_fixtures: Path, tmp_path: Path) -> Path:
    """A Californian hospital (ZIP 928xx), a Baltimore one (212xx) and a TiC file tagged MD."""
    root = tmp_path / "market"
    california = shared_fixtures / "hospital/v3/tall-example.csv"
    baltimore = tmp_path / "baltimore-hospital.csv"
    text = california.read_text()
    address = "Fullerton, CA  92832|23 Ocean Ave, San Jose, CA 94088"
    assert address in text
    baltimore.write_text(text.replace(address, "Baltimore, MD 21201"))
    ingest_price_file(ParquetMarket(root), PriceFileReaders(), FixedClock(), california)
    ingest_price_file(ParquetMarket(root), PriceFileReaders(), FixedClock(), baltimore)
    ingest_price_file(
        ParquetMarket(root),
        PriceFileReaders(),
        FixedClock(),
        shared_fixtures / "tic/v2/in-network-rates-all-negotiated-types-sample.json",
        state="MD",
    )
    return root


def test_a_cbsa_is_written_cbsa_colon_and_five_digits() -> None:
    assert parse_region("cbsa:12580") == ("cbsa", "12580")
    assert parse_region(" CBSA: 12580 ") == ("cbsa", "12580")
    assert parse_region("21201") == ("zip3", "212")  # a bare five digits stays a ZIP
    with pytest.raises(ValidationError, match=r"cbsa:12580"):
        parse_region("cbsa:1258")


def test_a_cbsa_holds_the_rates_of_the_zip3s_whose_addresses_lie_mostly_in_it(
    market: Path, tmp_path: Path
) -> None:
    result = load_regions(ParquetMarket(market), CmsReferenceFiles(), write_crosswalk(tmp_path))
    assert (result.rows, result.zip_codes, result.cbsas) == (7, 6, 4)
    baltimore = rate_report(ParquetMarket(market), RateQuery(CODE, region="cbsa:12580")).market
    assert baltimore is not None
    assert baltimore == rate_report(ParquetMarket(market), RateQuery(CODE, region="212")).market
    # the TiC rates tagged MD have no ZIP: in the state, in no CBSA
    md = rate_report(ParquetMarket(market), RateQuery("99214", region="MD")).market
    assert md is not None and md.count == 1
    assert (
        rate_report(ParquetMarket(market), RateQuery("99214", region="cbsa:12580")).market is None
    )
    # ZIP3 928 has two ZIP codes in Los Angeles (31080), one in Riverside (40140)
    la = rate_report(ParquetMarket(market), RateQuery(CODE, region="cbsa:31080")).market
    assert la == rate_report(ParquetMarket(market), RateQuery(CODE, region="928")).market
    assert rate_report(ParquetMarket(market), RateQuery(CODE, region="cbsa:40140")).market is None
    assert market_status(ParquetMarket(market))["cbsa_crosswalk"] == str(result.path)


def test_a_cbsa_takes_medicare_of_its_locality_else_of_its_state(
    shared_fixtures: Path, tmp_path: Path
) -> None:
    pfs = shared_fixtures / "pfs"
    rvu, gpci = pfs / "PPRRVU2025_Oct-subset.csv", pfs / "GPCI2025.csv"
    by_state = tmp_path / "by-state"
    load_pfs(ParquetMarket(by_state), CmsReferenceFiles(), rvu, gpci)
    load_regions(ParquetMarket(by_state), CmsReferenceFiles(), write_crosswalk(tmp_path))
    # no ZIP → locality file: Maryland's rest-of-state amount
    assert (
        rate_report(ParquetMarket(by_state), RateQuery("97110", region="cbsa:12580")).medicare
        == 29.18
    )
    by_locality = tmp_path / "by-locality"
    zips = tmp_path / "ZIP5.txt"  # CMS ZIP5 layout: state, ZIP, carrier, locality
    zips.write_text("MD212011230201\nMD212021230201\nMD216131230299\n")
    load_pfs(ParquetMarket(by_locality), CmsReferenceFiles(), rvu, gpci, zip_path=zips)
    load_regions(ParquetMarket(by_locality), CmsReferenceFiles(), write_crosswalk(tmp_path))
    assert (
        rate_report(ParquetMarket(by_locality), RateQuery("97110", region="cbsa:12580")).medicare
        == 30.26
    )
    assert (
        rate_report(ParquetMarket(by_locality), RateQuery("97110", region="cbsa:15700")).medicare
        == 29.18
    )


def test_a_cbsa_query_without_the_crosswalk_names_the_file_to_load(market: Path) -> None:
    with pytest.raises(NotFoundError, match=r"ZIP-CBSA crosswalk.*accord market regions FILE"):
        rate_report(ParquetMarket(market), RateQuery(CODE, region="cbsa:12580"))
    with pytest.raises(NotFoundError, match="accord market regions"):
        rate_report(ParquetMarket(market / "empty"), RateQuery(CODE, region="cbsa:12580"))


def test_a_cbsa_the_crosswalk_does_not_list_is_not_found(market: Path, tmp_path: Path) -> None:
    load_regions(ParquetMarket(market), CmsReferenceFiles(), write_crosswalk(tmp_path))
    with pytest.raises(NotFoundError, match="CBSA 47900 is not in the loaded"):
        rate_report(ParquetMarket(market), RateQuery(CODE, region="cbsa:47900"))


def test_the_crosswalk_reads_any_case_pads_stripped_zeros_and_replaces_an_earlier_load(
    tmp_path: Path,
) -> None:
    text = "zip,cbsa,tot_ratio\n2134,14460,1\n02135,14460.0,0.5\n"
    path = write_crosswalk(tmp_path, text, name="boston.csv")
    table = read_zip_cbsa(path)
    assert (table.zip5, table.cbsa, table.ratio) == (["02134", "02135"], ["14460"] * 2, [1, 0.5])
    assert table.state == [None, None]
    root = tmp_path / "market"
    load_regions(ParquetMarket(root), CmsReferenceFiles(), write_crosswalk(tmp_path))
    stored = load_regions(ParquetMarket(root), CmsReferenceFiles(), path)
    assert stored.zip_codes == 2
    assert pq.read_table(stored.path).column("zip3").to_pylist() == ["021", "021"]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("ZIP,COUNTY\n21201,24510\n", r"line 1: not a HUD ZIP-CBSA crosswalk"),
        ("ZIP,CBSA,TOT_RATIO\n21201,12580,1\n2120A,12580,1\n", r"line 3: ZIP '2120A'"),
        ("ZIP,CBSA,TOT_RATIO\n21201,125800,1\n", r"line 2: CBSA '125800'"),
        ("ZIP,CBSA,TOT_RATIO\n21201,12580,1.5\n", r"line 2: ratio '1.5'"),
        ("ZIP,CBSA\n", r"no rows"),
    ],
)
def test_a_bad_crosswalk_is_refused_with_its_line_and_nothing_is_stored(
    tmp_path: Path, text: str, where: str
) -> None:
    root = tmp_path / "market"
    with pytest.raises(InputFileError, match=r"ZIP_CBSA\.csv.*" + where):
        load_regions(ParquetMarket(root), CmsReferenceFiles(), write_crosswalk(tmp_path, text))
    assert not (root / "regions").exists()


def test_the_cli_loads_regions_and_queries_a_cbsa(
    market: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(market)
    query = ["market", "query", CODE, "--region", "cbsa:12580", "--market-dir", root]
    assert main(query) == 3
    err = capsys.readouterr().err.replace("\n", " ")
    assert "accord market regions FILE" in err and "Traceback" not in err
    xlsx = tmp_path / "ZIP_CBSA_032025.xlsx"
    xlsx.write_bytes(b"PK\x03\x04")
    assert main(["market", "regions", str(xlsx), "--market-dir", root]) == 2
    assert "save the sheet as CSV" in capsys.readouterr().err.replace("\n", " ")
    crosswalk = str(write_crosswalk(tmp_path))
    assert main(["market", "regions", crosswalk, "--market-dir", root]) == 0
    assert "6 ZIP codes in 4 CBSAs" in " ".join(capsys.readouterr().out.split())
    assert main([*query, "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["query"]["region"] == "cbsa:12580"
    assert payload["market"]["count"] > 0
