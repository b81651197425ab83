"""``--help`` in plain words: ``NUMBER``, ``TEXT``, ``DATE`` instead of Typer's
``<int range>``, ``<str>``, ``<list[str]>``, and nothing beside a flag (Typer 0.2x
prints ``<bool>`` there, as if ``--json`` took a value).

Our users are nurses and billing leads, not Python programmers. The words are set on
each parameter's help display only; parsing and validation are untouched. A Typer
without ``display_type`` (older or newer) is left as it is.
"""

from __future__ import annotations

from typing import Any

__all__ = ["say_types_in_words"]

_WORDS = {
    "int": "NUMBER",
    "int range": "NUMBER",
    "float": "NUMBER",
    "float range": "NUMBER",
    "Decimal": "AMOUNT",
    "str": "TEXT",
    "list[str]": "TEXT",
    "list[int]": "NUMBER",
    "list[Decimal]": "AMOUNT",
    "list[Path]": "FILE",
    "Path": "PATH",
    "path": "PATH",
    "file": "FILE",
    "directory": "FOLDER",
    "datetime": "DATE",
    "date": "DATE",
}
"""Typer's type labels (between its angle brackets) → what the help says instead."""


_NO_LIMIT = 2**31 - 1
"""The largest id (``MAX_ID``): a limit no one reaches, so the help does not show it."""


def say_types_in_words(command: Any) -> None:
    """Give every parameter of ``command`` and of its subcommands a type in words."""
    ctx = command.context_class(command, info_name=command.name)
    for param in command.params:
        _in_words(param, ctx)
    made = getattr(command, "get_help_option", None)
    if made is not None:  # ``--help`` is made afresh for each run: word it as it is made

        def help_option(ctx: Any, _made: Any = made) -> Any:
            option = _made(ctx)
            if option is not None:
                _in_words(option, ctx)
            return option

        command.get_help_option = help_option
    for child in (getattr(command, "commands", None) or {}).values():
        say_types_in_words(child)


def _in_words(param: Any, ctx: Any) -> None:
    if not hasattr(param, "display_type") or not hasattr(param, "display_type_rich"):
        return
    if getattr(param, "is_flag", False) and not getattr(param, "count", False):
        param.display_type_rich = lambda ctx: None  # a flag takes no value
        return
    if getattr(param, "max", None) == _NO_LIMIT and hasattr(param, "_get_number_range_help_str"):
        least = param.min
        param._get_number_range_help_str = lambda: None if least is None else f"x>={least}"
    if getattr(param, "metavar", None) is not None:
        return  # chosen by hand (ROLE, YYYY-MM-DD, tcp://HOST:PORT)
    try:
        label = str(param.display_type(ctx))
    except Exception:  # a type Typer cannot describe without more context: keep its own
        return
    word = _WORDS.get(label.strip("<>"))
    if word is not None:
        many = "…" if getattr(param, "nargs", 1) != 1 else ""
        param.display_type_rich = lambda ctx, said=word + many: said
