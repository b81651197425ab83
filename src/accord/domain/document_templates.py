"""The organisation's own templates, as the team keeps them in the database.

A letterhead (name, address lines, phone, logo) shared by every document, and per
document kind the signer and the wording of its clauses. Whatever is left empty here
falls back to the wording files (``ACCORD_TEMPLATES_DIR``, then the packaged defaults);
what is set here wins, clause by clause::

    saved = KindTemplate(DocumentKind.AGREEMENT, signer_name="Rosa Delgado",
                         clauses={"payment": "Paid within {payment_days} days."})
    wording = saved.over(OrganisationLetterhead(name="Lakeview").over(file_wording))
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from accord.domain.document_wording import Wording, placeholders
from accord.domain.documents import DocumentKind, Logo
from accord.errors import ValidationError

__all__ = [
    "CLAUSE_PLACEHOLDERS",
    "LOGO_MAX_BYTES",
    "KindTemplate",
    "OrganisationLetterhead",
    "check_logo",
    "logo_label",
]

CLAUSE_PLACEHOLDERS = frozenset(
    {"organisation", "counterparty", "title", "kind", "today", "deadline", "signer",
     "patient_ref", "payment_days"}
)  # fmt: skip
"""The names every document fills in a clause (see ``document_parts.placeholder_values``)."""

LOGO_MAX_BYTES = 512 * 1024
_LOGO_TYPES = {"image/png": "PNG", "image/jpeg": "JPEG", "image/svg+xml": "SVG"}
_LINE = 200
_CLAUSE = 4000
_MAX_LINES = 6


def _line(value: str, name: str, limit: int = _LINE) -> str:
    text = value.strip()
    if len(text) > limit:
        raise ValidationError(f"at most {limit} characters", field=name)
    if any(not c.isprintable() for c in text if c != "\n"):
        raise ValidationError("control characters are not allowed", field=name)
    if "\n" in text and limit == _LINE:
        raise ValidationError("one line only", field=name)
    return text


def check_logo(logo: Logo) -> Logo:
    """A logo of an allowed type and size (its content is checked by the image adapter)."""
    if logo.media_type not in _LOGO_TYPES:
        raise ValidationError(
            f"{logo.media_type or 'unknown type'} is not allowed; use PNG, JPEG or SVG",
            field="logo",
        )
    if not logo.content:
        raise ValidationError("the file is empty", field="logo")
    if len(logo.content) > LOGO_MAX_BYTES:
        raise ValidationError(
            f"{len(logo.content):,} bytes; at most {LOGO_MAX_BYTES:,} (512 KB)",
            field="logo",
        )
    return logo


@dataclass(frozen=True)
class OrganisationLetterhead:
    """The letterhead every document carries; empty fields fall back to the files."""

    name: str = ""
    address_lines: tuple[str, ...] = ()
    phone: str = ""
    logo: Logo | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", _line(self.name, "organisation_name"))
        object.__setattr__(self, "phone", _line(self.phone, "phone"))
        lines = tuple(_line(x, "address_lines") for x in self.address_lines)
        lines = tuple(x for x in lines if x)
        if len(lines) > _MAX_LINES:
            raise ValidationError(f"at most {_MAX_LINES} lines", field="address_lines")
        object.__setattr__(self, "address_lines", lines)
        if self.logo is not None:
            check_logo(self.logo)

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.address_lines or self.phone or self.logo)

    def over(self, wording: Wording) -> Wording:
        """``wording`` with what this letterhead sets put over it."""
        lines = wording.letterhead_lines
        if self.address_lines or self.phone:
            lines = self.address_lines or lines
            if self.phone:
                lines = (*lines, f"Phone {self.phone}")
        return replace(
            wording,
            organisation_name=self.name or wording.organisation_name,
            letterhead_lines=lines,
            logo=self.logo or wording.logo,
        )


@dataclass(frozen=True)
class KindTemplate:
    """One document kind's signer and clauses as the team set them."""

    kind: DocumentKind
    signer_name: str = ""
    signer_title: str = ""
    clauses: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "signer_name", _line(self.signer_name, "signer_name"))
        object.__setattr__(self, "signer_title", _line(self.signer_title, "signer_title"))
        clauses: dict[str, str] = {}
        for key, text in self.clauses.items():
            if not key.isidentifier() or len(key) > 40:
                raise ValidationError(f"clause name {key!r} is not a plain name", field="clauses")
            where = f"{self.kind.value} template: clause {key!r}"
            body = _line(text, f"clause {key}", _CLAUSE)
            for name in placeholders(body, where=where):
                if name not in CLAUSE_PLACEHOLDERS:
                    known = ", ".join(f"{{{k}}}" for k in sorted(CLAUSE_PLACEHOLDERS))
                    raise ValidationError(
                        f"{where}: unknown placeholder {{{name}}} (documents know {known})",
                        field="clauses",
                    )
            if body:
                clauses[key] = body
        object.__setattr__(self, "clauses", clauses)

    @property
    def is_empty(self) -> bool:
        return not (self.signer_name or self.signer_title or self.clauses)

    def over(self, wording: Wording) -> Wording:
        """``wording`` with this template's signer and clauses put over it."""
        return replace(
            wording,
            signer_name=self.signer_name or wording.signer_name,
            signer_title=self.signer_title or wording.signer_title,
            clauses={**wording.clauses, **self.clauses},
            source="organisation template" if self.clauses else wording.source,
        )


def logo_label(logo: Logo) -> str:
    """``PNG, 12,345 bytes`` for a settings page."""
    return f"{_LOGO_TYPES.get(logo.media_type, logo.media_type)}, {len(logo.content):,} bytes"
