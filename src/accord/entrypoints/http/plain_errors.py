"""Pydantic's refusals in plain words, for the people who read them.

A refused form shows the API's message (one schema, one wording at every door), and the
people reading it are nurses and billing leads: "String should have at least 1
character" becomes "this field is required", "Input should be a valid integer, unable
to parse string as an integer" becomes "must be a whole number". A refusal written by a
rule of ours (a ``ValueError`` in a validator) keeps its own words, without pydantic's
"Value error, " prefix. Types not listed keep pydantic's message.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["plain_message"]


def _limit(ctx: Mapping[str, Any], key: str) -> str:
    value = ctx.get(key, "")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _too_short(ctx: Mapping[str, Any]) -> str:
    least = ctx.get("min_length", 1)
    if least in (0, 1):
        return "this field is required"
    return f"at least {least} characters"


def _too_few(ctx: Mapping[str, Any]) -> str:
    least = ctx.get("min_length", 1)
    return "at least one is needed" if least == 1 else f"at least {least} are needed"


def _one_of(ctx: Mapping[str, Any]) -> str:
    expected = str(ctx.get("expected", "")).replace("'", "")
    return f"must be one of: {expected}" if expected else "not one of the choices"


def _pattern(ctx: Mapping[str, Any]) -> str:
    pattern = str(ctx.get("pattern", ""))
    if "\\s" in pattern:
        return "must say something (not only spaces), without NUL characters"
    if "\\x00" in pattern:
        return "must not contain NUL characters"
    return "is not in the expected form"


_PLAIN: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "missing": lambda _: "this field is required",
    "string_too_short": _too_short,
    "string_too_long": lambda c: f"at most {c.get('max_length')} characters",
    "too_short": _too_few,
    "too_long": lambda c: f"at most {c.get('max_length')} items",
    "int_parsing": lambda _: "must be a whole number",
    "int_type": lambda _: "must be a whole number",
    "int_from_float": lambda _: "must be a whole number",
    "float_parsing": lambda _: "must be a number",
    "float_type": lambda _: "must be a number",
    "decimal_parsing": lambda _: "must be a number",
    "finite_number": lambda _: "must be a finite number",
    "greater_than": lambda c: f"must be more than {_limit(c, 'gt')}",
    "greater_than_equal": lambda c: f"must be {_limit(c, 'ge')} or more",
    "less_than": lambda c: f"must be less than {_limit(c, 'lt')}",
    "less_than_equal": lambda c: f"must be {_limit(c, 'le')} or less",
    "bool_parsing": lambda _: "must be yes or no",
    "date_parsing": lambda _: "must be a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": lambda _: "must be a date (YYYY-MM-DD)",
    "date_type": lambda _: "must be a date (YYYY-MM-DD)",
    "datetime_parsing": lambda _: "must be a date and time (YYYY-MM-DDTHH:MM)",
    "datetime_from_date_parsing": lambda _: "must be a date and time (YYYY-MM-DDTHH:MM)",
    "enum": _one_of,
    "literal_error": _one_of,
    "string_type": lambda _: "must be text",
    "extra_forbidden": lambda _: "not a field of this request",
    "string_pattern_mismatch": _pattern,
}


def plain_message(error: Mapping[str, Any], default: str) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) in plain words."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    word = _PLAIN.get(kind)
    if word is not None:
        return word(ctx)
    return str(error.get("msg", default)).removeprefix("Value error, ")
