"""The archive door: malformed, truncated and poisoned archives given to ``accord import``.

Each archive starts from an export of the record (the demo negotiations, with fresh
uids so that a clean one would import) and spoils one thing. A probe fails when the
CLI crashes, when it accepts a poisoned archive, when its refusal is not one line, or
when the number of negotiations changed although the import was refused (a partial
import). A clean archive is imported last and must land whole.
"""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from benchmarks.doors_kit import Tally, Target, cli_failure, run_cli

Archive = dict[str, Any]


def _fresh(document: Archive) -> Archive:
    spoiled = copy.deepcopy(document)
    for negotiation in spoiled["negotiations"]:
        negotiation["uid"] = uuid.uuid4().hex
    return spoiled


def _edit(change: Callable[[Archive], None]) -> Callable[[Archive], str]:
    def build(document: Archive) -> str:
        spoiled = _fresh(document)
        change(spoiled)
        return json.dumps(spoiled, allow_nan=True)

    return build


def _first_offer(d: Archive) -> dict[str, Any]:
    return next(o for n in d["negotiations"] for o in n["offers"])


def _set(path: str, value: Any) -> Callable[[Archive], None]:
    """Set ``negotiations[0].a.b`` style paths (lists by index) to ``value``."""

    def change(d: Archive) -> None:
        node: Any = d
        parts = path.replace("]", "").replace("[", ".").split(".")
        for part in parts[:-1]:
            node = node[int(part)] if part.isdigit() else node[part]
        last = parts[-1]
        node[int(last) if last.isdigit() else last] = value

    return change


def poisoned(document: Archive, deep: int) -> Iterator[tuple[str, Callable[[Archive], str]]]:
    """(label, builder of the archive text) of every poisoned archive."""
    text = json.dumps(_fresh(document))
    for share in (0.1, 0.5, 0.9, 0.999):
        yield f"truncated at {share:.1%}", lambda _d, s=share: text[: int(len(text) * s)]
    yield "empty file", lambda _d: ""
    yield "binary", lambda _d: "\x00\x01\xff garbage"
    yield "a list", lambda _d: "[]"
    yield "deep nesting", lambda _d: '{"negotiations": ' + "[" * deep + "]" * deep + "}"
    yield "null organisation name", _edit(_set("organisations.0.name", None))
    yield "uid not a UUID", _edit(_set("negotiations.0.uid", "not-a-uuid"))
    yield "offer value 'NaN'", _edit(lambda d: _first_offer(d)["values"].update(per_diem="NaN"))
    yield (
        "offer value NaN",
        _edit(lambda d: _first_offer(d)["values"].update(per_diem=float("nan"))),
    )
    yield (
        "offer value Infinity",
        _edit(lambda d: _first_offer(d)["values"].update(per_diem=float("inf"))),
    )
    yield "offer for a missing term", _edit(lambda d: _first_offer(d)["values"].update(nope=1.0))
    yield "term opening NaN", _edit(_set("negotiations.0.terms.0.opening", float("nan")))
    yield "100 kB organisation name", _edit(_set("organisations.0.name", "n" * 100_000))
    yield "format_version 999", _edit(_set("format_version", 999))
    yield "negotiations not a list", _edit(_set("negotiations", {"a": 1}))
    yield "counterparty missing", _edit(_set("negotiations.0.counterparty_id", 999_999))
    yield (
        "overflowing date-time",
        _edit(lambda d: _first_offer(d).update(at="9999-12-31T23:59:59-14:00")),
    )
    yield (
        "duplicate uids",
        _edit(lambda d: d["negotiations"].append(copy.deepcopy(d["negotiations"][0]))),
    )
    yield "superscript priority", _edit(_set("negotiations.0.terms.0.priority", "²"))
    yield "unknown stage", _edit(_set("negotiations.0.stage", "exploded"))
    yield "goals not a list", _edit(_set("negotiations.0.our_goals", "x"))
    yield "contact of a missing organisation", _edit(_set("contacts.0.organisation_id", 999_999))
    yield (
        "clean first, poisoned last",
        _edit(
            lambda d: [n for n in d["negotiations"] if n["terms"]][-1]["terms"][0].update(
                minimum="cheap"
            )
        ),
    )


def negotiation_count(target: Target) -> int:
    code, output = run_cli(target, "negotiation", "list", "--json")
    if code != 0:
        raise SystemExit(f"accord negotiation list failed: {output[-300:]}")
    return len(json.loads(output))


def run(target: Target, work: Path, deep: int) -> Tally:
    """Each poisoned archive to ``accord import``; then a clean one."""
    tally = Tally("Archives", note="refused in one line, nothing written; a clean one lands")
    source = work / "export.json"
    code, output = run_cli(target, "export", str(source))
    if code != 0:
        raise SystemExit(f"accord export failed: {output[-300:]}")
    document = json.loads(source.read_text())
    for i, (label, build) in enumerate(poisoned(document, deep)):
        path = work / f"poisoned-{i}.json"
        path.write_text(build(document), encoding="utf-8", errors="surrogateescape")
        before = negotiation_count(target)
        code, output = run_cli(target, "import", str(path))
        why = cli_failure(code, output)
        lines = [line for line in output.splitlines() if line.strip()]
        if why is None and code == 0:
            why = "a poisoned archive was imported"
        elif why is None and (len(lines) != 1 or not lines[0].startswith("error:")):
            why = f"a refusal of {len(lines)} lines"
        after = negotiation_count(target)
        if why is None and after != before:
            why = f"refused, yet negotiations went from {before} to {after}"
        tally.record(why is None, f"import {label}: {why} ({(lines or [''])[-1][:160]})")
    clean = work / "clean.json"
    clean.write_text(json.dumps(_fresh(document)))
    before = negotiation_count(target)
    code, output = run_cli(target, "import", str(clean))
    landed = negotiation_count(target) - before
    ok = code == 0 and landed == len(document["negotiations"])
    tally.record(ok, f"import a clean archive: exit {code}, {landed} landed ({output[-160:]})")
    return tally
