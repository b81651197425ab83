"""Request bodies for withdrawing or correcting an offer or an interaction."""

from __future__ import annotations

from pydantic import Field

from accord.entrypoints.http.schemas.common import (
    AwareDatetime,
    InputModel,
    LongText,
    Reason,
    ShortText,
    TermValueIn,
)

__all__ = ["InteractionCorrection", "OfferCorrection", "Withdrawal"]


class Withdrawal(InputModel):
    reason: Reason = Field(description="Why (kept in the history with the original).")


class OfferCorrection(InputModel):
    reason: Reason = Field(description="Why (kept in the history with the original).")
    values: dict[ShortText, TermValueIn] = Field(
        max_length=100, description="The right values: term name → value."
    )
    at: AwareDatetime | None = Field(
        default=None, description="When it was said (default: as the original)."
    )


class InteractionCorrection(InputModel):
    reason: Reason = Field(description="Why (kept in the history with the original).")
    summary: LongText | None = None
    their_points: LongText | None = None
    our_questions: LongText | None = None
