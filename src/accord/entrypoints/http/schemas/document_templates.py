"""What the API and Settings → Documents take to save the letterhead and a kind's
signer and clauses: one model per action, so a bad value is refused alike at both."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from accord.entrypoints.http.schemas.common import InputModel, ShortText

__all__ = ["ClauseText", "LetterheadUpdate", "TemplateUpdate"]

ClauseText = Annotated[str, Field(max_length=4000)]


class TemplateUpdate(InputModel):
    """What to save for a kind; a field left out keeps its saved value."""

    signer_name: ShortText | None = None
    signer_title: ShortText | None = None
    clauses: dict[str, ClauseText] | None = Field(
        default=None,
        description="Clause name → text with {placeholders}; an empty text removes the "
        "saved clause (the files' wording applies again).",
    )
    replace_clauses: bool = False


class LetterheadUpdate(InputModel):
    """The letterhead every document carries; a field left out keeps its saved value."""

    organisation_name: ShortText | None = None
    address_lines: list[ShortText] | None = Field(default=None, max_length=6)
    phone: ShortText | None = None
