"""The one table of text lengths: what every door accepts and both databases hold.

Each limit is the width of its column in SQLite and PostgreSQL (a test compares this
table with the store's tables and with the migrated databases), and the API's
``maxLength``, the forms and the CLI all refuse longer text through the domain's
checks, so a value accepted at one door can be stored and shown by every other.

>>> check_length("+1 406 555 0100", "contacts.phone", field="phone")
'+1 406 555 0100'
>>> check_length("5" * 51, "contacts.phone", field="phone")
Traceback (most recent call last):
...
accord.errors.ValidationError: phone: at most 50 characters, got 51
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from accord.errors import ValidationError

__all__ = ["LIMITS", "LONG_TEXT", "check_length", "check_storable", "limit"]

# Why these widths: a name or title of an organisation, contact or ally is prose and may
# run long (200); a term's name is free text that users write as a phrase ("Per diem,
# skilled nursing, days 1-20 incl. therapy") so it has the same room (migration 0007
# widened it from 100); the rest are codes and short tokens whose real values are far
# shorter than their column: no phone number has 50 characters, no county 100, no unit
# 40, no billing code (HCPCS/CPT with modifiers) 20, no patient reference 40.
LIMITS: Mapping[str, int] = MappingProxyType(
    {
        "organisations.name": 200,
        "organisations.county": 100,
        "contacts.name": 200,
        "contacts.title": 200,
        "contacts.department": 200,
        "contacts.email": 200,
        "contacts.phone": 50,
        "negotiations.title": 300,
        "negotiations.patient_ref": 40,
        "terms.name": 200,
        "terms.unit": 40,
        "terms.billing_code": 20,
        "allies.name": 200,
    }
)

# Free text (notes, summaries, problem statements) sits in unbounded columns; this
# bounds what one request may carry so that a page showing it stays readable.
LONG_TEXT = 10_000


def limit(key: str) -> int:
    """The most characters ``key`` (``"table.column"``) may hold."""
    return LIMITS[key]


def check_storable(value: str, *, field: str) -> str:
    """``value`` when both databases can store it: PostgreSQL's text holds no NUL
    character (``\\x00``), so neither database is given one.

    >>> check_storable("Lakeview\\x00", field="name")
    Traceback (most recent call last):
    ...
    accord.errors.ValidationError: name: a NUL character (\\x00) cannot be stored; remove it
    """
    if "\x00" in value:
        raise ValidationError("a NUL character (\\x00) cannot be stored; remove it", field=field)
    return value


def check_length(value: str, key: str, *, field: str) -> str:
    """``value`` when it fits ``key``'s column and holds no NUL character; a
    :class:`ValidationError` otherwise."""
    check_storable(value, field=field)
    most = LIMITS[key]
    if len(value) > most:
        raise ValidationError(f"at most {most} characters, got {len(value)}", field=field)
    return value
