"""``accord serve`` as a user runs it: a real process, a real port, the URL printed."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.web.server import free_port


def test_accord_serve_with_demo_data_prints_its_url_and_serves_pages(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "ACCORD_DATA_DIR": str(tmp_path), "ACCORD_DATABASE_URL": ""}
    command = [sys.executable, "-m", "accord.entrypoints.cli.app", "serve", "--demo",
               "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        # demo, its market, its remits and contracts, the URL
        lines = [process.stdout.readline() for _ in range(4)]
        assert f"http://127.0.0.1:{port}/" in "".join(lines)
        assert "demo practice economics: 52 remittance file(s)" in "".join(lines)
        deadline = time.monotonic() + 20
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/", headers={"Accept": "text/html"})
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline, "accord serve did not answer"
                time.sleep(0.1)
        assert response.status_code == 200 and "[DEMO]" in response.text
        assert (tmp_path / "accord.db").exists()  # embedded SQLite by default
        # the demo's fee schedule: Medicare and % of Medicare with no download
        assert "demo Medicare fee schedule 2025 loaded" in "".join(lines)
        card = httpx.get(f"http://127.0.0.1:{port}/negotiations/2/preparation",
                         headers={"Accept": "text/html"}).text  # fmt: skip
        assert "$28.78" in card and "108% of Medicare" in card  # their $31.00 for 97110
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_a_busy_port_is_a_one_line_error_and_no_url_is_printed(tmp_path: Path) -> None:
    env = {**os.environ, "ACCORD_DATA_DIR": str(tmp_path), "ACCORD_DATABASE_URL": ""}
    with socket.socket() as holder:  # another program holding the port
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        command = [sys.executable, "-m", "accord.entrypoints.cli.app", "serve", "--demo",
                   "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 78
    assert "running at" not in done.stdout and "demo negotiations loaded" not in done.stdout
    error = done.stderr.strip()
    expected = (
        f"cannot listen on 127.0.0.1:{port}: it is already in use; choose another with --port"
    )
    assert error == f"error: {expected}"
    assert not (tmp_path / "accord.db").exists()  # nothing loaded for a server that never ran


def test_the_url_is_printed_only_once_the_port_accepts_connections(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "ACCORD_DATA_DIR": str(tmp_path), "ACCORD_DATABASE_URL": ""}
    command = [sys.executable, "-m", "accord.entrypoints.cli.app", "serve",
               "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass  # no retry: the port is listening as soon as the URL is shown
    finally:
        process.terminate()
        process.wait(timeout=20)


def _start(tmp_path: Path, host: str) -> tuple[subprocess.Popen[str], int, list[str]]:
    port = free_port()
    env = {**os.environ, "ACCORD_DATA_DIR": str(tmp_path), "ACCORD_DATABASE_URL": ""}
    command = [sys.executable, "-m", "accord.entrypoints.cli.app", "serve",
               "--host", host, "--port", str(port)]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    lines = []
    while not (line := process.stdout.readline()).startswith("Accord is running"):
        assert line, "accord serve stopped before it started"
        lines.append(line)
    deadline = time.monotonic() + 20
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/organisations")
            return process, port, lines
        except httpx.ConnectError:
            assert time.monotonic() < deadline, "accord serve did not answer"
            time.sleep(0.1)


def _peak_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM in /proc")


def test_a_200_mb_body_is_refused_without_the_server_growing(tmp_path: Path) -> None:
    process, port, _ = _start(tmp_path, "127.0.0.1")
    url = f"http://127.0.0.1:{port}/api/organisations"
    try:
        before = _peak_rss_kib(process.pid)

        def body() -> Iterator[bytes]:
            yield b'{"name": "'
            chunk = b"x" * 1_048_576
            for _ in range(200):
                yield chunk
            yield b'", "kind": "payer"}'

        started = time.monotonic()
        answers = []
        for headers in ({}, {"Content-Length": str(200 * 1_048_576 + 29)}):
            # The server may close the connection before the body is all sent.
            with contextlib.suppress(httpx.TransportError):
                answers.append(httpx.post(url, content=body(), headers=headers, timeout=60))
        assert answers and all(a.status_code == 413 for a in answers)
        elapsed = time.monotonic() - started
        grown = _peak_rss_kib(process.pid) - before
        print(f"peak RSS {before} KiB, grew {grown} KiB; {elapsed:.2f} s; {len(answers)} answers")
        assert grown < 20 * 1024, f"the server grew by {grown} KiB"
        assert elapsed < 30
        assert httpx.get(url).json() == []
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_serving_beyond_loopback_warns_plainly(tmp_path: Path) -> None:
    process, _, lines = _start(tmp_path, "0.0.0.0")
    try:
        warning = "".join(lines)
        assert warning.startswith("warning: serving on 0.0.0.0")
        assert "without logins" in warning and "ACCORD_TRUSTED_HOSTS" in warning
    finally:
        process.terminate()
        process.wait(timeout=20)
    quiet, _, lines = _start(tmp_path / "loopback", "127.0.0.1")
    quiet.terminate()
    quiet.wait(timeout=20)
    assert lines == []


def test_serve_with_two_workers_answers_from_worker_processes_and_stops_them(
    tmp_path: Path,
) -> None:
    psutil = pytest.importorskip("psutil")
    port = free_port()
    env = {**os.environ, "ACCORD_DATA_DIR": str(tmp_path), "ACCORD_DATABASE_URL": ""}
    command = [sys.executable, "-m", "accord.entrypoints.cli.app", "serve", "--demo",
               "--workers", "2", "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                page = httpx.get(
                    f"http://127.0.0.1:{port}/", headers={"Accept": "text/html"}, timeout=30
                )
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline, "accord serve --workers 2 did not answer"
                time.sleep(0.2)
        assert page.status_code == 200 and "[DEMO]" in page.text
        workers = [
            child for child in psutil.Process(process.pid).children()
            if "spawn_main" in " ".join(child.cmdline())
        ]  # fmt: skip
        assert len(workers) == 2
    finally:
        process.terminate()
        process.wait(timeout=60)
    gone, alive = psutil.wait_procs(workers, timeout=30)
    assert not alive and len(gone) == 2
