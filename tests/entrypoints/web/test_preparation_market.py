"""The preparation page's market card, over HTTP (in process, and one test over a real
server), on a real market dataset."""

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
from accord.services import demo
from accord.services.demo_market import load_demo_market
from accord.services.market import ingest_price_file, load_pfs
from tests.entrypoints.server import live_server
from tests.support.clock import FixedClock
from tests.support.in_process import in_process_client
from tests.support.pricefiles import tic_file


@pytest.fixture
def served(tmp_path: Path, shared_fixtures: Path) -> Iterator[tuple[httpx.Client, Accord]]:
    market = tmp_path / "data" / "market"
    pfs = shared_fixtures / "pfs"
    load_pfs(ParquetMarket(market), CmsReferenceFiles(), pfs / "PPRRVU2025_Oct-subset.csv",
             pfs / "GPCI2025.csv", pfs / "25LOCCO.csv")  # fmt: skip
    rates = [30.0, 32.0, 34.0, 36.0, 38.0, 40.0, 42.0, 44.0, 46.0]
    ingest_price_file(
        ParquetMarket(market),
        PriceFileReaders(),
        FixedClock(),
        tic_file(tmp_path / "mt.json", "Big Sky", rates),
        state="MT",
    )
    app = bootstrap(Settings(data_dir=tmp_path / "data"), clock=FixedClock())
    demo.load_demo(app.store.unit_of_work, app.clock.now())
    try:
        with in_process_client(app) as client:
            yield client, app
    finally:
        app.close()


@pytest.fixture
def client(served: tuple[httpx.Client, Accord]) -> httpx.Client:
    return served[0]


def test_the_preparation_page_shows_each_rate_term_against_the_market(
    client: httpx.Client,
) -> None:
    page = client.get("/negotiations/2/preparation", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "Market benchmarks" in page.text
    assert "$38.00" in page.text  # the MT median of 97110
    assert "no market data for this code and region" in page.text  # 97140 has none
    data = client.get("/negotiations/2/preparation?format=json").json()
    rows = {row["billing_code"]: row for row in data["benchmarks"]}
    assert rows["97110"]["p50"] == 38.0 and rows["97110"]["region"] == "MT"
    assert rows["97110"]["opening"]["value"] == 42.0
    assert 100 < rows["97110"]["their_latest_pct_medicare"] < 110
    assert rows["97140"]["p50"] is None and rows["97140"]["opening"] is None


def test_without_market_data_the_card_says_so(client: httpx.Client) -> None:
    page = client.get("/negotiations/1/preparation", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "No term prices a billing code" in page.text  # the SCA's per diem has no code


def test_each_view_asks_accords_market_and_closes_its_connection(
    served: tuple[httpx.Client, Accord],
) -> None:
    client, app = served
    market = app.market
    assert isinstance(market, ParquetMarket)
    for _ in range(5):
        page = client.get("/negotiations/2/preparation", headers={"Accept": "text/html"})
        assert page.status_code == 200 and "$38.00" in page.text
    # The page asked the market Accord carries (not a dataset of its own) once a view,
    # and no DuckDB connection outlives the view that opened it.
    assert market.connections_opened == 5
    assert market.open_connections == 0


def test_the_demo_alone_shows_medicare_and_percent_of_medicare_on_the_card(
    tmp_path: Path,
) -> None:
    app = bootstrap(Settings(data_dir=tmp_path / "data"), clock=FixedClock())
    try:
        demo.load_demo(app.store.unit_of_work, app.clock.now())
        loaded = load_demo_market(app.market, app.reference_files)
        assert loaded is not None and loaded.conversion_factor == 32.3465
        assert load_demo_market(app.market, app.reference_files) is None  # once
        with live_server(app) as url, httpx.Client(base_url=url, timeout=30) as client:
            page = client.get("/negotiations/2/preparation", headers={"Accept": "text/html"})
            data = client.get("/negotiations/2/preparation?format=json").json()
            brief = client.get("/negotiations/2/brief", headers={"Accept": "text/html"}).text
            market = client.get(
                "/market", params={"code": "97110", "region": "MT", "my_rate": "31"},
                headers={"Accept": "text/html"},
            ).text  # fmt: skip
    finally:
        app.close()
    assert page.status_code == 200
    text = " ".join(page.text.split())
    assert "$28.78" in text  # Medicare 97110 in Montana, from the demo fee schedule alone
    assert "108% of Medicare" in text and "132% of Medicare" in text  # theirs, our target
    rows = {row["billing_code"]: row for row in data["benchmarks"]}
    assert rows["97110"]["medicare"] == 28.78 and rows["97110"]["p50"] is None
    assert rows["97110"]["our_target_pct_medicare"] == 132.0
    assert all(row["medicare"] is not None for row in rows.values())
    brief_text = " ".join(brief.split())
    assert "Against Medicare" in brief_text and "$31.00 · 108% of Medicare" in brief_text
    market_text = " ".join(market.split())
    assert "My rate $31.00 is <strong>108% of Medicare</strong>" in market_text
    assert "demo subset" in market_text
