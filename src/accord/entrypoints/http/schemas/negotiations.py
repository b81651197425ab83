"""Negotiations on the wire: create, summary (lists), the whole record, stage and goals."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from accord.domain.negotiation import Approach, Negotiation, NegotiationKind, TeamRole
from accord.domain.organisations import OrganisationKind
from accord.domain.stages import Stage, allowed_next
from accord.entrypoints.http.schemas.agreements import AgreementPublic
from accord.entrypoints.http.schemas.common import (
    SAID,
    Id,
    InputModel,
    LongText,
    Name,
    OrganisationName,
    PatientRef,
    ShortText,
    Title,
)
from accord.entrypoints.http.schemas.record import (
    AllyPublic,
    ChecklistPublic,
    InteractionPublic,
    LeveragePublic,
    OfferPublic,
    StageChangePublic,
    TermPublic,
)

__all__ = [
    "ContactLink",
    "GoalsUpdate",
    "NegotiationCreate",
    "NegotiationPage",
    "NegotiationPublic",
    "NegotiationSummary",
    "NegotiationUpdate",
    "NewCounterparty",
    "StageAdvance",
    "StageChangeResult",
    "TeamMemberCreate",
    "TeamMemberPublic",
]


class NewCounterparty(InputModel):
    """The other side, met for the first time: recorded with the negotiation, in the same
    step (both are saved, or neither)."""

    name: OrganisationName
    kind: OrganisationKind = Field(
        description="Any kind but 'ours'.", json_schema_extra={"not": {"const": "ours"}}
    )

    @field_validator("kind")
    @classmethod
    def _not_ours(cls, kind: OrganisationKind) -> OrganisationKind:
        if kind is OrganisationKind.OURS:
            raise ValueError("the other side cannot be our own organisation")
        return kind


class NegotiationCreate(InputModel):
    # the other side is chosen or named: the document says so, the service refuses neither
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [{"required": ["counterparty_id"]}, {"required": ["new_counterparty"]}]
        }
    )

    title: Title
    kind: NegotiationKind
    our_org_id: Id = Field(description="Our organisation (kind 'ours').")
    counterparty_id: Id | None = Field(
        default=None, description="The other side; or name a new one in new_counterparty."
    )
    new_counterparty: NewCounterparty | None = Field(
        default=None,
        description="A new organisation to record as the other side, used instead of "
        "counterparty_id (an organisation of that name must not exist already).",
    )
    patient_ref: PatientRef | None = Field(
        default=None, description="Internal case number only; never a patient's name."
    )
    problem_statement: LongText = ""
    our_goals: list[ShortText] = Field(default_factory=list, max_length=50)
    approach: Approach = Approach.WIN_WIN
    deadline: date | None = None
    lead: ShortText | None = None

    def opening(self) -> dict[str, Any]:
        """The arguments of ``services.negotiations.open_negotiation`` (after its unit of
        work and time), as every door passes them."""
        new = self.new_counterparty
        return {
            **self.model_dump(exclude={"new_counterparty"}),
            "new_counterparty": None if new is None else (new.name, new.kind),
        }


class NegotiationUpdate(InputModel):
    """Corrections to a negotiation's description; fields left out keep their value."""

    title: Title | None = None
    problem_statement: LongText | None = None
    our_goals: list[ShortText] | None = Field(default=None, max_length=50)
    approach: Approach | None = None
    deadline: date | None = None
    patient_ref: PatientRef | None = None


class StageAdvance(InputModel):
    stage: Stage
    note: ShortText = Field(
        default="",
        description="Why, kept in the stage history; required to walk away (walked_away).",
    )


class GoalsUpdate(InputModel):
    # At least one goal that is not blank (blank ones are dropped), as the domain asks.
    goals: list[ShortText] = Field(
        min_length=1, max_length=50, json_schema_extra={"contains": {"pattern": SAID}}
    )


class TeamMemberCreate(InputModel):
    name: Name
    role: TeamRole = TeamRole.MEMBER


class ContactLink(InputModel):
    contact_id: Id


class TeamMemberPublic(BaseModel):
    name: str
    role: TeamRole


class StageChangeResult(BaseModel):
    change: StageChangePublic
    version: int


class NegotiationSummary(BaseModel):
    id: int
    title: str
    kind: NegotiationKind
    stage: Stage
    our_org_id: int
    counterparty_id: int
    deadline: date | None
    offers: int
    is_demo: bool
    version: int

    @classmethod
    def of(cls, n: Negotiation) -> NegotiationSummary:
        assert n.id is not None
        return cls(
            id=n.id, title=n.title, kind=n.kind, stage=n.stage, our_org_id=n.our_org_id,
            counterparty_id=n.counterparty_id, deadline=n.deadline, offers=len(n.offers),
            is_demo=n.is_demo, version=n.version,
        )  # fmt: skip


class NegotiationPage(BaseModel):
    items: list[NegotiationSummary]
    total: int
    offset: int
    limit: int


class NegotiationPublic(BaseModel):
    """The whole record of one negotiation."""

    id: int
    uid: str
    version: int
    title: str
    kind: NegotiationKind
    stage: Stage
    allowed_next: list[Stage]
    our_org_id: int
    counterparty_id: int
    patient_ref: str | None
    problem_statement: str
    our_goals: list[str]
    agreed_goals: list[str]
    goals_agreed_at: datetime | None
    approach: Approach
    deadline: date | None
    team: list[TeamMemberPublic]
    contact_ids: list[int]
    terms: list[TermPublic]
    offers: list[OfferPublic]
    interactions: list[InteractionPublic]
    leverage: list[LeveragePublic]
    allies: list[AllyPublic]
    checklist: ChecklistPublic
    stage_history: list[StageChangePublic]
    agreement: AgreementPublic | None
    warnings: list[str]
    is_demo: bool
    created_at: datetime
    updated_at: datetime | None

    @classmethod
    def of(cls, n: Negotiation) -> NegotiationPublic:
        assert n.id is not None
        return cls(
            id=n.id, uid=n.uid, version=n.version, title=n.title, kind=n.kind, stage=n.stage,
            allowed_next=list(allowed_next(n.stage)), our_org_id=n.our_org_id,
            counterparty_id=n.counterparty_id, patient_ref=n.patient_ref,
            problem_statement=n.problem_statement, our_goals=list(n.our_goals),
            agreed_goals=list(n.agreed_goals), goals_agreed_at=n.goals_agreed_at,
            approach=n.approach, deadline=n.deadline,
            team=[TeamMemberPublic(name=m.name, role=m.role) for m in n.team],
            contact_ids=list(n.contact_ids), terms=[TermPublic.of(t) for t in n.terms],
            offers=[OfferPublic.of(o) for o in n.offers],
            interactions=[InteractionPublic.of(i) for i in n.interactions],
            leverage=[LeveragePublic.of(f) for f in n.leverage],
            allies=[AllyPublic.of(a) for a in n.allies],
            checklist=ChecklistPublic.of(n.checklist),
            stage_history=[StageChangePublic.of(s) for s in n.stage_history],
            agreement=AgreementPublic.of(n.agreement) if n.agreement else None,
            warnings=n.warnings, is_demo=n.is_demo, created_at=n.created_at,
            updated_at=n.updated_at,
        )  # fmt: skip
