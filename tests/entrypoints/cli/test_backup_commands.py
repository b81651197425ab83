"""``accord backup`` and ``accord restore`` as a user runs them (SQLite; the services'
tests cover PostgreSQL)."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from tests.entrypoints.cli.conftest import Run


def _negotiation_titles(run: Run) -> list[str]:
    code, out, _ = run("negotiation", "list", "--json")
    assert code == 0
    return sorted(row["title"] for row in json.loads(out))


def test_backup_then_restore_asks_first_and_brings_the_record_back(
    run: Run, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("demo")[0] == 0
    before = _negotiation_titles(run)
    assert "Added after the backup" not in run("org", "list", "--json")[1]
    code, out, err = run("backup", "--json")
    assert code == 0, err
    written = json.loads(out)
    path = Path(written["path"])
    assert path.parent == data_dir / "backups" and path.suffix == ".db"
    assert written["size_bytes"] == path.stat().st_size

    assert run("org", "add", "Added after the backup", "--kind", "payer")[0] == 0
    assert "Added after the backup" in run("org", "list", "--json")[1]
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no answer: nothing is done
    code, _, err = run("restore", str(path))
    assert code == 2 and "nothing restored" in err and "--yes" in err

    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    code, out, err = run("restore", str(path))
    assert code == 0, err
    assert "schema revision" in out and "restored" in out
    assert _negotiation_titles(run) == before
    assert "Added after the backup" not in run("org", "list", "--json")[1]


def test_restoring_a_damaged_file_is_one_line_and_changes_nothing(run: Run, tmp_path: Path) -> None:
    assert run("demo")[0] == 0
    before = _negotiation_titles(run)
    bad = tmp_path / "half.db"
    code, out, _ = run("backup", str(tmp_path / "good.db"))
    assert code == 0 and "backup written" in out
    bad.write_bytes((tmp_path / "good.db").read_bytes()[:20000])

    code, _, err = run("restore", "--yes", str(bad))

    assert code == 2
    assert err.strip().splitlines() == [f"error: {bad}: not a readable SQLite backup "
                                         "(database disk image is malformed)"]  # fmt: skip
    assert _negotiation_titles(run) == before


def _files(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes() for p in directory.rglob("*") if p.is_file()
    }


def test_with_market_the_dataset_is_archived_and_restored_beside_the_database(
    run: Run, data_dir: Path, tmp_path: Path
) -> None:
    assert run("demo")[0] == 0
    market = data_dir / "market"
    before = _files(market)
    assert before  # the demo fee schedule
    code, out, err = run("backup", str(tmp_path / "b.db"), "--with-market", "--json")
    assert code == 0, err
    tar = tmp_path / "b.db.market.tar"
    assert json.loads(out)["market"] == {"path": str(tar), "size_bytes": tar.stat().st_size}

    shutil.rmtree(market)
    (market / "stray").mkdir(parents=True)
    half = tmp_path / "half.db"
    shutil.copyfile(tmp_path / "b.db", half)
    Path(f"{half}.market.tar").write_bytes(tar.read_bytes()[: tar.stat().st_size // 2])
    code, _, err = run("restore", "--yes", "--with-market", str(half))
    assert code == 2 and err.startswith(f"error: {half}.market.tar: truncated market backup")
    assert _files(market) == {} and (market / "stray").is_dir()  # nothing replaced

    code, out, err = run("restore", "--yes", "--with-market", str(tmp_path / "b.db"))
    assert code == 0, err
    assert "restored the market dataset" in out
    assert _files(market) == before
