"""How the CLI writes to a terminal or a pipe: record text is data, never markup.

Every console the CLI prints through is an :class:`OutputConsole`. It never parses Rich
markup or emoji codes in strings, so a stored name like ``Evil [/x]`` or ``[bold]x[/bold]``
prints as typed; and it replaces control characters (ANSI escapes, carriage returns,
bidirectional overrides) with visible symbols, so text from the record cannot move the
cursor or recolour the terminal. Styling is applied only through :class:`~rich.text.Text`
spans built by the code (:func:`styled`, :func:`line`).

Tables come from :func:`record_table`. When a table does not fit the width it is given
(a pipe, a narrow terminal) it is printed as one block of ``column: value`` lines per row
instead of squeezing every cell over several lines. Outside a terminal nothing is
wrapped: a long path stays on one line.

Example::

    out = stdout_console()
    table = record_table("Organisations", ["id", "name"])
    table.add_row("1", "Evil [/x]")
    out.print(table)
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

import orjson
import typer
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

__all__ = [
    "JSON_OPTION",
    "OutputConsole",
    "RecordTable",
    "clean",
    "error_line",
    "line",
    "print_error",
    "print_json",
    "record_table",
    "stderr_console",
    "stdout_console",
    "styled",
]

JSON_OPTION = typer.Option(
    False, "--json", help="Print JSON instead of text (for scripts; same fields as the API)."
)
"""The ``--json`` flag every read command takes."""

# Bidirectional controls reorder what a reader sees ("Trojan source"); shown, not obeyed.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_KEEP = frozenset("\n\t")


def _visible(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode "control pictures": ␛ for ESC, ␍ for CR
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def clean(text: object) -> str:
    """``text`` as a string with every control character replaced by a visible symbol.

    Newlines and tabs stay. Each replacement is one character wide, so tables still line up.

    >>> clean("a\\x1b[31mb")
    'a␛[31mb'
    """
    value = str(text)
    if value.isprintable():
        return value
    return "".join(
        _visible(c) if c not in _KEEP and (unicodedata.category(c) == "Cc" or c in _BIDI) else c
        for c in value
    )


def styled(text: object, style: str = "") -> Text:
    """Record text as a Rich ``Text`` in one style: no markup is parsed."""
    return Text(clean(text), style=style)


def line(*parts: object | tuple[object, str]) -> Text:
    """One line from parts: plain values, or ``(value, style)`` pairs.

    >>> line(("warning:", "yellow"), " ", "Evil [/x]").plain
    'warning: Evil [/x]'
    """
    text = Text()
    for part in parts:
        if isinstance(part, Text):
            text.append_text(part)
        elif isinstance(part, tuple):
            value, style = part
            text.append(clean(value), style=style)
        else:
            text.append(clean(part))
    return text


def error_line(message: object) -> Text:
    """An error as exactly one line: ``error: …`` with any line breaks folded."""
    flat = " ".join(clean(message).split("\n"))
    return line(("error:", "bold red"), " ", flat)


def print_error(message: object) -> None:
    """Print ``error: message`` on standard error as one line, never wrapped (a terminal
    folds it for display; copied, a path stays whole)."""
    stderr_console().print(error_line(message), soft_wrap=True)


class OutputConsole(Console):
    """A Rich console for record text: no markup, no emoji codes, no control characters.

    Outside a terminal, ``print`` never wraps lines (``soft_wrap``).
    """

    def __init__(self, *, stderr: bool = False, width: int | None = None) -> None:
        super().__init__(stderr=stderr, markup=False, emoji=False, highlight=False, width=width)

    @property
    def soft_wrap(self) -> bool:
        """No wrapping outside a terminal, asked at each print (the stream may change)."""
        return not self.is_terminal

    @soft_wrap.setter
    def soft_wrap(self, value: bool) -> None:
        """Rich's constructor sets a default; the property above decides instead."""

    def render_str(self, text: str, **options: Any) -> Text:
        """Strings become plain text: markup and emoji codes are never interpreted."""
        options.update(markup=False, emoji=False, highlight=False)
        return super().render_str(clean(text), **options)

    def render(self, renderable: Any, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        """Render as Rich does, then make sure no control character from text gets out."""
        for segment in super().render(renderable, options):
            if segment.control or segment.text.isprintable():
                yield segment
            else:
                yield Segment(clean(segment.text), segment.style, segment.control)


def stdout_console() -> OutputConsole:
    """The console for a command's output (standard output)."""
    return OutputConsole()


def stderr_console() -> OutputConsole:
    """The console for errors and progress (standard error)."""
    return OutputConsole(stderr=True)


class RecordTable:
    """A table of record text that degrades to ``column: value`` lines when it cannot fit.

    Cells are strings (printed literally) or ``Text`` (from :func:`styled`).
    """

    def __init__(self, title: str, columns: Sequence[str], *, right: Sequence[str] = ()) -> None:
        self.title = title
        self.columns = list(columns)
        self.rows: list[list[Text]] = []
        self._table = Table(title=clean(title) or None, title_justify="left")
        for column in self.columns:
            self._table.add_column(clean(column), justify="right" if column in right else "left")

    def add_row(self, *cells: object) -> None:
        """Add a row; a missing trailing cell is empty."""
        row = [c.copy() if isinstance(c, Text) else styled(c) for c in cells]
        row += [Text("")] * (len(self.columns) - len(row))
        self.rows.append(row)
        self._table.add_row(*row)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self._table)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        natural = Measurement.get(console, options.update_width(10**6), self._table).maximum
        if natural <= options.max_width:
            yield self._table
            return
        yield from self._as_lines(options)

    def _as_lines(self, options: ConsoleOptions) -> RenderResult:
        """Each row as ``column: value`` lines, the first flush left, the others indented."""
        if self.title:
            yield styled(self.title, "bold")
        for row in self.rows:
            block = Text()
            for index, (name, cell) in enumerate(zip(self.columns, row, strict=False)):
                if index == 0 or cell.plain:
                    block.append(f"{'  ' if index else ''}{clean(name) or '·'}: ")
                    block.append_text(cell)
                    block.append("\n")
            block.rstrip()
            yield block
        if not self.rows:
            yield Text("(none)")


def record_table(title: str, columns: Sequence[str], *, right: Sequence[str] = ()) -> RecordTable:
    """A table whose cells are record text (see :class:`RecordTable`)."""
    return RecordTable(title, columns, right=right)


def print_json(payload: object) -> None:
    """Write ``payload`` as indented JSON on standard output (for ``--json``)."""
    text = orjson.dumps(payload, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode()
    if not text.isascii():
        # orjson escapes C0 controls only; DEL, C1 and bidi controls (legal inside JSON
        # strings) are escaped too, so JSON shown on a terminal cannot drive it.
        text = "".join(f"\\u{ord(c):04x}" if _is_json_unsafe(c) else c for c in text)
    sys.stdout.write(text + "\n")


def _is_json_unsafe(char: str) -> bool:
    return char in _BIDI or 0x7F <= ord(char) <= 0x9F
