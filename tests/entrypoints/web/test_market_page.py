"""The market explorer over HTTP (in process), on a real market dataset: CMS's fee schedule files
loaded by ``load_pfs`` and a small TiC in-network file read by the real reader."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from accord.adapters.market.market_data import ParquetMarket
from accord.adapters.market.reference_files import CmsReferenceFiles
from accord.adapters.pricefiles.price_files import PriceFileReaders
from accord.bootstrap import Accord, bootstrap
from accord.config import Settings
from accord.services.market import ingest_price_file, load_pfs
from tests.support.clock import FixedClock
from tests.support.in_process import in_process_client
from tests.support.pricefiles import tic_file

HTML = {"Accept": "text/html"}
RATES = [30.0, 32.0, 34.0, 36.0, 38.0, 40.0, 42.0, 44.0, 46.0]


@pytest.fixture(scope="module")
def market_http(
    tmp_path_factory: pytest.TempPathFactory, shared_fixtures: Path
) -> Iterator[httpx.Client]:
    """A client on the application whose settings point at a market dataset built by
    the real services."""
    data = tmp_path_factory.mktemp("market-web")
    market = data / "market"
    pfs = shared_fixtures / "pfs"
    load_pfs(ParquetMarket(market), CmsReferenceFiles(), pfs / "PPRRVU2025_Oct-subset.csv",
             pfs / "GPCI2025.csv", pfs / "25LOCCO.csv")  # fmt: skip
    ingest_price_file(ParquetMarket(market), PriceFileReaders(), FixedClock(),
                      tic_file(data / "bigsky.json", "Big Sky Commercial", RATES),
                      state="MT")  # fmt: skip
    ingest_price_file(ParquetMarket(market), PriceFileReaders(), FixedClock(),
                      tic_file(data / "prairie.json", "Prairie Health Plan", [50.0, 52.0, 54.0]),
                      state="MT")  # fmt: skip
    app = bootstrap(Settings(data_dir=data, market_dir=market), clock=FixedClock())
    try:
        with in_process_client(app) as client:
            yield client
    finally:
        app.close()


QUERY = {"code": "97110", "region": "MT", "billing_class": "professional", "my_rate": "38"}


def test_the_market_page_shows_the_distribution_against_medicare(market_http: httpx.Client) -> None:
    response = market_http.get("/market", params=QUERY, headers=HTML)
    assert response.status_code == 200
    text = response.text
    for expected in (
        "Distribution",
        "By payer",
        "Big Sky Commercial",
        "Prairie Health Plan",
        "My rate against the market",
        "% of Medicare",
        "/market/chart.svg?",
    ):
        assert expected in text
    assert 'aria-current="page">Market' in text
    assert "/market?code=97110&amp;region=MT" in text.split("<footer>", 1)[1]  # the twin's link
    assert "https://" not in text


def test_the_json_twin_carries_the_figures(market_http: httpx.Client) -> None:
    page = market_http.get("/market", params={**QUERY, "format": "json"}).json()
    everyone = sorted([*RATES, 50.0, 52.0, 54.0])
    assert page["asked"] is True and page["loaded"] is True
    assert page["count"] == len(everyone) and page["rows"] == len(everyone)
    stats = {s["key"]: s for s in page["stats"]}
    assert stats["min"]["value"] == 30.0 and stats["max"]["value"] == 54.0
    assert stats["p50"]["value"] == 41.0  # the median of the twelve rates
    # Montana's GPCIs are below 1: Medicare pays a little under the national $28.79
    assert page["medicare"] is not None and 25.0 < page["medicare"] < 28.79
    assert stats["p50"]["percent_of_medicare"] == round(41.0 / page["medicare"] * 100, 1)
    assert page["my_rate"] == 38.0
    assert page["my_rate_percentile"] == round(5 / 12 * 100, 1)  # 30, 32, 34, 36, 38
    payers = {p["payer"]: p for p in page["by_payer"]}
    assert set(payers) == {"Big Sky Commercial", "Prairie Health Plan"}
    assert (
        payers["Big Sky Commercial"]["count"] == 9 and payers["Prairie Health Plan"]["p50"] == 52.0
    )


def test_one_payer_only(market_http: httpx.Client) -> None:
    page = market_http.get(
        "/market", params={"code": "97110", "payer": "prairie", "format": "json"}
    ).json()
    assert page["count"] == 3 and [p["payer"] for p in page["by_payer"]] == ["Prairie Health Plan"]


def test_the_chart_is_an_svg_image_with_medicare_and_my_rate(market_http: httpx.Client) -> None:
    response = market_http.get("/market/chart.svg", params=QUERY)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    svg = response.text
    assert svg.startswith("<svg") and "Medicare" in svg and "my rate $38.00" in svg
    assert "Big Sky Commercial" in svg and "97110 in MT" in svg


def test_a_code_without_rates_says_so(market_http: httpx.Client) -> None:
    response = market_http.get("/market", params={"code": "97140"}, headers=HTML)
    assert response.status_code == 200
    assert "No rates match" in response.text
    assert market_http.get("/market/chart.svg", params={"code": "97140"}).status_code == 404


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"code": "97110", "region": "Montana"}, "region"),
        ({"code": "97110", "region": "XX"}, "region"),  # two letters, but no US state
        ({"code": "97110", "region": "county:XX:Park"}, "region"),
        ({"code": "97110", "my_rate": "cheap"}, "my_rate"),
        ({"code": "97110", "billing_class": "dental"}, "billing_class"),
        ({"region": "MT"}, "code"),
        ({"code": "97 110"}, "code"),
    ],
)
def test_a_query_it_cannot_read_is_shown_inline_and_kept(
    market_http: httpx.Client, params: dict[str, str], field: str
) -> None:
    response = market_http.get("/market", params=params, headers=HTML)
    assert response.status_code == 422
    text = response.text
    assert 'role="alert"' in text and "Traceback" not in text
    assert f'id="market-{field}"' in text
    marked = text.split(f'id="market-{field}"', 1)[1].split(">", 1)[0]
    assert 'aria-invalid="true"' in marked
    for name, value in params.items():
        if name != "billing_class":  # a select keeps only its options
            assert f'value="{value}"' in text  # what was typed is kept
    body = market_http.get("/market", params={**params, "format": "json"})
    assert body.status_code == 422 and body.json()["error"]["field"] == field


def test_without_data_the_page_says_how_to_load_some(sqlite_http: httpx.Client) -> None:
    response = sqlite_http.get("/market", headers=HTML)
    assert response.status_code == 200
    text = response.text
    assert "No market data loaded yet" in text
    assert "accord market pfs" in text and "accord market ingest" in text
    asked = sqlite_http.get("/market", params={"code": "97110", "format": "json"})
    assert asked.status_code == 200
    body = asked.json()
    assert body["loaded"] is False and body["count"] is None and body["rows"] == 0


def test_with_medicare_only_the_page_says_who_loads_price_files(sqlite_accord: Accord) -> None:
    """The demo loads Medicare's rates but no price file: the page says so, and how price
    files come in, instead of only "0 rates for 0 codes from 0 payers in 0 files"."""
    from accord.services.demo_market import load_demo_market
    from tests.support.in_process import in_process_client

    load_demo_market(sqlite_accord.market, sqlite_accord.reference_files)
    with in_process_client(sqlite_accord) as client:
        text = client.get("/market", headers=HTML).text
        assert 'id="no-price-files"' in text and "accord market ingest FILE-OR-URL" in text
        assert "No market data loaded yet" not in text
        assert "0 rates for 0 codes from 0 payers in 0 files" in text
        asked = client.get("/market", params={"code": "97110", "region": "MT"}, headers=HTML)
        assert "Medicare pays $" in asked.text and "ingest more price files" not in asked.text
