"""``--help`` says types in words (NUMBER, TEXT, DATE) and nothing beside a flag, on every
command, while what is accepted stays as it was."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.entrypoints.cli.conftest import Run

PYTHON_WORDS = re.compile(r"<(bool|str|int|int range|float|float range|Decimal|list\[\w+\]|path)>")


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """A wide, plain terminal, whatever runs the tests (a wrapped row hides nothing)."""
    for name, value in {"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}.items():
        monkeypatch.setitem(os.environ, name, value)


def test_every_help_says_types_in_words() -> None:
    """docs/cli.md is every command's ``--help`` (tests/architecture/test_docs.py keeps it
    so), so reading it reads them all without building the CLI a hundred times."""
    reference = (Path(__file__).parents[3] / "docs" / "cli.md").read_text(encoding="utf-8")
    assert reference.count("## `accord") > 100
    assert not PYTHON_WORDS.search(reference), PYTHON_WORDS.findall(reference)[:5]
    assert "2147483647" not in reference  # the id limit is no limit a person meets
    flags = [row for row in reference.splitlines() if re.match(r"│ --(json|help)\s", row)]
    assert len(flags) > 100
    for row in flags:  # a flag takes no value: nothing between it and its words
        assert re.match(r"│ --(json|help)\s+(Print|Show)", row), row


def test_the_words_change_the_help_not_what_is_accepted(run: Run, wide: None) -> None:
    code, out, _ = run("remit", "claims", "--help")
    assert code == 0
    assert re.search(r"--offset\s+NUMBER \[x>=0\]", out)
    assert re.search(r"--limit\s+NUMBER \[1<=x<=1000\]", out)
    assert re.search(r"--claim\s+-c\s+TEXT", out)
    code, out, err = run("remit", "claims", "--limit", "0")
    assert code == 2 and "'--limit': Input should be greater than or equal to 1" in out + err
    code, out, err = run("brief", "2147483648")
    assert code == 2 and "2147483647" in out + err  # the id limit still holds, and is said
