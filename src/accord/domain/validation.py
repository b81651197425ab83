"""One rule per kind of value, for every door (CLI, API, forms, import).

An entry point may shape its input (strip a ``$``, take a form field), but whether a
value is acceptable is decided here, once:

>>> parse_ascii_int("42", field="rounds")
42
>>> parse_ascii_int("4²", field="rounds")
Traceback (most recent call last):
...
accord.errors.ValidationError: rounds: expected a whole number, got '4²'
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from accord.errors import ValidationError

__all__ = [
    "EARLIEST",
    "LATEST",
    "MAX_INT_DIGITS",
    "check_datetime_in_range",
    "check_finite",
    "is_ascii_digits",
    "parse_ascii_int",
]

# Nine digits always fit the stores' 32-bit integer columns.
MAX_INT_DIGITS = 9
_DIGITS = frozenset("0123456789")

# A day of margin at both ends of what Python can hold, so that converting any zone to
# UTC, or adding a day to a follow-up, can never overflow.
EARLIEST = datetime.min.replace(tzinfo=UTC) + timedelta(days=1)
LATEST = datetime.max.replace(tzinfo=UTC) - timedelta(days=1)


def is_ascii_digits(text: str) -> bool:
    """True when ``text`` is one or more of 0-9 (``str.isdigit`` also accepts ``"²"``,
    which ``int`` then refuses)."""
    return bool(text) and set(text) <= _DIGITS


def parse_ascii_int(text: str, *, field: str) -> int:
    """A whole number written in ASCII digits (``"²"`` and other Unicode digits refused:
    ``str.isdigit`` accepts them but ``int`` does not), an optional leading ``-``."""
    digits = text.strip()
    body = digits[1:] if digits.startswith("-") else digits
    if len(body) > MAX_INT_DIGITS or not is_ascii_digits(body):
        raise ValidationError(f"expected a whole number, got {text!r}", field=field)
    return int(digits)


def check_datetime_in_range(value: datetime, *, field: str | None = None) -> datetime:
    """``value``, zone-aware, after checking that its conversion to UTC fits.

    A date-time without a zone is taken as UTC. The range is checked on the wall-clock
    time and the offset *before* converting, because the conversion itself overflows
    (``9999-12-31T23:59:59-14:00`` is after the last instant Python can hold).
    """
    offset = value.utcoffset() or timedelta(0)
    wall = value.replace(tzinfo=None)
    low, high = EARLIEST.replace(tzinfo=None), LATEST.replace(tzinfo=None)
    # wall - offset is the UTC time; compare without computing it.
    if wall - low < offset or high - wall < -offset:
        raise ValidationError(
            f"the date-time {value.isoformat()} is out of range "
            f"(from {EARLIEST.date()} to {LATEST.date()} in UTC)",
            field=field,
        )
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def check_finite(value: float, *, field: str) -> float:
    """A finite number (NaN and infinities refused: they poison every later sum)."""
    if not math.isfinite(value):
        raise ValidationError(f"expected a finite number, got {value!r}", field=field)
    return value
