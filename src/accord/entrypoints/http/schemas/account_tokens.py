"""Personal API token payloads: what one creates, and a token as listed (never its
secret, but for the one answer that creates it)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from accord.domain.accounts import ApiToken
from accord.entrypoints.http.schemas.common import Day, InputModel
from accord.services.accounts import LABEL_MAX

__all__ = ["NewTokenPublic", "TokenCreate", "TokenPublic"]


class TokenCreate(InputModel):
    label: str = Field(
        min_length=1, max_length=LABEL_MAX, pattern=r"^[^\x00]*$",
        description="What uses it, e.g. 'monthly savings export'.",
    )  # fmt: skip
    scope: Literal["read", "write"] = Field(
        default="read", description="read: GET only; write: whatever your role may do."
    )
    last_day: Day | None = Field(
        default=None, description="The last day it works (UTC, YYYY-MM-DD); null: until revoked."
    )


class TokenPublic(BaseModel):
    id: int
    label: str
    scope: str
    created_at: datetime
    last_used_at: datetime | None
    last_day: date | None = Field(description="The last day it works (UTC); null: no end.")
    revoked_at: datetime | None
    state: Literal["live", "ended", "revoked"]

    @classmethod
    def of(cls, token: ApiToken, now: datetime) -> TokenPublic:
        return cls(
            id=token.id, label=token.label, scope=token.scope.value,
            created_at=token.created_at, last_used_at=token.last_used_at,
            last_day=token.last_day, revoked_at=token.revoked_at,
            state=token.state(now),
        )  # fmt: skip


class NewTokenPublic(TokenPublic):
    secret: str = Field(description="The token itself: shown in this answer only.")
