"""The parts of a negotiation's record on the wire: terms, offers, interactions,
leverage, allies, the checklist and the stage history."""

from __future__ import annotations

import re
from datetime import datetime

from pydantic import BaseModel, Field

from accord.domain.interactions import Interaction, InteractionDirection
from accord.domain.leverage import Ally, AllyKind, LeverageFactor, LeverageKind
from accord.domain.offers import Channel, Offer, Side
from accord.domain.preparation import CHECKLIST_QUESTIONS, RESEARCH_TOPICS, Checklist
from accord.domain.stages import Stage, StageChange
from accord.domain.term_labels import term_label
from accord.domain.terms import Direction, Term, TermKind, TermStatus
from accord.entrypoints.http.schemas.common import (
    AllyName,
    AwareDatetime,
    BillingCode,
    Id,
    InputModel,
    LongText,
    Money,
    Name,
    ShortText,
    TermName,
    TermValueIn,
    TermValueOut,
    Unit,
)
from accord.services.read_model import FollowUpRow

__all__ = [
    "AllyCreate",
    "AllyPublic",
    "ChecklistAnswer",
    "ChecklistItemPublic",
    "ChecklistPublic",
    "CompetitorPriceCreate",
    "CompetitorPricePublic",
    "FollowUpDone",
    "InteractionCreate",
    "InteractionPublic",
    "LeverageCreate",
    "LeveragePublic",
    "OfferCreate",
    "OfferPublic",
    "StageChangePublic",
    "TermCreate",
    "TermPublic",
    "TermStatusUpdate",
    "TermUpdate",
]

_BOUND = Field(default=None, allow_inf_nan=False, ge=-1e12, le=1e12)


class TermCreate(InputModel):
    name: TermName
    kind: TermKind
    direction: Direction | None = Field(
        default=None,
        description="Which way is better for us; default follows the negotiation's side "
        "(we pay → lower is better).",
    )
    unit: Unit = ""
    minimum: float | None = _BOUND
    maximum: float | None = _BOUND
    options: list[ShortText] = Field(
        default_factory=list, max_length=50, description="Categorical options, best first for us."
    )
    opening: TermValueIn | None = None
    target: TermValueIn | None = None
    walk_away: TermValueIn | None = None
    priority: int = Field(default=3, ge=1, le=5)
    billing_code: BillingCode | None = None
    their_priority: int | None = Field(
        default=None, ge=1, le=5, description="How much the counterparty cares, as we know it."
    )
    their_walk_away: TermValueIn | None = Field(
        default=None, description="The worst value we believe the counterparty would accept."
    )
    current: float | None = Field(
        default=None, ge=0, le=1e9, description="Today's rate (a rate or per diem term)."
    )
    yearly_volume: int | None = Field(
        default=None, ge=0, le=100_000_000, description="Units a year the rate applies to."
    )


class TermUpdate(InputModel):
    """Fields of a term to correct; fields left out keep their value, ``null`` clears one."""

    direction: Direction | None = None
    unit: Unit | None = None
    minimum: float | None = _BOUND
    maximum: float | None = _BOUND
    options: list[ShortText] | None = Field(default=None, max_length=50)
    opening: TermValueIn | None = None
    target: TermValueIn | None = None
    walk_away: TermValueIn | None = None
    priority: int | None = Field(default=None, ge=1, le=5)
    billing_code: BillingCode | None = None
    their_priority: int | None = Field(default=None, ge=1, le=5)
    their_walk_away: TermValueIn | None = None
    current: float | None = Field(default=None, ge=0, le=1e9)
    yearly_volume: int | None = Field(default=None, ge=0, le=100_000_000)

    def changes(self) -> dict[str, object]:
        """Only the fields the client sent."""
        sent = self.model_dump(exclude_unset=True)
        for required in ("direction", "unit", "options", "priority"):
            if required in sent and sent[required] is None:
                del sent[required]  # these cannot be cleared
        return sent


class TermStatusUpdate(InputModel):
    status: TermStatus
    agreed_value: TermValueIn | None = None


class TermPublic(BaseModel):
    id: int | None
    name: str
    kind: TermKind
    direction: Direction
    unit: str
    minimum: float | None
    maximum: float | None
    options: list[str]
    opening: TermValueOut | None
    target: TermValueOut | None
    walk_away: TermValueOut | None
    priority: int
    status: TermStatus
    agreed_value: TermValueOut | None
    billing_code: str | None
    their_priority: int | None
    their_walk_away: TermValueOut | None
    current: float | None = None
    yearly_volume: int | None = None
    label: str = ""

    @classmethod
    def of(cls, t: Term) -> TermPublic:
        return cls(
            id=t.id, name=t.name, kind=t.kind, direction=t.direction, unit=t.unit,
            minimum=t.minimum, maximum=t.maximum, options=list(t.options), opening=t.opening,
            target=t.target, walk_away=t.walk_away, priority=t.priority, status=t.status,
            agreed_value=t.agreed_value, billing_code=t.billing_code,
            their_priority=t.their_priority, their_walk_away=t.their_walk_away,
            current=t.current, yearly_volume=t.yearly_volume, label=term_label(t),
        )  # fmt: skip


class OfferCreate(InputModel):
    side: Side
    values: dict[ShortText, TermValueIn] = Field(max_length=100,
                                                 description="Term name → value.")  # fmt: skip
    at: AwareDatetime | None = Field(default=None, description="When (default now).")
    channel: Channel = Channel.EMAIL
    note: LongText = ""


class OfferPublic(BaseModel):
    id: int | None
    side: Side
    at: datetime
    values: dict[str, TermValueOut]
    channel: Channel
    note: str
    withdrawn_at: datetime | None = None
    withdrawn_reason: str = ""
    corrects_id: int | None = None

    @classmethod
    def of(cls, o: Offer) -> OfferPublic:
        return cls(id=o.id, side=o.side, at=o.at, values=dict(o.values), channel=o.channel,
                   note=o.note, withdrawn_at=o.withdrawn_at,
                   withdrawn_reason=o.withdrawn_reason, corrects_id=o.corrects_id)  # fmt: skip


class InteractionCreate(InputModel):
    channel: Channel
    direction: InteractionDirection = InteractionDirection.OUTBOUND
    at: AwareDatetime | None = None
    contact_id: Id | None = None
    summary: LongText = ""
    their_points: LongText = Field(default="", description="What they said.")
    our_questions: LongText = Field(default="", description="What we asked to clarify.")
    follow_up_due: AwareDatetime | None = None
    replied_at: AwareDatetime | None = None


class FollowUpDone(InputModel):
    replied_at: AwareDatetime | None = None


class InteractionPublic(BaseModel):
    id: int | None
    at: datetime
    channel: Channel
    direction: InteractionDirection
    contact_id: int | None
    summary: str
    their_points: str
    our_questions: str
    follow_up_due: datetime | None
    follow_up_done: bool
    replied_at: datetime | None
    withdrawn_at: datetime | None = None
    withdrawn_reason: str = ""
    corrects_id: int | None = None

    @classmethod
    def of(cls, i: Interaction | FollowUpRow) -> InteractionPublic:
        return cls(
            id=i.id, at=i.at, channel=i.channel, direction=i.direction, contact_id=i.contact_id,
            summary=i.summary, their_points=i.their_points, our_questions=i.our_questions,
            follow_up_due=i.follow_up_due, follow_up_done=i.follow_up_done,
            replied_at=i.replied_at, withdrawn_at=i.withdrawn_at,
            withdrawn_reason=i.withdrawn_reason, corrects_id=i.corrects_id,
        )  # fmt: skip


class LeverageCreate(InputModel):
    kind: LeverageKind
    description: Name
    strength: int = Field(default=3, ge=1, le=5)
    evidence: LongText = ""


class LeveragePublic(BaseModel):
    id: int | None
    kind: LeverageKind
    description: str
    strength: int
    evidence: str

    @classmethod
    def of(cls, f: LeverageFactor) -> LeveragePublic:
        return cls(id=f.id, kind=f.kind, description=f.description, strength=f.strength,
                   evidence=f.evidence)  # fmt: skip


class AllyCreate(InputModel):
    kind: AllyKind
    name: AllyName
    role: ShortText = Field(default="", description="What they will do for us.")
    organisation_id: Id | None = None


class AllyPublic(BaseModel):
    id: int | None
    kind: AllyKind
    name: str
    role: str
    organisation_id: int | None

    @classmethod
    def of(cls, a: Ally) -> AllyPublic:
        return cls(id=a.id, kind=a.kind, name=a.name, role=a.role,
                   organisation_id=a.organisation_id)  # fmt: skip


def _spelling(key: str) -> str:
    """A checklist key as the domain reads it: any case, ``-``, ``_`` or a space between
    words, white space around (a pattern, so that the document says so)."""
    return "".join(
        "[-_ ]" if c == "_" else f"[{c.upper()}{c}]" if c.isalpha() else re.escape(c) for c in key
    )


_ITEM = (
    r"^[ \t\n\r\f\v]*(?:"
    + "|".join(_spelling(key) for key in [*CHECKLIST_QUESTIONS, *RESEARCH_TOPICS])
    + r")[ \t\n\r\f\v]*$"
)


class ChecklistAnswer(InputModel):
    item: str = Field(
        max_length=200, pattern=_ITEM, description="who, what, ..., why_not or a research topic."
    )
    text: LongText


class CompetitorPriceCreate(InputModel):
    description: Name
    amount: Money
    source: ShortText = ""
    billing_code: BillingCode | None = None


class CompetitorPricePublic(BaseModel):
    description: str
    amount: float
    source: str
    billing_code: str | None


class ChecklistItemPublic(BaseModel):
    key: str
    prompt: str
    answer: str
    research: bool


class ChecklistPublic(BaseModel):
    completeness: float
    missing: list[str]
    items: list[ChecklistItemPublic]
    competitor_prices: list[CompetitorPricePublic]

    @classmethod
    def of(cls, c: Checklist) -> ChecklistPublic:
        items = [
            ChecklistItemPublic(key=k, prompt=p, answer=c.answers.get(k, ""), research=False)
            for k, p in CHECKLIST_QUESTIONS.items()
        ] + [
            ChecklistItemPublic(key=k, prompt=p, answer=c.research.get(k, ""), research=True)
            for k, p in RESEARCH_TOPICS.items()
        ]
        prices = [
            CompetitorPricePublic(
                description=p.description,
                amount=p.amount,
                source=p.source,
                billing_code=p.billing_code,
            )
            for p in c.competitor_prices
        ]
        return cls(completeness=c.completeness(), missing=c.missing(), items=items,
                   competitor_prices=prices)  # fmt: skip


class StageChangePublic(BaseModel):
    from_stage: Stage | None
    to_stage: Stage
    at: datetime
    reopened: bool
    note: str

    @classmethod
    def of(cls, s: StageChange) -> StageChangePublic:
        return cls(from_stage=s.from_stage, to_stage=s.to_stage, at=s.at, reopened=s.reopened,
                   note=s.note)  # fmt: skip
