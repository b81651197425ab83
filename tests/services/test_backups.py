"""Backups and restores on real SQLite and real PostgreSQL (``accord backup``/``restore``)."""

from __future__ import annotations

import re
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from accord.adapters.backup.postgres_tools import find_client_bin
from accord.adapters.backup.sqlite_backup import SqliteBackups
from accord.adapters.store import migrate
from accord.adapters.store.store import Store
from accord.bootstrap import Accord, bootstrap
from accord.config import Settings
from accord.domain.organisations import Contact
from accord.errors import ConfigurationError, ConflictError, InputFileError
from accord.services.audit import verify_audit
from accord.services.backups import check_backup, restore_backup, take_backup
from accord.services.demo import load_demo
from tests.services.test_transfer import _canonical_rows
from tests.support.clock import FixedClock
from tests.support.postgres import PostgresCluster, find_pg_bin

WRITER = "Writer contact "


@pytest.fixture
def other_database_url(
    database_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[str]:
    """A second empty database of the same kind as ``database_url``."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'other' / 'accord.db'}"
        return
    cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield cluster.url(name)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class Writer(threading.Thread):
    """Adds numbered contacts, one committed transaction each, until stopped."""

    def __init__(self, url: str, organisation_id: int) -> None:
        super().__init__(daemon=True)
        self.store = Store(url)
        self.organisation_id = organisation_id
        self.written = 0
        self.stop = threading.Event()
        self.failure: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                with self.store.unit_of_work() as uow:
                    uow.contacts.add(Contact(self.organisation_id, f"{WRITER}{self.written}"))
                    uow.commit()
                self.written += 1
        except BaseException as exc:  # reported by the test, not lost in the thread
            self.failure = exc
        finally:
            self.store.dispose()

    def wait_for(self, count: int) -> None:
        while self.written < count and self.is_alive():
            self.stop.wait(0.01)


def _writer_numbers(accord: Accord) -> list[int]:
    with accord.store.engine.connect() as connection:
        names = connection.execute(
            sa.text("SELECT name FROM contacts WHERE name LIKE :p"), {"p": WRITER + "%"}
        ).scalars()
        return sorted(int(name.removeprefix(WRITER)) for name in names)


def test_a_backup_taken_while_a_writer_is_active_restores_table_by_table(
    accord: Accord, other_database_url: str, tmp_path: Path, clock: FixedClock
) -> None:
    load_demo(accord.store.unit_of_work, clock.now())
    with accord.store.unit_of_work() as uow:
        organisation_id = uow.organisations.list()[0].id
    assert organisation_id is not None
    writer = Writer(accord.store.url, organisation_id)
    writer.start()
    try:
        writer.wait_for(5)
        result = take_backup(accord.backups, tmp_path / "backups" / f"b{accord.backups.suffix}")
        after_backup = writer.written
        writer.wait_for(after_backup + 5)  # still writing once the backup is complete
    finally:
        writer.stop.set()
        writer.join()
    assert writer.failure is None
    assert result.size_bytes == result.path.stat().st_size > 0
    assert not list(result.path.parent.glob(".*partial*"))

    target = bootstrap(
        Settings(data_dir=tmp_path / "target", database_url=other_database_url), clock=clock
    )
    try:
        restore_backup(target.backups, check_backup(target.backups, result.path))
        numbers = _writer_numbers(target)
        # One snapshot: the first k contacts, no gap, none written after the backup.
        assert numbers == list(range(len(numbers))) and 5 <= len(numbers) <= after_backup
        with target.store.engine.connect() as connection:
            last_entry = connection.execute(sa.text("SELECT max(id) FROM audit_log")).scalar()
        with accord.store.engine.begin() as connection:
            for number in range(len(numbers), writer.written):
                connection.execute(
                    sa.text("DELETE FROM contacts WHERE name = :n"), {"n": f"{WRITER}{number}"}
                )
            # ...and the audit entries of those contacts, written after the backup too.
            connection.execute(sa.text("DELETE FROM audit_log WHERE id > :i"), {"i": last_entry})
        before, after = _canonical_rows(accord), _canonical_rows(target)
        assert set(after) == set(before)
        for name in before:
            assert after[name] == before[name], f"table {name} differs after the restore"
        assert migrate.current_revision(target.store.engine) == migrate.head_revision()
        assert verify_audit(target.store.unit_of_work()).ok  # the restored trail chains
    finally:
        target.close()


@pytest.mark.parametrize("damage", ["truncated", "not a backup"])
def test_a_damaged_backup_is_refused_and_the_database_is_untouched(
    accord: Accord, tmp_path: Path, clock: FixedClock, damage: str
) -> None:
    load_demo(accord.store.unit_of_work, clock.now())
    good = take_backup(accord.backups, tmp_path / f"good{accord.backups.suffix}").path
    bad = tmp_path / f"bad{accord.backups.suffix}"
    data = good.read_bytes()
    bad.write_bytes(data[: len(data) // 2] if damage == "truncated" else b"hello, world\n" * 99)
    with accord.store.unit_of_work() as uow:  # a change after the backup must survive
        uow.contacts.add(Contact(uow.organisations.list()[0].id or 0, "Added after the backup"))
        uow.commit()
    before = _canonical_rows(accord)

    with pytest.raises(InputFileError) as refused:
        check_backup(accord.backups, bad)

    message = str(refused.value)
    assert message.startswith(str(bad)) and "\n" not in message
    assert _canonical_rows(accord) == before


def test_a_backup_from_a_newer_accord_is_refused(sqlite_accord: Accord, tmp_path: Path) -> None:
    path = take_backup(sqlite_accord.backups, tmp_path / "b.db").path
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    with pytest.raises(ConflictError, match=r"9999 is newer than this Accord knows"):
        check_backup(sqlite_accord.backups, path)


def test_an_older_backup_is_migrated_up_when_restored(
    sqlite_accord: Accord, tmp_path: Path
) -> None:
    old = tmp_path / "old" / "accord.db"
    store = Store(f"sqlite:///{old}")
    try:
        migrate.upgrade(store.engine, "0002")
    finally:
        store.dispose()
    backup = take_backup(SqliteBackups(old), tmp_path / "old.db").path
    checked = check_backup(sqlite_accord.backups, backup)
    assert (checked.revision, checked.needs_migration) == ("0002", True)

    restore_backup(sqlite_accord.backups, checked)

    assert migrate.current_revision(sqlite_accord.store.engine) == migrate.head_revision()


def test_a_pg_dump_older_than_the_server_is_named_with_the_package_to_install() -> None:
    with pytest.raises(ConfigurationError, match=r"install postgresql-client-99"):
        find_client_bin(99)
    if find_pg_bin() is not None:  # the test cluster's own programs are new enough
        assert re.search(r"/bin$", str(find_client_bin(9)))
