"""Turning typed text into values, the same at every door (the CLI's arguments, the web's
forms): term values and packages, dates and money.

A term value is parsed here once (``parse_term_value``) with the limits the API's
schema also states (``MAX_TERM_NUMBER``, ``MAX_TERM_TEXT``); the term itself then
decides whether the value fits it (:meth:`accord.domain.terms.Term.coerce`)::

    >>> parse_term_value("$1,500", field="per_diem"), parse_term_value("yes", field="x")
    (1500.0, 'yes')
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from accord.domain.terms import TermValue
from accord.domain.validation import check_datetime_in_range
from accord.errors import ValidationError

__all__ = [
    "MAX_TERM_NUMBER",
    "MAX_TERM_TEXT",
    "parse_date",
    "parse_datetime",
    "parse_money",
    "parse_term_value",
    "parse_values",
]

MAX_TERM_NUMBER = 1e12
"""The largest size of a number a term value may be (a rate, a per diem, days)."""
MAX_TERM_TEXT = 200
"""The longest text a term value may be (an option of a categorical term, yes/no)."""


def parse_term_value(text: str, *, field: str) -> TermValue | None:
    """A typed term value: a finite number (``$`` and thousands commas allowed) becomes
    a float, anything else stays text for the term to interpret; empty is ``None``."""
    raw = text.strip()
    if not raw:
        return None
    try:
        number = float(raw.lstrip("$").replace(",", ""))
    except ValueError:
        number = math.nan
    if math.isfinite(number):
        if abs(number) > MAX_TERM_NUMBER:
            raise ValidationError(
                f"expected a number of at most {MAX_TERM_NUMBER:,.0f}, got {raw!r}", field=field
            )
        return number
    if len(raw) > MAX_TERM_TEXT:
        raise ValidationError(
            f"a term value is a number or a word of at most {MAX_TERM_TEXT} characters",
            field=field,
        )
    return raw


def parse_values(pairs: list[str], *, field: str = "values") -> dict[str, TermValue]:
    """``["per_diem=560", "therapy_included=yes"]`` → ``{"per_diem": 560.0, ...}``.

    Each value goes through :func:`parse_term_value`.
    """
    values: dict[str, TermValue] = {}
    for pair in pairs:
        for item in pair.split(","):
            if not item.strip():
                continue
            name, sep, raw = item.partition("=")
            value = parse_term_value(raw, field=f"{field}.{name.strip()}") if sep else None
            if not name.strip() or value is None:
                raise ValidationError(f"expected TERM=VALUE, got {item!r}", field=field)
            values[name.strip()] = value
    return values


def parse_date(text: str | None, *, field: str) -> date | None:
    if text is None or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValidationError(f"expected a date as YYYY-MM-DD, got {text!r}", field=field) from exc


def parse_datetime(text: str | None, *, field: str) -> datetime | None:
    """ISO date or date-time; without a zone it is taken as UTC."""
    if text is None or not text.strip():
        return None
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValidationError(
            f"expected a date-time as YYYY-MM-DD or YYYY-MM-DDTHH:MM, got {text!r}", field=field
        ) from exc
    return check_datetime_in_range(value, field=field)


def parse_money(text: str | None, *, field: str) -> Decimal | None:
    if text is None or not text.strip():
        return None
    try:
        value = Decimal(text.strip().lstrip("$").replace(",", ""))
    except InvalidOperation as exc:
        raise ValidationError(
            f"expected an amount like 1234.50, got {text!r}", field=field
        ) from exc
    if not value.is_finite():
        raise ValidationError(f"expected a finite amount, got {text!r}", field=field)
    return value
