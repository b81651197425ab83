"""Downloads over http(s), against a real HTTP server on the loopback interface."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from accord.adapters.market.market_data import ParquetMarket
from accord.adapters.pricefiles.downloads import download
from accord.adapters.pricefiles.price_files import PriceFileReaders
from accord.entrypoints.cli.app import main
from accord.errors import InputFileError
from tests.support.clock import FixedClock


class _Server:
    def __init__(self, payload: bytes) -> None:
        self.payload = payload
        self.cut_first_at: int | None = None  # drop the first response after this many bytes
        self.requests: list[str | None] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server.requests.append(self.headers.get("Range"))
                if not self.path.endswith(".json.gz") and not self.path.endswith(".json"):
                    self.send_error(404)
                    return
                start = 0
                if rng := self.headers.get("Range"):
                    start = int(rng.removeprefix("bytes=").rstrip("-"))
                body = server.payload[start:]
                self.send_response(206 if start else 200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if server.cut_first_at is not None and len(server.requests) == 1:
                    self.wfile.write(body[: server.cut_first_at])
                    self.wfile.flush()
                    self.connection.shutdown(2)
                    return
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def server(shared_fixtures: Path) -> Iterator[_Server]:
    s = _Server((shared_fixtures / "tic/real/carefirst-in-network.json.gz").read_bytes())
    yield s
    s.httpd.shutdown()


def test_an_interrupted_download_resumes_where_it_stopped(server: _Server, tmp_path: Path) -> None:
    server.cut_first_at = 100_000
    digest = hashlib.sha256(server.payload).hexdigest()
    path = download(f"{server.url}/cf.json.gz", tmp_path, sha256=digest, backoff=0)
    assert path.read_bytes() == server.payload
    assert server.requests == [None, "bytes=100000-"]
    assert not list(tmp_path.glob("*.part"))


def test_a_wrong_checksum_leaves_no_file(server: _Server, tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="does not match the expected SHA-256"):
        download(f"{server.url}/cf.json.gz", tmp_path, sha256="0" * 64, backoff=0)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_file_is_not_retried(server: _Server, tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="HTTP 404"):
        download(f"{server.url}/missing.txt", tmp_path, backoff=0)
    assert len(server.requests) == 1


def test_ingest_downloads_a_url_then_reads_it(
    server: _Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "market"
    url = f"{server.url}/carefirst.json.gz"
    assert main(["market", "ingest", url, "--state", "MD", "--market-dir", str(root)]) == 0
    assert "122,310 rates" in " ".join(capsys.readouterr().out.split())  # Rich wraps
    assert (root / "downloads" / "carefirst.json.gz").is_file()
    assert main(["market", "ingest", url, "--state", "MD", "--market-dir", str(root)]) == 0
    assert "already ingested" in " ".join(capsys.readouterr().out.split())  # Rich wraps
    assert len(server.requests) == 1  # the complete download is reused


def test_remote_provider_references_are_fetched_only_when_asked(
    shared_fixtures: Path, tmp_path: Path
) -> None:
    import json

    from accord.services.market import ingest_price_file

    server = _Server((shared_fixtures / "tic/v1/provider-reference.json").read_bytes())
    try:
        doc = json.loads((shared_fixtures / "tic/v2/in-network-rates-no-npi.json").read_bytes())
        doc["provider_references"] = [
            {"provider_group_id": 7, "location": f"{server.url}/group-7.json"},
            {"provider_group_id": 8, "location": f"{server.url}/missing-8.txt"},
        ]
        doc["in_network"][0]["negotiated_rates"][0]["provider_references"] = [7, 8]
        path = tmp_path / "remote-refs.json"
        path.write_text(json.dumps(doc))

        offline = ingest_price_file(
            ParquetMarket(tmp_path / "offline"), PriceFileReaders(), FixedClock(), path
        )
        assert offline.report is not None
        assert "2 provider references are remote" in offline.report.warnings[0]
        assert server.requests == []  # nothing fetched without the flag

        online = ingest_price_file(
            ParquetMarket(tmp_path / "online"),
            PriceFileReaders(),
            FixedClock(),
            path,
            fetch_references=True,
        )
        assert online.report is not None
        warnings = " ".join(online.report.warnings)
        assert "1 provider references are remote" in warnings  # the 404 one stays remote
        assert "1 remote provider reference files could not be fetched" in warnings
        import pyarrow.parquet as pq

        groups = pq.read_table(
            tmp_path / "online/files" / f"file_id={online.file_id}" / "provider_groups.parquet"
        ).to_pylist()
        assert {(g["provider_ref"], g["npi"]) for g in groups if g["npi"]} == {
            ("7", 1111111111),
            ("7", 2222222222),
        }
    finally:
        server.httpd.shutdown()


def test_an_index_ingests_the_in_network_files_of_one_plan(
    shared_fixtures: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    server = _Server((shared_fixtures / "tic/real/carefirst-in-network.json.gz").read_bytes())
    try:
        index = json.loads((shared_fixtures / "tic/v2/table-of-contents-sample.json").read_bytes())
        index["reporting_structure"][0]["in_network_files"] = [
            {"description": "in-network file", "location": f"{server.url}/carefirst.json.gz"},
            {"description": "gone", "location": f"{server.url}/gone.txt"},
        ]
        path = tmp_path / "index.json"
        path.write_text(json.dumps(index))
        root = str(tmp_path / "market")
        code = main(
            [
                "market",
                "toc",
                str(path),
                "--plan",
                "medicare",
                "--ingest",
                "--state",
                "MD",
                "--market-dir",
                root,
            ]
        )
        out = " ".join(capsys.readouterr().out.split())
        assert code == 2  # one listed file is missing on the server
        assert "122,310 rates" in out and "HTTP 404" in out
        assert server.requests.count(None) == 2  # the chip plan's files were not fetched
    finally:
        server.httpd.shutdown()


def _remote_refs_file(shared_fixtures: Path, path: Path, url: str, *, refs_first: bool) -> Path:
    """The no-NPI sample with two remote references, before or after ``in_network``."""
    import json

    doc = json.loads((shared_fixtures / "tic/v2/in-network-rates-no-npi.json").read_bytes())
    in_network = doc.pop("in_network")
    del doc["provider_references"]
    in_network[0]["negotiated_rates"][0]["provider_references"] = [7, 8]
    refs = [
        {"provider_group_id": 7, "location": f"{url}/group-7.json"},
        {"provider_group_id": 8, "location": f"{url}/group-8.json"},
    ]
    if refs_first:
        doc |= {"provider_references": refs, "in_network": in_network}
    else:
        doc |= {"in_network": in_network, "provider_references": refs}
    path.write_text(json.dumps(doc))
    return path


@pytest.mark.parametrize("refs_first", [True, False], ids=["refs-first", "refs-last"])
@pytest.mark.parametrize("npi_filter", [False, True], ids=["columnar", "item-by-item"])
def test_remote_references_are_fetched_wherever_they_sit_and_counted(
    shared_fixtures: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    refs_first: bool,
    npi_filter: bool,
) -> None:
    server = _Server((shared_fixtures / "tic/v1/provider-reference.json").read_bytes())
    try:
        path = _remote_refs_file(
            shared_fixtures, tmp_path / "refs.json", server.url, refs_first=refs_first
        )
        root = tmp_path / "market"
        args = ["market", "ingest", str(path), "--market-dir", str(root), "--fetch-references"]
        if npi_filter:  # an NPI filter reads items one by one
            args += ["--npi", "1111111111"]
        assert main(args) == 0
        out = " ".join(capsys.readouterr().out.split())
        assert server.requests == [None, None]  # each URL once
        assert "fetched 2 remote provider reference files" in out
        assert "remote files (location URLs)" not in out  # none left unresolved
        assert ": 1 rates from" in out
    finally:
        server.httpd.shutdown()
