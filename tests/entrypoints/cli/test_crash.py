"""A process killed with SIGKILL in the middle of a large import loses nothing else and
leaves a database that opens and holds all or none of that import."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

COPIES = 1500


def accord_env(data_dir: Path) -> dict[str, str]:
    env = {**os.environ, "ACCORD_DATA_DIR": str(data_dir), "COLUMNS": "120"}
    env.pop("ACCORD_DATABASE_URL", None)
    return env


def accord(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).parent / "accord"
    return subprocess.run([str(executable), *args], capture_output=True, text=True,
                          env=accord_env(data_dir), timeout=300, check=False)  # fmt: skip


@pytest.fixture(scope="module")
def large_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo negotiations copied COPIES times with new uids (about 3,000 negotiations)."""
    root = tmp_path_factory.mktemp("large")
    source = root / "demo.json"
    assert accord(root / "data", "demo").returncode == 0
    assert accord(root / "data", "export", str(source)).returncode == 0
    document = json.loads(source.read_text())
    originals = document["negotiations"]
    document["negotiations"] = [
        {**negotiation, "uid": uuid.uuid4().hex} for _ in range(COPIES) for negotiation in originals
    ]
    path = root / "large.json"
    path.write_text(json.dumps(document))
    return path


def negotiation_count(database: Path) -> int:
    connection = sqlite3.connect(database)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return int(connection.execute("SELECT count(*) FROM negotiations").fetchone()[0])
    finally:
        connection.close()


def test_sigkill_during_a_large_import_leaves_all_or_none(
    large_archive: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    assert accord(data, "demo").returncode == 0  # two negotiations there before
    database = data / "accord.db"
    wal = data / "accord.db-wal"
    executable = Path(sys.executable).parent / "accord"
    process = subprocess.Popen(
        [str(executable), "import", str(large_archive)],
        env=accord_env(data), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    # Wait until the import is writing (its uncommitted pages spill into the WAL).
    deadline = time.monotonic() + 120
    killed = False
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > 2_000_000:
            os.kill(process.pid, signal.SIGKILL)
            killed = True
            break
        time.sleep(0.01)
    process.wait(timeout=60)
    assert killed, "the import finished before it could be killed; make the archive larger"
    assert process.returncode == -signal.SIGKILL
    count = negotiation_count(database)
    assert count in (2, 2 + 2 * COPIES)
    # The database still works for Accord itself.
    result = accord(data, "negotiation", "list")
    assert result.returncode == 0, result.stderr


def test_an_uninterrupted_large_import_lands_whole(large_archive: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = accord(data, "import", str(large_archive))
    assert result.returncode == 0, result.stderr
    assert negotiation_count(data / "accord.db") == 2 * COPIES
