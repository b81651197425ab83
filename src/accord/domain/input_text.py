"""Turning command-line text into values: term packages, dates and money."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from accord.domain.terms import TermValue
from accord.domain.validation import check_datetime_in_range
from accord.errors import ValidationError

__all__ = ["parse_date", "parse_datetime", "parse_money", "parse_values"]


def parse_values(pairs: list[str], *, field: str = "values") -> dict[str, TermValue]:
    """``["per_diem=560", "therapy_included=yes"]`` → ``{"per_diem": 560.0, ...}``.

    Numbers become floats; everything else stays text for the term to interpret.
    """
    values: dict[str, TermValue] = {}
    for pair in pairs:
        for item in pair.split(","):
            if not item.strip():
                continue
            name, sep, raw = item.partition("=")
            if not sep or not name.strip() or not raw.strip():
                raise ValidationError(f"expected TERM=VALUE, got {item!r}", field=field)
            text = raw.strip().lstrip("$").replace(",", "")
            try:
                values[name.strip()] = float(text)
            except ValueError:
                values[name.strip()] = raw.strip()
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
