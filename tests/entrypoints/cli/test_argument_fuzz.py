"""No traceback for a user's mistake: every command, fed random and hostile arguments
in-process through ``main``, ends with an exit code (any code) and never an exception.

Also the probes of issue 14, each a one-line error and a non-zero exit code.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.entrypoints.cli.app import build_app, main
from accord.entrypoints.cli.context import reset_app

# Not fuzzed: `serve` runs until stopped, `rehearse` reads moves from the keyboard,
# `market ingest` / `market toc` may download the URLs they are given, `tournament`
# plays thousands of games; their own tests cover their mistakes.
SKIPPED = {("serve",), ("rehearse",), ("market", "ingest"), ("market", "toc"), ("tournament",)}


def leaf_commands() -> list[tuple[tuple[str, ...], int, list[str]]]:
    """Each command path with its number of positional arguments and its option names."""
    found: list[tuple[tuple[str, ...], int, list[str]]] = []

    def walk(command: object, path: tuple[str, ...]) -> None:
        children = getattr(command, "commands", None)
        if isinstance(children, dict):
            for name, child in sorted(children.items()):
                walk(child, (*path, name))
        elif path not in SKIPPED:
            params = getattr(command, "params", [])
            arguments = sum(1 for p in params if type(p).__name__.endswith("Argument"))
            options = [o for p in params for o in getattr(p, "opts", [])
                       if o.startswith("-") and o != "--help"]  # fmt: skip
            found.append((path, arguments, options))

    walk(typer.main.get_command(build_app()), ())
    return found


COMMANDS = leaf_commands()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data directory with the demo loaded, hostile files, and a folder to write into."""
    root = tmp_path_factory.mktemp("fuzz")
    patch = pytest.MonkeyPatch()
    patch.setenv("ACCORD_DATA_DIR", str(root / "data"))
    patch.setenv("ACCORD_MARKET_DIR", str(root / "market"))
    patch.delenv("ACCORD_DATABASE_URL", raising=False)
    patch.setenv("COLUMNS", "60")
    patch.chdir(root)  # relative paths in arguments land here
    (root / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (root / "binary.yaml").write_bytes(bytes(range(256)) * 4)
    (root / "empty.json").write_text("")
    (root / "folder").mkdir()
    reset_app()
    assert main(["demo"]) == 0
    try:
        yield root
    finally:
        reset_app()
        patch.undo()


HOSTILE = [
    "", " ", "0", "1", "2", "-1", "3.5", "99999999999999999999999", "-99999999999999999999999",
    "2147483648", "nan", "inf", "-inf", "1e309", "²", "١٢", "Evil [/x]", "[bold]x[/bold]",
    "\x1b[31mred", "a=b", "per_diem=nan", "rate_97110=[/x]", "x=1,y", "=", ",", "$", "-",
    "2026-02-30", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "/", ".",
    "folder", "folder/", "missing/dir/file.json", "deep.json", "binary.yaml", "empty.json",
    "out.svg", "out.csv", "out.json", "snf-sca", "pt-contract", "ours", "theirs", "payer",
    "bargaining", "agreed", "call", "x" * 5_000,
]  # fmt: skip

# A real command line cannot carry NUL bytes; everything else may come from a user.
free_text = st.text(max_size=30).filter(lambda s: "\x00" not in s)
# Ids and amounts: small ones that exist, and ones no database column holds.
LIMITS = [2**31 - 1, 2**31, 2**63 - 1, 2**63, 10**22, -(2**63) - 1]
numbers = st.one_of(st.integers(-3, 3), st.sampled_from(LIMITS), st.integers()).map(str)


@st.composite
def arguments_for(draw: st.DrawFn, arguments: int, options: list[str]) -> list[str]:
    """Values for the positional arguments (sometimes too few or too many), then options."""
    word = st.one_of(st.sampled_from(HOSTILE), numbers, free_text)
    count = draw(st.sampled_from([arguments, arguments, max(arguments - 1, 0), arguments + 1]))
    tokens = [draw(word) for _ in range(count)]
    for option in draw(st.lists(st.sampled_from(options), max_size=3)) if options else []:
        tokens.append(option)
        if draw(st.booleans()):
            tokens.append(draw(word))
    return tokens


@pytest.mark.parametrize(
    ("path", "arguments", "options"), COMMANDS, ids=[" ".join(c[0]) for c in COMMANDS]
)
# 8 examples per command: with ~80 commands each run builds the whole CLI ~640 times;
# at 25 the suite's tail ran one worker for tens of minutes (raise it locally to hunt).
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_command_line_ends_in_a_traceback(
    workspace: Path,
    path: tuple[str, ...],
    arguments: int,
    options: list[str],
    data: st.DataObject,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = [*path, *data.draw(arguments_for(arguments, options), label="arguments")]
    code = main(argv)  # an uncaught exception fails the test, with this argv
    err = capsys.readouterr().err
    assert isinstance(code, int)
    assert "Traceback" not in err


PROBES = [
    ("brief", "99999999999999999999999"),
    ("negotiation", "show", "-5"),
    ("offer", "list", "2147483648"),
    ("export", "missing/dir/archive.json"),
    ("export", "folder"),
    ("analyze", "1", "--chart", "folder"),
    ("analyze-scenario", "snf-sca", "--chart", "folder"),
    ("analyze-scenario", "deep.json"),
    ("analyze-scenario", "binary.yaml"),
    ("import", "folder"),
    ("import", "empty.json"),
    ("offer", "add", "1", "ours", "per_diem=[/x]"),
    ("nosuchcommand",),
    ("org", "add", "--kind", "payer"),
    # a path longer than the file system allows (found by the fuzz: OSError ENAMETOOLONG)
    ("market", "regions", "x" * 5000),
    ("remit", "ingest", "y" * 5000),
]


@pytest.mark.parametrize("argv", PROBES, ids=lambda argv: " ".join(argv)[:60])
def test_each_probe_of_issue_14_is_one_line_and_an_exit_code(
    workspace: Path, argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(list(argv))
    captured = capsys.readouterr()
    err = captured.err
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert captured.out == "", "nothing is printed before the error"
