"""The work directories of killed ingests are removed by the next one; live ones are not."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from accord.adapters.market.incoming import WorkDirectory, remove_dead
from accord.adapters.market.market_data import ParquetMarket
from accord.adapters.pricefiles.price_files import PriceFileReaders
from accord.adapters.pricefiles.rate_rows import RowFilter
from accord.services.market import ingest_price_file
from tests.support.clock import FixedClock

# A stand-in for an ingest in another process: it claims a work directory, writes into
# it, says so, and then works until it is killed.
_INGEST = """
import sys, time
from pathlib import Path
from accord.adapters.market.incoming import WorkDirectory
work = WorkDirectory(Path(sys.argv[1]), sys.argv[2])
(work.path / "rates.parquet.part").write_bytes(b"half a file")
print("writing", flush=True)
time.sleep(600)
"""


@pytest.fixture
def other_ingest(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    incoming = tmp_path / "market" / ".incoming"
    process = subprocess.Popen(
        [sys.executable, "-c", _INGEST, str(incoming), "abc123-live"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "writing"
        yield process, incoming
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def test_a_live_ingests_directory_is_kept_and_a_killed_ones_is_removed(
    other_ingest: tuple[subprocess.Popen[str], Path],
) -> None:
    process, incoming = other_ingest
    assert remove_dead(incoming) == []
    assert (incoming / "abc123-live" / "rates.parquet.part").is_file()
    assert (incoming / "abc123-live.lock").read_text().strip() == str(process.pid)

    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert remove_dead(incoming) == ["abc123-live"]
    assert list(incoming.iterdir()) == []


def test_a_directory_left_without_a_lock_file_is_removed(tmp_path: Path) -> None:
    incoming = tmp_path / ".incoming"
    (incoming / "old-1234").mkdir(parents=True)
    (incoming / "old-1234" / "rates.parquet").write_bytes(b"x")
    mine = WorkDirectory(incoming, "mine-5678")
    assert remove_dead(incoming) == ["old-1234"]
    assert [p.name for p in sorted(incoming.iterdir())] == ["mine-5678", "mine-5678.lock"]
    mine.release()
    assert not (incoming / "mine-5678.lock").exists()


def test_the_next_ingest_removes_a_killed_ingests_leftovers_but_not_a_live_ones(
    shared_fixtures: Path, tmp_path: Path
) -> None:
    root = tmp_path / "market"
    incoming = root / ".incoming"
    dead = subprocess.Popen(
        [sys.executable, "-c", _INGEST, str(incoming), "dead-0001"], stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    live = subprocess.Popen(
        [sys.executable, "-c", _INGEST, str(incoming), "live-0002"], stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        for process in (dead, live):
            assert process.stdout is not None and process.stdout.readline().strip() == "writing"
        os.kill(dead.pid, signal.SIGKILL)
        dead.wait(timeout=30)
        ingest_price_file(
            ParquetMarket(root), PriceFileReaders(), FixedClock(),
            shared_fixtures / "tic/real/carefirst-in-network.json.gz",
            row_filter=RowFilter(), state="MD",
        )  # fmt: skip
        assert sorted(p.name for p in incoming.iterdir()) == ["live-0002", "live-0002.lock"]
        assert list((root / "files").iterdir())
    finally:
        for process in (dead, live):
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def test_a_fresh_unlocked_claim_is_kept_and_an_old_one_is_removed(tmp_path: Path) -> None:
    # A claim's pending file is unlocked between its creation and its flock: another
    # ingest clearing leftovers at that moment must not take it (the claimant's rename
    # would then fail with "No such file or directory").
    incoming = tmp_path / ".incoming"
    incoming.mkdir()
    fresh = incoming / ".fresh-0001-abcd1234.pending"
    fresh.write_text("")
    old = incoming / ".old-0002-abcd1234.pending"
    old.write_text("")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    remove_dead(incoming)
    assert sorted(p.name for p in incoming.iterdir()) == [fresh.name]
