"""The CLI door: hostile stored text, odd numbers, unwritable paths, a deep scenario file.

Every probe runs ``accord`` in-process through ``main`` (the code path of the console
script, with its error handling) on the target database; a probe fails on a traceback,
an exit code the CLI does not document, or a control character echoed to the terminal.
Stored values are then read back through every CLI read command and page.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from benchmarks.doors_kit import Server, Tally, Target, cli_failure, run_cli, shorten, sweep_reads

MARKUP = "Evil [/x]"
BOLD = "[bold]x[/bold] :smile:"
ANSI = "\x1b[31mred\x1b[0m\x1b]0;title\x07 back\rspace\u202eevil"
HOSTILE_TEXT = (MARKUP, BOLD, ANSI, "[link=file:///etc/passwd]x[/link]", "\x00nul", "é" * 70)
NUMBERS = (
    "nan",
    "inf",
    "-inf",
    "1e309",
    "-0",
    "²",
    "3²",
    "99999999999999999999999",
    "0x10",
    "1_000",
    " 5 ",
    "-1",
    "٣",
)
IDS = ("99999999999999999999999", "0", "-1", "²", "2147483648", "nan", "1.5")


def _probe(tally: Tally, target: Target, *argv: str) -> int | None:
    code, output = run_cli(target, *argv)
    why = cli_failure(code, output)
    tally.record(why is None, f"accord {shorten(list(argv))}: {why}")
    return code


def _new_id(target: Target, *argv: str) -> int | None:
    """The id a create command printed (``--json`` is not offered by every create
    command, so the last number of its first line)."""
    code, output = run_cli(target, *argv)
    if code != 0:
        return None
    numbers = [int(w) for w in output.replace(":", " ").replace(",", " ").split() if w.isdigit()]
    return numbers[0] if numbers else None


def hostile_text(tally: Tally, target: Target, long_chars: int, cases: int) -> list[int]:
    """Store hostile names through the CLI; the negotiations made, to read back."""
    long = ("long " * (long_chars // 5 + 1))[:long_chars]
    made: list[int] = []
    for i, text in enumerate((*HOSTILE_TEXT[:cases], long)):
        org = _new_id(target, "org", "add", f"{text} {i}", "--kind", "payer")
        _probe(tally, target, "org", "add", f"{text}#{i}", "--kind", "provider", "--notes", text)
        counterparty = str(org or 4)
        _probe(tally, target, "contact", "add", counterparty, text, "--title", text)
        n = _new_id(
            target,
            "negotiation",
            "new",
            text,
            "--ours",
            "3",
            "--counterparty",
            counterparty,
            "--kind",
            "contract_rates",
            "--problem",
            text,
            "--goal",
            text,
        )
        if n is None:
            continue
        made.append(n)
        nid = str(n)
        _probe(
            tally,
            target,
            "term",
            "add",
            nid,
            "rate_97110",
            "--kind",
            "rate_per_unit",
            "--opening",
            "42",
            "--target",
            "38",
            "--walk-away",
            "33",
            "--code",
            "97110",
        )
        _probe(tally, target, "term", "add", nid, text[:60], "--kind", "visits")
        _probe(tally, target, "offer", "add", nid, "theirs", "rate_97110=31", "--note", text)
        _probe(tally, target, "offer", "add", nid, "theirs", f"{text}=31")
        _probe(
            tally,
            target,
            "interaction",
            "log",
            nid,
            "call",
            "--summary",
            text,
            "--they-said",
            text,
            "--we-asked",
            text,
        )
        _probe(tally, target, "checklist", "answer", nid, "who", text)
        _probe(tally, target, "checklist", "answer", nid, text, "x")
        _probe(tally, target, "leverage", "add", nid, "network_gap", text, "--evidence", text)
    return made


def numbers(tally: Tally, target: Target, negotiation: int, cases: int) -> None:
    """Odd numbers and ids at every numeric argument a user types."""
    n = str(negotiation)
    for value in NUMBERS[:cases]:
        _probe(tally, target, "checklist", "price", n, "competitor", value)
        _probe(tally, target, "offer", "add", n, "theirs", f"rate_97110={value}")
        _probe(
            tally,
            target,
            "term",
            "add",
            n,
            f"t_{abs(hash(value)) % 10**6}",
            "--kind",
            "visits",
            "--opening",
            value,
            "--target",
            value,
        )
        _probe(tally, target, "term", "update", n, "rate_97110", "--target", value)
        _probe(tally, target, "billing", "units", value)
        _probe(tally, target, "price-targets", "--side", "receive", "--cost", value)
    for value in IDS[:cases]:
        for command in (("brief",), ("negotiation", "show"), ("offer", "list"), ("analyze",)):
            _probe(tally, target, *command, value)
        _probe(tally, target, "offer", "withdraw", n, value)
        _probe(tally, target, "negotiation", "new", "x", "--ours", value)
    for moment in ("9999-12-31T23:59", "0001-01-01", "2026-02-30", "²026-01-01", "now")[:cases]:
        _probe(tally, target, "interaction", "log", n, "call", "--at", moment)
        _probe(tally, target, "offer", "add", n, "theirs", "rate_97110=30", "--at", moment)
        _probe(tally, target, "negotiation", "update", n, "--deadline", moment)


def paths(tally: Tally, target: Target, work: Path, negotiation: int) -> None:
    """Outputs onto a missing directory, onto a directory, onto a file's child."""
    folder = work / "a-folder"
    folder.mkdir(exist_ok=True)
    afile = work / "a-file"
    afile.write_text("x")
    places = (
        folder,
        work / "missing" / "x.json",
        afile / "child.json",
        Path("/proc/x.json"),
        work / ("n" * 300 + ".json"),
    )
    n = str(negotiation)
    for place in places:
        _probe(tally, target, "export", str(place))
        _probe(tally, target, "export", str(place), "--negotiation", n)
        _probe(tally, target, "analyze", n, "--chart", str(place))
        _probe(tally, target, "analyze-scenario", "snf-sca", "--chart", str(place))
        _probe(tally, target, "backup", str(place))
        _probe(tally, target, "doc", "brief", n, "--output", str(place), "--force")
        _probe(tally, target, "import", str(place))


def scenario_files(tally: Tally, target: Target, work: Path, nesting: int) -> None:
    """Scenario files: deeply nested, empty, binary, the wrong shape."""
    bodies = {
        "nested-list.json": "[" * nesting + "]" * nesting,
        "nested-object.json": '{"a":' * nesting + "1" + "}" * nesting,
        "empty.json": "",
        "binary.json": "\x00\xff\xfe garbage",
        "list.json": "[1, 2, 3]",
        "nan.json": '{"issues": NaN}',
        "yaml.yaml": "- " * nesting + "x",
    }
    for name, body in bodies.items():
        path = work / name
        path.write_text(body, encoding="utf-8", errors="surrogateescape")
        _probe(tally, target, "analyze-scenario", str(path))
        _probe(tally, target, "rehearse", str(path), "--help")


def run(
    target: Target,
    server: Server | None,
    work: Path,
    *,
    long_chars: int,
    nesting: int,
    cases: int = len(NUMBERS),
) -> Tally:
    """The whole CLI door; stored values are read back by the CLI and the pages.

    ``cases`` bounds how many hostile texts, numbers, ids and dates are tried (all by
    default); the read-back covers every negotiation the hostile texts made.
    """
    tally = Tally("CLI", note="hostile text, numbers, ids, paths, scenario files")
    made = hostile_text(tally, target, long_chars, cases)
    numbers(tally, target, 2, cases)
    paths(tally, target, work, 2)
    scenario_files(tally, target, work, nesting)
    sweep_reads(tally, server, target, sorted(set(itertools.chain(made, [1, 2]))), cli=True)
    return tally
