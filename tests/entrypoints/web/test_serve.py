"""``accord serve`` as a user runs it: a real process, a real port, the URL printed."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.entrypoints.server import free_port

LINK = re.compile(r"open (http://\S+/login/link\?token=\S+) to sign in as owner")


def _follow_link(lines: list[str]) -> httpx.Client:
    """A browser that opened the one-time sign-in link ``accord serve`` printed."""
    found = LINK.search("".join(lines))
    assert found is not None, f"no sign-in link in {lines}"
    client = httpx.Client(timeout=30, headers={"Accept": "text/html"})
    signed_in = client.get(found.group(1), follow_redirects=True)
    assert signed_in.status_code == 200 and "Pipeline" in signed_in.text
    return client


def test_accord_serve_with_demo_data_prints_its_url_and_serves_pages(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "ACCORD_DATA_DIR": str(tmp_path), "ACCORD_DATABASE_URL": ""}
    command = [sys.executable, "-m", "accord.entrypoints.cli.app", "serve", "--demo",
               "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        # demo, its market, its remits and contracts, the URL, the sign-in link
        lines = [process.stdout.readline() for _ in range(5)]
        assert f"http://127.0.0.1:{port}/" in "".join(lines)
        assert "demo practice economics: 52 remittance files" in "".join(lines)
        # nobody is signed in yet: the pipeline sends the browser to the sign-in page
        anonymous = httpx.get(f"http://127.0.0.1:{port}/", headers={"Accept": "text/html"})
        assert anonymous.status_code == 303 and anonymous.headers["location"] == "/login"
        browser = _follow_link(lines)  # the owner made on this first run signs in
        response = browser.get(f"http://127.0.0.1:{port}/")
        assert response.status_code == 200 and "[DEMO]" in response.text
        assert "owner · owner" in response.text  # who is signed in, beside "Sign out"
        assert (tmp_path / "accord.db").exists()  # embedded SQLite by default
        # the demo's fee schedule: Medicare and % of Medicare with no download
        assert "demo Medicare fee schedule 2025 loaded" in "".join(lines)
        card = browser.get(f"http://127.0.0.1:{port}/negotiations/2/preparation").text
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


def _start(
    tmp_path: Path, host: str, **environ: str
) -> tuple[subprocess.Popen[str], int, list[str]]:
    """Start ``accord serve``; return it, its port and what it printed up to the line
    after its URL (the sign-in line)."""
    port = free_port()
    env = {**os.environ, "ACCORD_DATA_DIR": str(tmp_path), "ACCORD_DATABASE_URL": "", **environ}
    command = [sys.executable, "-m", "accord.entrypoints.cli.app", "serve",
               "--host", host, "--port", str(port)]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    lines = []
    while not (line := process.stdout.readline()).startswith("Accord is running"):
        assert line, "accord serve stopped before it started"
        lines.append(line)
    lines.append(process.stdout.readline())  # the sign-in link or page
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
    process, port, lines = _start(tmp_path, "127.0.0.1")
    url = f"http://127.0.0.1:{port}/api/organisations"
    browser = _follow_link(lines)
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
                answers.append(browser.post(url, content=body(), headers=headers, timeout=60))
        assert answers and all(a.status_code == 413 for a in answers)
        elapsed = time.monotonic() - started
        grown = _peak_rss_kib(process.pid) - before
        print(f"peak RSS {before} KiB, grew {grown} KiB; {elapsed:.2f} s; {len(answers)} answers")
        assert grown < 20 * 1024, f"the server grew by {grown} KiB"
        assert elapsed < 30
        assert browser.get(url).json() == []
        assert httpx.get(url).status_code == 401  # and nobody else
    finally:
        process.terminate()
        process.wait(timeout=20)


def _serve_once(tmp_path: Path, *args: str, **environ: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ACCORD_DATA_DIR": str(tmp_path), "ACCORD_DATABASE_URL": "", **environ}
    command = [sys.executable, "-m", "accord.entrypoints.cli.app", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60,
                          input="a long enough passphrase\n")  # fmt: skip


def test_serving_beyond_loopback_needs_users_and_tls(tmp_path: Path) -> None:
    everywhere = ("serve", "--host", "0.0.0.0", "--port", str(free_port()))
    alone = _serve_once(tmp_path, *everywhere)
    assert alone.returncode == 78 and "running at" not in alone.stdout
    assert alone.stderr.strip().startswith("error: refusing to serve on 0.0.0.0 without users")
    assert "accord user add NAME --role owner" in alone.stderr
    added = _serve_once(tmp_path, "user", "add", "olive", "--role", "owner", "--password-stdin")
    assert added.returncode == 0
    clear = _serve_once(tmp_path, *everywhere)
    assert clear.returncode == 78 and "without TLS" in clear.stderr
    assert "ACCORD_TRUSTED_PROXY" in clear.stderr and clear.stderr.count("\n") == 1
    process, port, lines = _start(tmp_path, "0.0.0.0", ACCORD_TRUSTED_PROXY="true")
    try:
        printed = "".join(lines)
        assert printed.startswith("serving on 0.0.0.0, reachable from other machines")
        assert "ACCORD_TRUSTED_HOSTS" in printed and "login/link" not in printed
        assert lines[-1] == f"sign in at http://0.0.0.0:{port}/login\n"
        assert httpx.get(f"http://127.0.0.1:{port}/api/organisations").status_code == 401
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_on_loopback_the_local_owner_gets_a_new_link_until_they_set_a_password(
    tmp_path: Path,
) -> None:
    for _ in range(2):
        process, port, lines = _start(tmp_path, "127.0.0.1")
        try:
            _follow_link(lines).close()
        finally:
            process.terminate()
            process.wait(timeout=20)
    assert (
        _serve_once(tmp_path, "user", "reset-password", "owner", "--password-stdin").returncode == 0
    )
    process, port, lines = _start(tmp_path, "127.0.0.1")
    try:
        assert lines[-1] == f"sign in at http://127.0.0.1:{port}/login\n"
        assert "token=" not in "".join(lines)
    finally:
        process.terminate()
        process.wait(timeout=20)


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
        assert process.stdout is not None
        # demo, its market, its remits and contracts, the URL, the sign-in link; the port
        # is bound before they are printed, so the link waits for a worker to answer
        lines = [process.stdout.readline() for _ in range(5)]
        browser = _follow_link(lines)
        page = browser.get(f"http://127.0.0.1:{port}/")
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
