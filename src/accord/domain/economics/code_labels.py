"""Labels of remittance codes: adjustment groups, CARC reasons, RARC remarks and more.

X12 holds the copyright of the full code lists, so Accord ships none: an admin imports
the current lists (or a subset) as a table of ``list, code, meaning``. Example::

    >>> labels = CodeLabels([("group", "CO", "Contractual Obligations"),
    ...                      ("carc", "45", "Charge exceeds fee schedule")])
    >>> labels.describe("CO-45")
    'CO-45: Contractual Obligations; Charge exceeds fee schedule'
"""

from __future__ import annotations

from collections.abc import Iterable

from accord.errors import ValidationError

__all__ = ["CODE_LISTS", "CodeLabels"]

CODE_LISTS = frozenset({"group", "carc", "rarc", "clp02", "plb"})
"""The lists a label table may hold."""


class CodeLabels:
    """Meanings by list and code; an unknown code is described as unknown, not an error."""

    def __init__(self, rows: Iterable[tuple[str, str, str]]) -> None:
        self._labels: dict[tuple[str, str], str] = {}
        for kind, code, meaning in rows:
            if kind not in CODE_LISTS:
                raise ValidationError(
                    f"expected a list among {', '.join(sorted(CODE_LISTS))}, found {kind!r}"
                )
            if not code or not meaning:
                raise ValidationError("a code label needs a code and a meaning")
            self._labels[kind, code] = meaning

    def __len__(self) -> int:
        return len(self._labels)

    def rows(self) -> list[tuple[str, str, str]]:
        """Every label as ``(list, code, meaning)``, sorted."""
        return sorted((kind, code, meaning) for (kind, code), meaning in self._labels.items())

    def meaning(self, kind: str, code: str) -> str | None:
        """The meaning of ``code`` in list ``kind``, or ``None``."""
        return self._labels.get((kind, code))

    def describe(self, reason: str) -> str:
        """``CO-45`` (group and CARC), ``MA15`` (a RARC) or ``none`` in words."""
        if reason == "none":
            return "none: no adjustment reason given"
        group, sep, carc = reason.partition("-")
        if sep:
            parts = [self.meaning("group", group), self.meaning("carc", carc)]
        else:
            parts = [self.meaning("rarc", reason)]
        known = [p for p in parts if p]
        return f"{reason}: {'; '.join(known)}" if known else f"{reason}: (no label imported)"
