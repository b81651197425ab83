"""``accord serve`` as a user runs it: a real process, a real port, the URL printed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.web.server import free_port


def test_accord_serve_with_demo_data_prints_its_url_and_serves_pages(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "ACCORD_DATA_DIR": str(tmp_path), "ACCORD_DATABASE_URL": ""}
    command = [sys.executable, "-m", "accord.entrypoints.cli.app", "serve", "--demo",
               "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(2)]
        assert f"http://127.0.0.1:{port}/" in "".join(lines)
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
    finally:
        process.terminate()
        process.wait(timeout=20)
