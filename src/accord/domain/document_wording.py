"""The organisation's own wording of a document: letterhead, signer and default clauses.

Clauses are text with ``{placeholder}`` fields that the document fills from the record.
A placeholder the document does not know is a clear error naming it and the clause, so
that a typo in a template is found when the document is made, not by the payer::

    wording = Wording(clauses={"payment": "Paid within {payment_days} days."})
    wording.clause("payment", {"payment_days": "30"})   # 'Paid within 30 days.'
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field

from accord.domain.documents import Logo
from accord.errors import ValidationError

__all__ = ["Wording", "fill", "placeholders"]

_FORMATTER = string.Formatter()


def placeholders(text: str, *, where: str = "template") -> list[str]:
    """The ``{names}`` a text uses; a malformed brace is a :class:`ValidationError`."""
    try:
        parsed = list(_FORMATTER.parse(text))
    except ValueError as exc:
        raise ValidationError(f"{where}: {exc} (write {{{{ and }}}} for a literal brace)") from exc
    names = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValidationError(f"{where}: placeholder {{{name}}} is not a plain name")
        names.append(name)
    return names


def fill(text: str, values: Mapping[str, str], *, where: str = "template") -> str:
    """``text`` with each ``{name}`` replaced by ``values[name]``; unknown names are refused."""
    unknown = [name for name in placeholders(text, where=where) if name not in values]
    if unknown:
        known = ", ".join(f"{{{k}}}" for k in sorted(values)) or "none"
        raise ValidationError(
            f"{where}: unknown placeholder {{{unknown[0]}}} (this document knows {known})"
        )
    return text.format_map(dict(values))


@dataclass(frozen=True)
class Wording:
    """What the organisation writes its own way in one kind of document."""

    organisation_name: str = ""
    letterhead_lines: tuple[str, ...] = ()
    logo: Logo | None = None
    signer_name: str = ""
    signer_title: str = ""
    closing: str = ""
    clauses: Mapping[str, str] = field(default_factory=dict)
    source: str = "packaged defaults"

    def clause(self, key: str, values: Mapping[str, str]) -> str:
        """Clause ``key`` filled from ``values``; an empty string when the wording has none."""
        text = self.clauses.get(key, "")
        return fill(text, values, where=f"{self.source}: clause {key!r}") if text else ""

    def check(self, values: Mapping[str, str]) -> None:
        """Fill every clause once, so that a bad placeholder fails before any rendering."""
        for key in self.clauses:
            self.clause(key, values)
