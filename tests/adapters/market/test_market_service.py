"""Market use cases on a real temporary dataset: ingest, PFS load, queries, benchmarks."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.adapters.market.file_parallel import ProcessesOrDask
from accord.adapters.market.market_data import ParquetMarket
from accord.adapters.market.reference_files import CmsReferenceFiles
from accord.adapters.pricefiles.price_files import PriceFileReaders
from accord.adapters.pricefiles.rate_rows import RowFilter
from accord.domain.engine import BenchmarkSource
from accord.domain.market.benchmark import summarise_rates
from accord.domain.market.rate_query import RateQuery
from accord.errors import InputFileError, NotFoundError, ValidationError
from accord.services.market import (
    MarketBenchmarkSource,
    export_rates,
    ingest_price_file,
    load_pfs,
    market_status,
    rate_report,
)
from tests.support.clock import FixedClock

CAREFIRST = "tic/real/carefirst-in-network.json.gz"


@pytest.fixture(scope="module")
def market(shared_fixtures: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("market")
    ingest_price_file(
        ParquetMarket(root),
        PriceFileReaders(),
        FixedClock(),
        shared_fixtures / CAREFIRST,
        state="MD",
    )
    pfs = shared_fixtures / "pfs"
    load_pfs(
        ParquetMarket(root),
        CmsReferenceFiles(),
        pfs / "PPRRVU2025_Oct-subset.csv",
        pfs / "GPCI2025.csv",
        pfs / "25LOCCO.csv",
    )
    return root


def carefirst_rates(shared_fixtures: Path, code: str) -> list[float]:
    doc = json.loads(gzip.decompress((shared_fixtures / CAREFIRST).read_bytes()))
    return [
        p["negotiated_rate"]
        for item in doc["in_network"]
        if item["billing_code"] == code
        for nr in item["negotiated_rates"]
        for p in nr["negotiated_prices"]
    ]


def test_an_ingested_file_is_listed_with_its_hash_version_counts_and_warnings(
    market: Path,
) -> None:
    (entry,) = market_status(ParquetMarket(market))["files"]
    assert entry["rows"] == 122_310
    assert entry["schema_version"] == "1.0.0"
    assert len(entry["sha256"]) == 64
    assert "370 provider references are remote" in entry["warnings"][0]


def test_reingesting_the_same_file_changes_nothing(market: Path, shared_fixtures: Path) -> None:
    before = sorted((p, p.stat().st_mtime_ns) for p in (market / "files").rglob("*"))
    result = ingest_price_file(
        ParquetMarket(market),
        PriceFileReaders(),
        FixedClock(),
        shared_fixtures / CAREFIRST,
        state="MD",
    )
    assert result.skipped
    after = sorted((p, p.stat().st_mtime_ns) for p in (market / "files").rglob("*"))
    assert before == after


def test_percentiles_match_numpy_over_the_same_rates(market: Path, shared_fixtures: Path) -> None:
    expected = summarise_rates(carefirst_rates(shared_fixtures, "43235"))
    report = rate_report(ParquetMarket(market), RateQuery("43235", region="MD"))
    assert report.market is not None and expected is not None
    assert report.market.count == expected.count == 72
    assert np.allclose(list(report.market.as_dict().values()), list(expected.as_dict().values()))


def test_a_benchmark_carries_the_states_medicare_amount_and_percent_of_medicare(
    market: Path,
) -> None:
    query = RateQuery("64483", region="MD", payer="carefirst", billing_class=None)
    bench = rate_report(ParquetMarket(market), query).benchmark()
    assert bench is not None
    assert bench.rates.count == 71
    assert bench.medicare == 239.44
    assert bench.percent_of_medicare()["p50"] == round(329.16 / 239.44 * 100, 1)


def test_another_region_or_payer_has_no_benchmark(market: Path) -> None:
    assert rate_report(ParquetMarket(market), RateQuery("64483", region="VA")).benchmark() is None
    assert rate_report(ParquetMarket(market), RateQuery("64483", payer="aetna")).benchmark() is None


def test_the_dataset_serves_the_engine_as_a_benchmark_source(market: Path) -> None:
    source: BenchmarkSource = MarketBenchmarkSource(ParquetMarket(market))
    found = source.benchmark("64483", region="MD")
    assert found is not None
    assert (found.p50, found.medicare) == (329.16, 239.44)
    assert source.benchmark("00000") is None


def test_a_benchmark_source_asks_on_one_connection_and_closes_it(market: Path) -> None:
    dataset = ParquetMarket(market)
    with MarketBenchmarkSource(dataset) as source:
        assert dataset.connections_opened == 0  # nothing opened before the first question
        assert source.benchmark("64483", region="MD") is not None
        assert source.benchmark("43235", region="MD") is not None
        assert dataset.open_connections == 1
    assert (dataset.connections_opened, dataset.open_connections) == (1, 0)
    # every market use case closes what it opened, also when the question is refused
    rate_report(dataset, RateQuery("43235"))
    market_status(dataset)
    with pytest.raises(ValidationError):
        rate_report(dataset, RateQuery("43235", region="not a region"))
    with pytest.raises(NotFoundError, match="crosswalk"):  # refused on an open connection
        rate_report(dataset, RateQuery("43235", region="cbsa:12580"))
    assert dataset.connections_opened == 4
    assert dataset.open_connections == 0


def test_my_rate_is_placed_at_its_percentile_rank_in_the_market(
    market: Path, shared_fixtures: Path
) -> None:
    rates = np.array(carefirst_rates(shared_fixtures, "64483"))
    report = rate_report(ParquetMarket(market), RateQuery("64483"), my_rate=329.16)
    assert report.my_rate_rank == pytest.approx(float((rates <= 329.16).mean()))


def test_matching_rows_export_to_csv_and_parquet(market: Path, tmp_path: Path) -> None:
    assert export_rates(ParquetMarket(market), RateQuery("43235"), tmp_path / "out.csv") == 72
    assert (tmp_path / "out.csv").read_text().count("\n") == 73
    assert export_rates(ParquetMarket(market), RateQuery("43235"), tmp_path / "out.parquet") == 72


def test_a_failed_ingest_leaves_no_partition_behind(shared_fixtures: Path, tmp_path: Path) -> None:
    data = gzip.decompress((shared_fixtures / CAREFIRST).read_bytes())
    broken = tmp_path / "broken.json"
    broken.write_bytes(data[: len(data) * 3 // 4])
    root = tmp_path / "market"
    with pytest.raises(InputFileError, match=r"broken\.json"):
        ingest_price_file(
            ParquetMarket(root),
            PriceFileReaders(),
            FixedClock(),
            broken,
            row_filter=RowFilter(),
            state="MD",
        )
    assert not (root / "files").exists() or not list((root / "files").iterdir())
    assert not list((root / ".incoming").glob("*"))
    assert market_status(ParquetMarket(root))["totals"]["rows"] == 0


def test_a_missing_file_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        ingest_price_file(
            ParquetMarket(tmp_path), PriceFileReaders(), FixedClock(), tmp_path / "nope.json"
        )


def test_a_file_of_unknown_kind_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"hello": 1}')
    with pytest.raises(InputFileError, match="cannot tell what kind"):
        ingest_price_file(ParquetMarket(tmp_path / "m"), PriceFileReaders(), FixedClock(), path)


def test_hospital_files_feed_the_same_queries_by_their_state_and_zip3(
    shared_fixtures: Path, tmp_path: Path
) -> None:
    root = tmp_path / "market"
    result = ingest_price_file(
        ParquetMarket(root),
        PriceFileReaders(),
        FixedClock(),
        shared_fixtures / "hospital/v3/json-example.json",
    )
    assert (result.kind, result.rows) == ("hospital-json", 43)
    report = rate_report(
        ParquetMarket(root), RateQuery("70551", region="928", billing_class="institutional")
    )
    assert report.market is not None
    assert (report.market.min, report.market.max) == (250.0, 400.0)
    assert rate_report(
        ParquetMarket(root), RateQuery("70551", region="CA", payer="Region Health")
    ).market


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_garbled_file_either_ingests_whole_or_leaves_no_partition(
    shared_fixtures: Path, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    source = (
        shared_fixtures / "tic/v2/in-network-rates-fee-for-service-single-plan-sample.json"
    ).read_bytes()
    raw = bytearray(source[: data.draw(st.integers(0, len(source)))])
    for _ in range(data.draw(st.integers(0, 3))):
        if raw:
            raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.sampled_from(b'"{}[],:x9'))
    tmp = tmp_path_factory.mktemp("fuzz")
    path = tmp / "garbled.json"
    path.write_bytes(bytes(raw))
    root = tmp / "market"
    try:
        result = ingest_price_file(
            ParquetMarket(root), PriceFileReaders(), FixedClock(), path, kind="tic-in-network"
        )
    except InputFileError as exc:
        assert exc.path == str(path)
        assert not (root / "files").exists() or not any((root / "files").iterdir())
    else:
        manifest = json.loads(
            (root / "files" / f"file_id={result.file_id}" / "_manifest.json").read_text()
        )
        assert manifest["rows"] == result.rows
    assert not (root / ".incoming").exists() or not any((root / ".incoming").iterdir())


@pytest.mark.parametrize("name", ["tall-example.csv", "wide-example.csv", "json-example.json"])
def test_hospital_files_keep_a_repeated_charge_once(
    shared_fixtures: Path, tmp_path: Path, name: str
) -> None:
    # the wide example repeats Region Health's 50% on each of Platform's three lines, and
    # every format lists Platform's $20,000 three times with different algorithm notes:
    # once identical rows are kept once, all three formats hold the same 29 rows
    result = ingest_price_file(
        ParquetMarket(tmp_path / "market"),
        PriceFileReaders(),
        FixedClock(),
        shared_fixtures / "hospital/v2" / name,
    )
    assert result.rows == 29
    (entry,) = market_status(ParquetMarket(tmp_path / "market"))["files"]
    assert entry["rows"] == 29 and entry["kind"].startswith(result.kind)


def test_several_files_ingest_in_parallel_and_a_bad_one_does_not_stop_the_rest(
    shared_fixtures: Path, tmp_path: Path
) -> None:
    from accord.services.market import ingest_price_files

    bad = tmp_path / "bad.json"
    bad.write_text('{"in_network": [')
    paths = [
        shared_fixtures / "tic/v2/in-network-rates-all-negotiated-types-sample.json",
        shared_fixtures / "tic/v1/in-network-rates-fee-for-service-single-plan-sample.json",
        shared_fixtures / "hospital/v3/tall-example.csv",
        bad,
    ]
    root = tmp_path / "market"
    outcomes = {
        o.task: o
        for o in ingest_price_files(
            ParquetMarket(root), PriceFileReaders(), FixedClock(), ProcessesOrDask(), paths, jobs=2
        )
    }
    assert outcomes[bad].result is None and "bad.json" in (outcomes[bad].error or "")
    assert outcomes[bad].error_kind == "InputFileError"
    errors = {str(task): o.error for task, o in outcomes.items() if o.error}  # to read a failure
    assert sorted(o.result.rows for o in outcomes.values() if o.result) == [5, 8, 43], errors
    manifest = json.loads((root / "manifest.json").read_text())
    assert len(manifest["files"]) == 3


@pytest.mark.parametrize("name", ["wide-example.csv", "json-example.json"])
def test_a_hospital_file_ingested_twice_gives_the_same_bytes(
    shared_fixtures: Path, tmp_path: Path, name: str
) -> None:
    # identical rows are dropped by an out-of-core DISTINCT; every column orders the rest,
    # so two ingests (or a local and a cluster one) write the same partition
    source = shared_fixtures / "hospital/v2" / name
    first = ingest_price_file(
        ParquetMarket(tmp_path / "one"), PriceFileReaders(), FixedClock(), source
    )
    second = ingest_price_file(
        ParquetMarket(tmp_path / "two"), PriceFileReaders(), FixedClock(), source
    )
    assert first.file_id == second.file_id
    part = f"files/file_id={first.file_id}/rates.parquet"
    assert (tmp_path / "one" / part).read_bytes() == (tmp_path / "two" / part).read_bytes()


def test_the_manifest_records_the_time_of_the_injected_clock(
    shared_fixtures: Path, tmp_path: Path
) -> None:
    clock = FixedClock(datetime(2025, 11, 3, 14, 30, 5, tzinfo=UTC))
    market = ParquetMarket(tmp_path / "market")
    source = shared_fixtures / "tic/v2/in-network-rates-fee-for-service-single-plan-sample.json"
    ingest_price_file(market, PriceFileReaders(), clock, source)
    (entry,) = market_status(market)["files"]
    assert entry["ingested_at"] == "2025-11-03T14:30:05+00:00"
