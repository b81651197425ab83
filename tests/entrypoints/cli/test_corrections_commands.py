"""``accord offer withdraw|correct`` and ``accord interaction withdraw|correct``."""

from __future__ import annotations

import json

from tests.entrypoints.cli.conftest import Run
from tests.entrypoints.cli.test_record_commands import setup_parties


def test_offers_and_interactions_are_corrected_and_withdrawn_from_the_command_line(
    run: Run,
) -> None:
    setup_parties(run)
    steps = [
        ("negotiation", "new", "SNF", "--kind", "single_case_agreement", "--ours", "1",
         "--counterparty", "2"),
        ("term", "add", "1", "per_diem", "--kind", "per_diem", "--direction", "lower_better",
         "--min", "300", "--max", "1200", "--opening", "450", "--target", "520",
         "--walk-away", "650"),
        ("offer", "add", "1", "theirs", "per_diem=78"),
        ("offer", "add", "1", "theirs", "per_diem=1500"),
        ("interaction", "log", "1", "call", "--summary", "wrong case"),
    ]  # fmt: skip
    for step in steps:
        code, out, err = run(*step)
        assert code == 0, (step, out, err)

    code, out, _ = run("offer", "correct", "1", "1", "per_diem=780", "--reason", "typo")
    assert code == 0 and "offer 3 corrects offer 1" in out
    code, out, _ = run("offer", "withdraw", "1", "2", "--reason", "they took it back")
    assert code == 0 and "offer 2 withdrawn" in out
    code, out, _ = run("interaction", "correct", "1", "1", "--reason", "mixed up",
                       "--summary", "asked for their rate sheet")  # fmt: skip
    assert code == 0 and "interaction 2 corrects interaction 1" in out
    code, out, _ = run("interaction", "withdraw", "1", "2", "--reason", "never happened")
    assert code == 0

    code, out, _ = run("offer", "list", "1", "--json")
    assert [o["values"]["per_diem"] for o in json.loads(out)] == [780.0]
    code, out, _ = run("offer", "list", "1", "--history", "--json")
    # In time order: the correction keeps the time its original was said.
    assert [(o["id"], o["withdrawn_reason"]) for o in json.loads(out)] == [
        (1, "corrected: typo"), (3, ""), (2, "they took it back"),
    ]  # fmt: skip
    code, out, _ = run("offer", "list", "1", "--history")
    assert code == 0 and "WITHDRAWN" in out and "corrects offer 1" in out
    code, out, _ = run("interaction", "list", "1", "--json")
    assert json.loads(out) == []

    code, _, err = run("offer", "withdraw", "1", "2", "--reason", "again")
    assert code != 0 and "already withdrawn" in err and "Traceback" not in err
    code, _, err = run("offer", "withdraw", "1", "3", "--reason", " ")
    assert code != 0 and "say why" in err
