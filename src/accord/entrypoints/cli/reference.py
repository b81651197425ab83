"""Generates ``docs/cli.md`` from the CLI's own ``--help`` (``bash scripts/docs``).

A test regenerates it and fails when the committed file is stale.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator

import typer

from accord.entrypoints.cli.app import build_app, main

__all__ = ["command_paths", "render_reference"]

WIDTH = "100"


def command_paths() -> Iterator[list[str]]:
    """Every command path of ``accord``, depth first, groups before their commands."""
    root = typer.main.get_command(build_app())

    def walk(command: object, path: list[str]) -> Iterator[list[str]]:
        yield path
        children = getattr(command, "commands", None)
        if isinstance(children, dict):
            for name in sorted(children):
                yield from walk(children[name], [*path, name])

    yield from walk(root, [])


def _help(path: list[str]) -> str:
    buffer = io.StringIO()
    saved = {key: os.environ.get(key) for key in ("COLUMNS", "NO_COLOR", "TERM")}
    os.environ.update({"COLUMNS": WIDTH, "NO_COLOR": "1", "TERM": "dumb"})
    try:
        with contextlib.redirect_stdout(buffer):
            main([*path, "--help"])
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]
    return "\n".join(lines).strip("\n")


def render_reference() -> str:
    """The whole CLI reference as Markdown."""
    parts = [
        "# CLI reference",
        "",
        "Generated from `accord --help` by `bash scripts/docs`; do not edit by hand.",
        "",
    ]
    for path in command_paths():
        title = " ".join(["accord", *path])
        parts += [f"## `{title}`", "", "```text", _help(path), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    sys.stdout.write(render_reference())
