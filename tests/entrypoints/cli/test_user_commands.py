"""``accord user``: passwords only from a hidden prompt or standard input, --json reads."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.entrypoints.cli.conftest import Run


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_users_and_tokens_from_the_command_line(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, "correct horse battery\n")
    code, out, _ = run("user", "add", "Dana", "--role", "admin", "--password-stdin")
    assert code == 0 and "user dana added (admin)" in out
    code, out, _ = run("user", "token", "create", "dana", "--label", "export", "--json")
    created = json.loads(out)
    assert code == 0 and created["secret"].startswith("acc_") and created["scope"] == "read"
    code, out, _ = run("user", "token", "list", "--json")
    assert "secret" not in out and json.loads(out)[0]["label"] == "export"
    assert run("user", "token", "revoke", str(created["id"]))[0] == 0
    assert json.loads(run("user", "token", "list", "--json")[1])[0]["revoked_at"]
    assert run("user", "role", "dana", "viewer")[0] == 0
    assert run("user", "disable", "dana")[0] == 0
    listed = json.loads(run("user", "list", "--json")[1])
    assert listed == [{**listed[0], "name": "dana", "role": "viewer", "active": False}]


def test_a_password_is_never_an_argument_and_a_short_one_is_refused(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stdin(monkeypatch, "")
    code, _, err = run("user", "add", "bob")  # no terminal to prompt in
    assert code == 2 and "--password-stdin" in err
    _stdin(monkeypatch, "short\n")
    code, _, err = run("user", "add", "bob", "--password-stdin")
    assert code == 2 and "at least 10 characters" in err and err.count("\n") == 1
    code, _, err = run("user", "reset-password", "nobody", "--password")
    assert code == 2
    _stdin(monkeypatch, "another long passphrase\n")
    code, _, err = run("user", "reset-password", "nobody", "--password-stdin")
    assert code == 3 and "no user named 'nobody'" in err


def test_a_token_with_an_end_date_and_the_audit_trail_still_verifies(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stdin(monkeypatch, "correct horse battery\n")
    assert run("user", "add", "dana", "--password-stdin")[0] == 0
    last_day = (datetime.now(UTC).date() + timedelta(days=30)).isoformat()
    code, out, _ = run("user", "token", "create", "dana", "--label", "export",
                       "--expires", last_day)  # fmt: skip
    assert code == 0 and f"works through {last_day}" in out
    (listed,) = json.loads(run("user", "token", "list", "--json")[1])
    assert (listed["last_day"], listed["state"]) == (last_day, "live")
    code, _, err = run("user", "token", "create", "dana", "--label", "x", "--expires", "31/12/2026")
    assert code == 2 and "--expires" in err and "YYYY-MM-DD" in err and err.count("\n") == 1
    code, _, err = run("user", "token", "create", "dana", "--label", "x", "--expires", "2020-01-01")
    assert code == 2 and "--expires: a token's end date is today or later" in err
    code, out, _ = run("audit", "list", "--entity", "api_token", "--json")
    assert code == 0 and len(json.loads(out)["entries"]) == 1
    code, out, _ = run("audit", "verify")
    assert code == 0
