"""Session-wide fixtures: the public sample files in ../shared and the databases.

Every store test runs on SQLite (a real file) and on PostgreSQL (a throwaway cluster
started for the session). In CI (``CI=true``) a missing PostgreSQL fails the run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from accord.bootstrap import Accord, bootstrap
from accord.config import Settings
from tests.support.clock import FixedClock
from tests.support.postgres import PostgresCluster, find_pg_bin

ROOT = Path(__file__).resolve().parent.parent
SHARED_FIXTURES = ROOT.parent / "shared" / "fixtures"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def shared_fixtures() -> Path:
    """``../shared/fixtures``: required in CI, skipped elsewhere when absent."""
    if not SHARED_FIXTURES.is_dir():
        if IN_CI:
            pytest.fail(f"public sample files missing: {SHARED_FIXTURES}")
        pytest.skip(f"public sample files not present at {SHARED_FIXTURES}")
    return SHARED_FIXTURES


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    bin_dir = find_pg_bin()
    if bin_dir is None:
        message = "PostgreSQL server binaries (initdb, pg_ctl) not found"
        if IN_CI:
            pytest.fail(message + "; scripts/system-deps installs them")
        pytest.skip(message)
    cluster = PostgresCluster(bin_dir)
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def postgres_url(postgres_cluster: PostgresCluster) -> Iterator[str]:
    """A fresh, empty database on the session's cluster."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_cluster.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield postgres_cluster.url(name)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each store test runs twice: on a SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'accord.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def accord(database_url: str, tmp_path: Path, clock: FixedClock) -> Iterator[Accord]:
    """A wired Accord on a fresh database of each kind, migrated, with a fixed clock."""
    settings = Settings(data_dir=tmp_path / "data", database_url=database_url)
    app = bootstrap(settings, clock=clock)
    try:
        yield app
    finally:
        app.close()


@pytest.fixture
def sqlite_accord(tmp_path: Path, clock: FixedClock) -> Iterator[Accord]:
    """A wired Accord on a SQLite file only (for tests about logic, not the database)."""
    settings = Settings(data_dir=tmp_path / "data")
    app = bootstrap(settings, clock=clock)
    try:
        yield app
    finally:
        app.close()
