"""Small files are stored in groups that share a transaction, each file still all or
nothing: a bad file inside a group is left out and the others stored; a file the
database refuses deep in its inserts fails alone; a process killed mid-group leaves
none of that group and a second run stores it — on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from accord.adapters.remittance.oxedi_reader import OxediRemittanceReader
from accord.adapters.remittance.synthetic import synthetic_remit
from accord.adapters.store.tables import metadata
from accord.bootstrap import Accord
from accord.domain.remittance import Payment
from accord.services import remittance_groups, remittances
from accord.services.remittances import FileStatus

HERE = OxediRemittanceReader(workers=0)


def _files(folder: Path, count: int, *, seed: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"{index:02d}.835"
        path.write_bytes(synthetic_remit(seed=seed + index, payments=2, claims_per_payment=3))
        paths.append(path)
    return paths


def _unbalanced(path: Path) -> None:
    """Make the file's last transaction one dollar off (BPR02 against its claims)."""
    head, _, last = path.read_bytes().rpartition(b"BPR*I*")
    amount, _, rest = last.partition(b"*")
    path.write_bytes(head + b"BPR*I*" + b"%.2f" % (float(amount) + 1) + b"*" + rest)


def _stored_payments(app: Accord) -> dict[str, Payment]:
    """Every stored payment by trace number, read back whole."""
    total, rows = remittances.list_remittances(app.store.unit_of_work, limit=10_000)
    assert total == len(rows)
    payments = [remittances.show_remittance(app.store.unit_of_work, r.id).payment for r in rows]
    return {p.trace_number: p for p in payments}


def _stored_file_names(app: Accord) -> list[str]:
    files = metadata.tables["remittance_files"]
    with app.store.engine.connect() as connection:
        return sorted(connection.execute(sa.select(files.c.name)).scalars())


def _parsed(*paths: Path) -> dict[str, Payment]:
    return {p.trace_number: p for path in paths for p in HERE.read_file(path)}


def test_a_bad_file_inside_a_group_is_left_out_and_the_others_stored_as_parsed(
    accord: Accord, tmp_path: Path
) -> None:
    paths = _files(tmp_path / "era", 6)
    _unbalanced(paths[3])
    summary = remittances.ingest_remittances(
        accord.store.unit_of_work, HERE, accord.clock, [tmp_path / "era"]
    )
    assert len(list(remittance_groups.file_groups(paths))) == 1  # one group, one commit
    assert [o.status for o in summary.files] == [FileStatus.INGESTED] * 3 + [FileStatus.FAILED] + [
        FileStatus.INGESTED
    ] * 2
    assert "03.835" in (summary.files[3].message or "")
    assert "does not balance: segment" in (summary.files[3].message or "")
    good = [p for i, p in enumerate(paths) if i != 3]
    assert _stored_file_names(accord) == [p.name for p in good]
    # Every payment of the five good files, exactly as parsed, each under its own file.
    assert _stored_payments(accord) == _parsed(*good)
    _, rows = remittances.list_remittances(accord.store.unit_of_work, limit=100)
    assert sorted({r.file_name for r in rows}) == [p.name for p in good]
    # A second run stores nothing twice; the bad file fails again, alone.
    again = remittances.ingest_remittances(
        accord.store.unit_of_work, HERE, accord.clock, [tmp_path / "era"]
    )
    assert [o.status for o in again.files].count(FileStatus.ALREADY_INGESTED) == 5
    assert again.files[3].status is FileStatus.FAILED


def test_files_in_memory_are_stored_in_groups_each_all_or_nothing(
    accord: Accord, tmp_path: Path
) -> None:
    """Uploads and the demo's generated files go through the same groups as files on
    disk: one commit for the lot, a bad or empty file reported in its place."""
    paths = _files(tmp_path / "era", 5)
    _unbalanced(paths[1])
    uploads = [(p.name, p.read_bytes()) for p in paths]
    uploads.insert(3, ("empty.835", b""))
    uploads.append(("again.835", paths[0].read_bytes()))  # the first file's content again
    heard: list[str] = []
    summary = remittances.ingest_remittance_uploads(
        accord.store.unit_of_work, HERE, accord.clock, uploads,
        progress=lambda o: heard.append(o.name),
    )  # fmt: skip
    assert [(o.name, o.status) for o in summary.files] == [
        ("00.835", FileStatus.INGESTED),
        ("01.835", FileStatus.FAILED),
        ("02.835", FileStatus.INGESTED),
        ("empty.835", FileStatus.FAILED),
        ("03.835", FileStatus.INGESTED),
        ("04.835", FileStatus.INGESTED),
        ("again.835", FileStatus.ALREADY_INGESTED),
    ]
    assert heard == [name for name, _ in uploads]
    assert "does not balance: segment" in (summary.files[1].message or "")
    assert summary.files[3].message == "empty.835: the file is empty; expected an X12 835"
    good = [paths[i] for i in (0, 2, 3, 4)]
    assert _stored_file_names(accord) == [p.name for p in good]
    assert _stored_payments(accord) == _parsed(*good)


def test_a_file_twice_in_one_group_or_a_trace_resent_in_another_file_counts_once(
    accord: Accord, tmp_path: Path
) -> None:
    folder = tmp_path / "era"
    [first, second] = _files(folder, 2)
    (folder / "01-copy.835").write_bytes(first.read_bytes())
    one = synthetic_remit(seed=0, payments=2, claims_per_payment=3).decode("ascii")
    # The same two transactions with another production date: a resend.
    (folder / "03-resent.835").write_text(one.replace("DTM*405*2026", "DTM*405*2027"))
    summary = remittances.ingest_remittances(
        accord.store.unit_of_work, HERE, accord.clock, [folder]
    )
    by_name = {Path(o.name).name: o for o in summary.files}
    assert by_name["00.835"].status is FileStatus.INGESTED
    assert by_name["01-copy.835"].status is FileStatus.ALREADY_INGESTED
    assert "as 00.835" in (by_name["01-copy.835"].message or "")
    assert by_name["03-resent.835"].status is FileStatus.ALREADY_INGESTED
    assert by_name["03-resent.835"].skipped_payments == 2
    assert _stored_payments(accord) == _parsed(first, second)


_REFUSE = {
    "sqlite": [
        "CREATE TRIGGER refuse BEFORE INSERT ON remittance_lines WHEN NEW.code = 'REFUSED' "
        "BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF NEW.code = 'REFUSED' THEN RAISE EXCEPTION 'refused by the test trigger'; END IF; "
        "RETURN NEW; END $$",
        "CREATE TRIGGER refuse BEFORE INSERT ON remittance_lines "
        "FOR EACH ROW EXECUTE FUNCTION refuse()",
    ],
}


def test_a_file_the_database_refuses_mid_group_fails_alone_and_leaves_nothing(
    accord: Accord, tmp_path: Path
) -> None:
    paths = _files(tmp_path / "era", 5, seed=40)
    # A valid file whose one line the database refuses, deep in the group's inserts.
    text = paths[2].read_text()
    code = text.split("SVC*HC:", 1)[1].split("*", 1)[0].split(":", 1)[0]
    paths[2].write_text(text.replace(f"SVC*HC:{code}", "SVC*HC:REFUSED", 1))
    with accord.store.engine.begin() as connection:
        for statement in _REFUSE[accord.store.engine.dialect.name]:
            connection.exec_driver_sql(statement)
    summary = remittances.ingest_remittances(
        accord.store.unit_of_work, HERE, accord.clock, [tmp_path / "era"]
    )
    statuses = [o.status for o in summary.files]
    assert statuses == [FileStatus.INGESTED] * 2 + [FileStatus.FAILED] + [FileStatus.INGESTED] * 2
    message = summary.files[2].message or ""
    assert "02.835" in message and "refused by the test trigger" in message
    assert "\n" not in message
    good = [p for i, p in enumerate(paths) if i != 2]
    assert _stored_file_names(accord) == [p.name for p in good]
    assert _stored_payments(accord) == _parsed(*good)


def test_a_copy_of_a_file_the_database_refuses_is_not_reported_as_stored(
    sqlite_accord: Accord, tmp_path: Path
) -> None:
    accord = sqlite_accord
    paths = _files(tmp_path / "era", 3, seed=60)
    text = paths[1].read_text()
    code = text.split("SVC*HC:", 1)[1].split("*", 1)[0].split(":", 1)[0]
    paths[1].write_text(text.replace(f"SVC*HC:{code}", "SVC*HC:REFUSED", 1))
    copy = tmp_path / "era" / "03-copy-of-01.835"
    copy.write_bytes(paths[1].read_bytes())
    with accord.store.engine.begin() as connection:
        for statement in _REFUSE[accord.store.engine.dialect.name]:
            connection.exec_driver_sql(statement)
    summary = remittances.ingest_remittances(
        accord.store.unit_of_work, HERE, accord.clock, [tmp_path / "era"]
    )
    statuses = {Path(o.name).name: o.status for o in summary.files}
    assert statuses == {
        "00.835": FileStatus.INGESTED, "01.835": FileStatus.FAILED,
        "02.835": FileStatus.INGESTED, "03-copy-of-01.835": FileStatus.FAILED,
    }  # fmt: skip
    failed_copy = next(o for o in summary.files if o.name.endswith("copy-of-01.835"))
    assert "the same content as 01.835, which was not stored" in (failed_copy.message or "")
    assert _stored_file_names(accord) == ["00.835", "02.835"]


_CHILD = """
import os, signal, sys
from pathlib import Path
import sqlalchemy as sa
from accord.adapters.remittance.oxedi_reader import OxediRemittanceReader
from accord.bootstrap import bootstrap
from accord.config import Settings
from accord.services import remittance_groups, remittances

remittance_groups.GROUP_FILES = 4
app = bootstrap(Settings(data_dir=Path(sys.argv[1])))
files_seen = 0

def crash_in_second_group(statement):
    # Killed outright (no cleanup, no rollback) while the second group's lines go in.
    global files_seen
    if statement.startswith("INSERT INTO remittance_files"):
        files_seen += 1
    if files_seen > 4 and statement.startswith("INSERT INTO remittance_lines"):
        os.kill(os.getpid(), signal.SIGKILL)

sa.event.listen(app.store.engine, "checkout",
                lambda connection, *_: connection.set_trace_callback(crash_in_second_group))
remittances.ingest_remittances(app.store.unit_of_work, OxediRemittanceReader(workers=0),
                               app.clock, [Path(sys.argv[2])])
"""


def test_a_process_killed_mid_group_leaves_none_of_that_group_and_a_rerun_stores_it(
    sqlite_accord: Accord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _files(tmp_path / "era", 10, seed=70)
    data_dir = sqlite_accord.settings.data_dir
    child = subprocess.run(
        [sys.executable, "-c", _CHILD, str(data_dir), str(tmp_path / "era")],
        capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": ""},
    )  # fmt: skip
    assert child.returncode == -signal.SIGKILL, child.stderr
    # The first group of four was committed, whole; nothing of the second.
    assert _stored_file_names(sqlite_accord) == [p.name for p in paths[:4]]
    assert _stored_payments(sqlite_accord) == _parsed(*paths[:4])
    monkeypatch.setattr(remittance_groups, "GROUP_FILES", 4)
    summary = remittances.ingest_remittances(
        sqlite_accord.store.unit_of_work, HERE, sqlite_accord.clock, [tmp_path / "era"]
    )
    assert [o.status for o in summary.files] == [FileStatus.ALREADY_INGESTED] * 4 + [
        FileStatus.INGESTED
    ] * 6
    assert _stored_payments(sqlite_accord) == _parsed(*paths)
