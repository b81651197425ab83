"""Reading submitted forms: text, numbers, dates, enums and term values.

Every problem becomes a :class:`~accord.errors.ValidationError` naming the field, so
the page can show it next to that field.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from accord.domain.input_text import parse_date, parse_datetime, parse_term_value
from accord.domain.terms import TermValue
from accord.domain.validation import check_finite, parse_ascii_int
from accord.errors import ValidationError

__all__ = ["Form", "form_values"]

E = TypeVar("E", bound=enum.Enum)
MAX_TEXT = 10_000


def form_values(data: Mapping[str, Any]) -> dict[str, str]:
    """The submitted values as plain text (for re-filling a refused form)."""
    return {k: v for k, v in data.items() if isinstance(v, str)}


class Form:
    """Typed access to a submitted form."""

    def __init__(self, data: Mapping[str, Any], lists: Mapping[str, list[str]] | None = None):
        self.data = form_values(data)
        self.lists = lists or {}

    def text(self, name: str, *, required: bool = False) -> str:
        value = self.data.get(name, "").replace("\x00", "").strip()
        if required and not value:
            raise ValidationError("this field is required", field=name)
        if len(value) > MAX_TEXT:
            raise ValidationError(f"at most {MAX_TEXT} characters", field=name)
        return value

    def optional(self, name: str) -> str | None:
        return self.text(name) or None

    def lines(self, name: str) -> list[str]:
        return [line.strip() for line in self.text(name).splitlines() if line.strip()]

    def integer(self, name: str, default: int | None = None) -> int | None:
        text = self.text(name)
        if not text:
            return default
        return parse_ascii_int(text, field=name)

    def number(self, name: str) -> float | None:
        text = self.text(name).lstrip("$").replace(",", "")
        if not text:
            return None
        try:
            value = float(text)
        except ValueError as exc:
            raise ValidationError(f"expected a number, got {text!r}", field=name) from exc
        return check_finite(value, field=name)

    def choice(self, name: str, kind: type[E], default: E | None = None) -> E:
        text = self.text(name)
        if not text and default is not None:
            return default
        try:
            return kind(text)
        except ValueError as exc:
            options = ", ".join(str(m.value) for m in kind)
            raise ValidationError(f"choose one of {options}", field=name) from exc

    def day(self, name: str, *, required: bool = False) -> date | None:
        value = parse_date(self.text(name), field=name)
        if required and value is None:
            raise ValidationError("give a date", field=name)
        return value

    def moment(self, name: str) -> datetime | None:
        return parse_datetime(self.text(name), field=name)

    def value(self, name: str) -> TermValue | None:
        """A term value as typed (the domain's one parser: numbers become numbers, the
        rest stays text)."""
        return parse_term_value(self.text(name), field=name)

    def version(self) -> int | None:
        """The negotiation version the form was built from (optimistic concurrency)."""
        return self.integer("version")
