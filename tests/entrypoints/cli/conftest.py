"""Fixtures of the tests under tests/entrypoints/cli."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from accord.entrypoints.cli.app import main
from accord.entrypoints.cli.context import console, reset_app

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    directory = tmp_path / "accord-data"
    monkeypatch.setenv("ACCORD_DATA_DIR", str(directory))
    monkeypatch.delenv("ACCORD_DATABASE_URL", raising=False)
    # The console is built once per process; give it a wide, fixed width for assertions.
    monkeypatch.setattr(console, "width", 200)
    reset_app()
    yield directory
    reset_app()


@pytest.fixture
def run(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    """Run ``accord ARGS``; return (exit code, stdout, stderr)."""

    def invoke(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke
