"""Export and import across databases: SQLite → PostgreSQL → SQLite changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

from accord.bootstrap import Accord, bootstrap
from accord.config import Settings
from accord.services.demo import load_demo
from accord.services.transfer import export_archive, import_archive
from tests.support.clock import FixedClock


def comparable(path: Path) -> dict[str, object]:
    document = json.loads(path.read_text())
    document.pop("exported_at")
    return dict(document)


def test_an_archive_moves_between_sqlite_and_postgresql_unchanged(
    sqlite_accord: Accord, postgres_url: str, tmp_path: Path, clock: FixedClock
) -> None:
    source = sqlite_accord
    load_demo(source.store.unit_of_work, clock.now())
    first = tmp_path / "from-sqlite.json"
    assert export_archive(source.store.unit_of_work(), source.archives, clock.now(), first) == 2

    target = bootstrap(Settings(data_dir=tmp_path / "pg", database_url=postgres_url), clock=clock)
    try:
        result = import_archive(target.store.unit_of_work(), target.archives, first)
        assert (result.negotiations_imported, result.organisations_created) == (2, 4)
        second = tmp_path / "from-postgresql.json"
        export_archive(target.store.unit_of_work(), target.archives, clock.now(), second)
    finally:
        target.close()
    assert comparable(first) == comparable(second)


def test_importing_twice_with_replace_keeps_one_copy(sqlite_accord: Accord, tmp_path: Path) -> None:
    app = sqlite_accord
    ids = load_demo(app.store.unit_of_work, app.clock.now())
    path = tmp_path / "one.json"
    export_archive(app.store.unit_of_work(), app.archives, app.clock.now(), path, ids[0])
    result = import_archive(app.store.unit_of_work(), app.archives, path, replace=True)
    assert (result.negotiations_replaced, result.organisations_matched) == (1, 2)
    with app.store.unit_of_work() as uow:
        assert len(uow.negotiations.list()) == 2
