"""Rate terms against a real market dataset: a TiC file read by the real reader, the
Medicare fee schedule from CMS's own files, queried by DuckDB."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.adapters.market.market_data import ParquetMarket
from accord.adapters.market.reference_files import CmsReferenceFiles
from accord.adapters.pricefiles.price_files import PriceFileReaders
from accord.bootstrap import Accord
from accord.domain.engine import StaticBenchmarks
from accord.domain.market.benchmark import Benchmark, percent_of_medicare
from accord.services.benchmarks import benchmark_negotiation
from accord.services.demo import load_demo
from accord.services.market import MarketBenchmarkSource, ingest_price_file, load_pfs
from tests.support.clock import FixedClock
from tests.support.pricefiles import tic_file


@pytest.fixture
def market(tmp_path: Path, shared_fixtures: Path) -> Path:
    directory = tmp_path / "market"
    pfs = shared_fixtures / "pfs"
    load_pfs(ParquetMarket(directory), CmsReferenceFiles(), pfs / "PPRRVU2025_Oct-subset.csv",
             pfs / "GPCI2025.csv", pfs / "25LOCCO.csv")  # fmt: skip
    rates = [30.0, 32.0, 34.0, 36.0, 38.0, 40.0, 42.0, 44.0, 46.0]
    ingest_price_file(
        ParquetMarket(directory),
        PriceFileReaders(),
        FixedClock(),
        tic_file(tmp_path / "mt.json", "Big Sky", rates),
        state="MT",
    )
    return directory


def test_the_practice_sees_its_rate_terms_against_the_montana_market(
    sqlite_accord: Accord, market: Path
) -> None:
    app = sqlite_accord
    pt = load_demo(app.store.unit_of_work, app.clock.now())[1]
    rows = benchmark_negotiation(
        app.store.unit_of_work(), pt, MarketBenchmarkSource(ParquetMarket(market))
    )
    by_code = {row.term.billing_code: row for row in rows}
    assert set(by_code) == {"97110", "97140", "97530", "97161", "97162", "97163"}
    therapy = by_code["97110"]
    assert therapy.region == "MT"
    assert therapy.benchmark is not None
    assert (therapy.benchmark.p25, therapy.benchmark.p50, therapy.benchmark.p75) == (
        34.0, 38.0, 42.0,
    )  # fmt: skip
    # Montana's GPCIs are below 1, so Medicare pays less than the national $28.79.
    assert therapy.benchmark.medicare is not None
    assert 25.0 < therapy.benchmark.medicare < 28.79
    assert therapy.targets is not None
    assert therapy.targets.opening.value == 42.0  # the market's P75 for a rate we receive
    assert therapy.targets.target.value == 38.0
    assert therapy.their_latest == 31.0
    pct = therapy.pct_medicare(therapy.their_latest)
    assert pct is not None and 100 < pct < 110  # they offer about 108% of Medicare
    # No market rates for the other codes: said, not invented; Medicare still known.
    assert by_code["97140"].benchmark is None and by_code["97140"].targets is None
    assert by_code["97140"].medicare == 27.16


def test_medicare_comes_from_the_fee_schedule_alone_without_price_files(
    sqlite_accord: Accord, tmp_path: Path, shared_fixtures: Path
) -> None:
    app = sqlite_accord
    directory, pfs = tmp_path / "market", shared_fixtures / "pfs"
    load_pfs(ParquetMarket(directory), CmsReferenceFiles(), pfs / "PPRRVU2025_Oct-subset.csv",
             pfs / "GPCI2025.csv", pfs / "25LOCCO.csv")  # fmt: skip
    pt = load_demo(app.store.unit_of_work, app.clock.now())[1]
    with MarketBenchmarkSource(ParquetMarket(directory)) as source:
        rows = benchmark_negotiation(app.store.unit_of_work(), pt, source)
        national = source.medicare("97110")
    by_code = {row.term.billing_code: row for row in rows}
    assert all(row.benchmark is None and row.targets is None for row in rows)  # no rates
    # (work + PE + MP × Montana's 0.978) × 32.3465; national 97110 is the known $28.79
    assert national == 28.79
    assert {code: row.medicare for code, row in by_code.items()} == {
        "97110": 28.78, "97140": 27.16, "97530": 34.60,
        "97161": 97.98, "97162": 97.98, "97163": 97.98,
    }  # fmt: skip
    therapy = by_code["97110"]
    assert therapy.pct_medicare(therapy.their_latest) == 107.7  # their $31.00
    assert therapy.pct_medicare(therapy.our_target) == 132.0  # our $38.00


def test_typed_in_benchmarks_serve_when_there_is_no_market_data(sqlite_accord: Accord) -> None:
    app = sqlite_accord
    sca = load_demo(app.store.unit_of_work, app.clock.now())[0]
    with app.store.unit_of_work() as uow:
        n = uow.negotiations.get(sca)
        n.term("per_diem").billing_code = "SNF-PDPM"
        n.touch(app.clock.now())
        uow.commit()
    figures = StaticBenchmarks({"SNF-PDPM": Benchmark(520.0, 575.0, 640.0, 610.0)})
    [row] = benchmark_negotiation(app.store.unit_of_work(), sca, figures)
    assert row.region == "OH"  # the facility's state prices an SCA
    assert row.targets is not None
    # We pay this rate: never open above the median we aim for; walk away at P75.
    assert row.targets.opening.value == 575.0
    assert row.targets.target.value == 575.0
    assert row.targets.walk_away.value == 640.0


def test_percent_of_medicare_is_undefined_without_a_base() -> None:
    assert percent_of_medicare(30.0, 25.0) == 120.0
    assert percent_of_medicare(30.0, None) is None and percent_of_medicare(None, 25.0) is None
    assert percent_of_medicare(30.0, 0.0) is None
