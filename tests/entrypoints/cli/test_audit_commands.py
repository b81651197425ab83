"""``accord audit list`` and ``accord audit verify`` as a user runs them, and the
chain's check after ``accord restore`` (SQLite; the services' tests cover PostgreSQL)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.entrypoints.cli.conftest import Run


def _database(data_dir: Path) -> Path:
    return data_dir / "accord.db"


def test_changes_made_on_the_command_line_are_the_local_users_from_the_cli(run: Run) -> None:
    assert run("org", "add", "Summit PT", "--kind", "ours")[0] == 0
    assert run("org", "add", "Big Sky Health", "--kind", "payer")[0] == 0
    code, out, err = run("audit", "list", "--json")
    assert code == 0, err
    listed = json.loads(out)
    assert listed["total"] == 2
    newest = listed["entries"][0]
    assert (newest["action"], newest["entity"], newest["entity_id"]) == (
        "create",
        "organisation",
        "2",
    )
    assert (newest["user_name"], newest["role"], newest["address"]) == ("local", "owner", "cli")
    assert newest["after"]["name"] == "Big Sky Health" and newest["before"] is None
    assert newest["summary"] == "added organisation 2 (Big Sky Health)"

    code, out, _ = run("audit", "list")
    assert code == 0 and "audit trail: 2 entries" in out and "added organisation 1" in out
    code, out, _ = run("audit", "list", "--entity", "contract", "--json")
    assert json.loads(out) == {"total": 0, "entries": []}
    code, out, _ = run("audit", "list", "--since", "2999-01-01", "--json")
    assert json.loads(out)["total"] == 0
    code, _, err = run("audit", "list", "--since", "yesterday")
    assert code == 2 and "expected a date-time" in err


def test_a_negotiations_history_lists_only_its_own_entries(run: Run) -> None:
    assert run("demo")[0] == 0
    code, out, _ = run("audit", "list", "--negotiation", "1", "--limit", "1000", "--json")
    assert code == 0
    entries = json.loads(out)["entries"]
    assert entries and {e["negotiation_id"] for e in entries} == {1}


def test_verify_passes_then_names_the_row_edited_behind_accords_back(
    run: Run, data_dir: Path
) -> None:
    assert run("org", "add", "Summit PT", "--kind", "ours")[0] == 0
    assert run("org", "add", "Big Sky Health", "--kind", "payer")[0] == 0
    code, out, err = run("audit", "verify")
    assert code == 0, err
    assert out.startswith("audit trail intact: 2 entries, head ")
    with sqlite3.connect(_database(data_dir)) as db:
        db.execute("UPDATE audit_log SET after = replace(after, 'Big Sky', 'Small Sky')")
    code, out, err = run("audit", "verify")
    assert code == 9 and out == ""
    assert err.strip() == (
        "error: the audit trail does not verify at row 2 (of 2 checked): its hash does not "
        "match: this row was changed, or a row before it was removed, inserted or changed"
    )
    code, out, _ = run("audit", "verify", "--json")
    report = json.loads(out)
    assert code == 9 and report["ok"] is False and report["broken"]["entry_id"] == 2


def test_restore_verifies_the_audit_trail_of_the_backup(
    run: Run, data_dir: Path, tmp_path: Path
) -> None:
    assert run("org", "add", "Summit PT", "--kind", "ours")[0] == 0
    good = tmp_path / "good.db"
    assert run("backup", str(good))[0] == 0
    code, out, err = run("restore", "--yes", str(good))
    assert code == 0, err
    assert "audit trail intact: 1 entries" in out

    tampered = tmp_path / "tampered.db"
    tampered.write_bytes(good.read_bytes())
    with sqlite3.connect(tampered) as db:
        db.execute("UPDATE audit_log SET user_name = 'nobody'")
    code, out, err = run("restore", "--yes", str(tampered))
    assert code == 9
    assert "its audit trail does not verify at row 1" in err


def test_a_search_value_with_a_control_character_is_one_clear_line(run: Run) -> None:
    code, out, err = run("audit", "list", "--entity", "offer\x00")
    assert code == 2 and out == ""
    assert err.strip().startswith("error: entity: expected at most 40 printable characters")
