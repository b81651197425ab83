"""Ingest on a real Dask ``LocalCluster`` (two worker processes on loopback).

One cluster serves the whole module (it takes a few seconds to start). The dataset a
cluster writes must be the one local processes write: same partitions, same rows in
billing-code order, same manifests but for the time of ingest. (Rows of one billing code
may come in any order, from local processes as from the cluster: the partition sort
orders by billing code only.)
"""

from __future__ import annotations

import functools
import json
import shutil
import socket
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from accord.adapters.market.file_parallel import ProcessesOrDask
from accord.adapters.market.market_data import ParquetMarket
from accord.adapters.pricefiles.price_files import PriceFileReaders
from accord.entrypoints.cli.app import main
from accord.errors import ConfigurationError, ValidationError
from accord.services.market import ingest_price_files
from tests.support.clock import FixedClock

FILES = (
    "tic/v2/in-network-rates-all-negotiated-types-sample.json",
    "tic/v1/in-network-rates-fee-for-service-single-plan-sample.json",
    "tic/v2/in-network-rates-bundle-single-plan-sample.json",
    "hospital/v3/tall-example.csv",
)


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        scheduler_port=0,
        dashboard_address=None,
    )
    try:
        yield str(cluster.scheduler_address)
    finally:
        cluster.close()


@pytest.fixture(scope="module")
def price_files(shared_fixtures: Path) -> list[Path]:
    return [shared_fixtures / name for name in FILES]


@pytest.fixture(scope="module")
def local_dataset(price_files: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("local") / "market"
    outcomes = list(
        ingest_price_files(
            ParquetMarket(root),
            PriceFileReaders(),
            FixedClock(),
            ProcessesOrDask(),
            price_files,
            jobs=2,
            state="MD",
        )
    )
    assert all(o.result is not None for o in outcomes), [o.error for o in outcomes]
    return root


def rows(path: Path, key: str) -> list[tuple[object, ...]]:
    """A table's rows, checked to be in ``key`` order; ties in any order, so sorted here."""
    table = pq.read_table(path).to_pylist()
    keys = [row[key] for row in table]
    assert keys == sorted(keys), f"{path} is not sorted by {key}"
    return sorted((tuple(row.items()) for row in table), key=repr)


def dataset_contents(root: Path) -> dict[str, dict[str, object]]:
    """Every partition's rows and manifest (less the time of ingest), by partition."""
    out: dict[str, dict[str, object]] = {}
    for part in sorted((root / "files").iterdir()):
        manifest = json.loads((part / "_manifest.json").read_text())
        manifest.pop("ingested_at")
        out[part.name] = {
            "manifest": manifest,
            "rates": rows(part / "rates.parquet", "billing_code"),
            "provider_groups": rows(part / "provider_groups.parquet", "provider_ref"),
        }
    return out


def listed_manifest(root: Path) -> list[dict[str, object]]:
    files = json.loads((root / "manifest.json").read_text())["files"]
    for entry in files:
        entry.pop("ingested_at")
    return sorted(files, key=lambda m: str(m["file_id"]))


def test_a_cluster_ingest_writes_the_same_dataset_as_local_processes(
    scheduler: str, price_files: list[Path], local_dataset: Path, tmp_path: Path
) -> None:
    root = tmp_path / "market"
    outcomes = list(
        ingest_price_files(
            ParquetMarket(root),
            PriceFileReaders(),
            FixedClock(),
            ProcessesOrDask(),
            price_files,
            state="MD",
            scheduler=scheduler,
        )
    )
    assert sorted(o.task for o in outcomes) == sorted(price_files)
    assert all(o.result is not None and not o.result.skipped for o in outcomes)
    assert dataset_contents(root) == dataset_contents(local_dataset)
    assert listed_manifest(root) == listed_manifest(local_dataset)
    assert not any((root / ".incoming").iterdir())


def test_the_cli_ingests_on_the_cluster_with_scheduler(
    scheduler: str,
    price_files: list[Path],
    local_dataset: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = tmp_path / "market"
    argv = ["market", "ingest", *map(str, price_files), "--state", "MD"]
    assert main([*argv, "--scheduler", scheduler, "--market-dir", str(root)]) == 0
    out = " ".join(capsys.readouterr().out.split())  # Rich wraps
    assert out.count("→ partition") == len(price_files)
    assert dataset_contents(root) == dataset_contents(local_dataset)
    # a second run on the cluster finds every partition there and changes nothing
    assert main([*argv, "--scheduler", scheduler, "--market-dir", str(root)]) == 0
    assert " ".join(capsys.readouterr().out.split()).count("already ingested") == len(FILES)


def test_a_bad_file_on_a_worker_reports_file_and_offset_and_leaves_no_partition(
    scheduler: str, price_files: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"in_network": [{"billing_code": "97110", ')
    root = tmp_path / "market"
    outcomes = {
        o.task: o
        for o in ingest_price_files(
            ParquetMarket(root),
            PriceFileReaders(),
            FixedClock(),
            ProcessesOrDask(),
            [price_files[0], bad],
            state="MD",
            scheduler=scheduler,
        )
    }
    assert outcomes[bad].result is None and outcomes[bad].error_kind == "InputFileError"
    assert f"{bad}, byte " in (outcomes[bad].error or "")
    assert outcomes[price_files[0]].result is not None
    assert len(list((root / "files").iterdir())) == 1
    assert not any((root / ".incoming").iterdir())
    assert len(json.loads((root / "manifest.json").read_text())["files"]) == 1

    code = main(["market", "ingest", str(bad), "--scheduler", scheduler, "--market-dir", str(root)])
    captured = capsys.readouterr()
    assert code == 2
    assert "bad.json, byte" in captured.out.replace("\n", "")
    assert "1 of 1 files could not be ingested" in captured.err.replace("\n", "")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def test_an_index_queues_its_files_on_the_cluster(
    scheduler: str,
    shared_fixtures: Path,
    local_dataset: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    served = tmp_path / "served"
    served.mkdir()
    shutil.copy(shared_fixtures / FILES[0], served / "in-network.json")
    handler = functools.partial(QuietHandler, directory=str(served))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        index = json.loads((shared_fixtures / "tic/v2/table-of-contents-sample.json").read_text())
        url = f"http://127.0.0.1:{httpd.server_address[1]}/in-network.json"
        index["reporting_structure"][0]["in_network_files"] = [
            {"description": "in-network file", "location": url}
        ]
        path = tmp_path / "index.json"
        path.write_text(json.dumps(index))
        root = tmp_path / "market"
        argv = ["market", "toc", str(path), "--plan", "medicare", "--ingest", "--state", "MD"]
        assert main([*argv, "--scheduler", scheduler, "--market-dir", str(root)]) == 0
    finally:
        httpd.shutdown()
    assert "8 rates" in " ".join(capsys.readouterr().out.split())
    (part,) = dataset_contents(root).values()
    expected = [p for p in dataset_contents(local_dataset).values() if p["rates"] == part["rates"]]
    assert len(expected) == 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_an_unreachable_scheduler_is_one_line_naming_it_exit_78(
    shared_fixtures: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("distributed")
    address = f"tcp://127.0.0.1:{free_port()}"
    root = tmp_path / "market"
    code = main(
        [
            "market",
            "ingest",
            str(shared_fixtures / FILES[0]),
            "--scheduler",
            address,
            "--scheduler-timeout",
            "1",
            "--market-dir",
            str(root),
        ]
    )
    err = capsys.readouterr().err
    assert code == ConfigurationError.exit_code == 78
    assert f"cannot reach the Dask scheduler at {address} within 1 s" in err.replace("\n", "")
    assert "Traceback" not in err
    assert not root.exists()


def test_a_scheduler_address_must_read_tcp_host_port(
    shared_fixtures: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(shared_fixtures / FILES[0])
    for bad in ("localhost:8786", "tcp://host", "http://host:8786", "tcp://host:99999"):
        code = main(["market", "ingest", path, "--scheduler", bad, "--market-dir", str(tmp_path)])
        assert code == ValidationError.exit_code, bad
        assert "tcp://HOST:PORT" in capsys.readouterr().err.replace("\n", "")
    index = str(shared_fixtures / "tic/v2/table-of-contents-sample.json")
    assert main(["market", "toc", index, "--scheduler", "tcp://127.0.0.1:8786"]) == 2
    assert "--scheduler needs --ingest" in capsys.readouterr().err.replace("\n", "")


def test_without_the_cluster_extra_a_scheduler_asks_for_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from accord.adapters.market.dask_cluster import run_on_dask

    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    with pytest.raises(ConfigurationError, match=r"pip install 'accord\[cluster\]'"):
        run_on_dask(str, ["x"], scheduler="tcp://127.0.0.1:8786")
