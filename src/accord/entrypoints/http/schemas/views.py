"""Cross-negotiation views on the wire: the pipeline, relationships and outcomes.

The web pages render these same models; their JSON twins return them as they are.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, Field

from accord.domain.negotiation import NegotiationKind
from accord.domain.stages import Stage
from accord.entrypoints.http.schemas.briefs import ResponsivenessPublic
from accord.entrypoints.http.schemas.negotiations import NegotiationSummary
from accord.entrypoints.http.schemas.organisations import ContactPublic
from accord.entrypoints.http.schemas.record import InteractionPublic
from accord.services.outcomes import Outcomes
from accord.services.pipeline import NegotiationRow, Pipeline, PipelineItem
from accord.services.relationships import ContactHealth

__all__ = [
    "ContactHealthPublic",
    "NegotiationRef",
    "OutcomeMonthPublic",
    "OutcomeRowPublic",
    "OutcomesPublic",
    "PipelineItemPublic",
    "PipelinePublic",
    "PipelineStagePublic",
    "summary_of",
]


def summary_of(row: NegotiationRow) -> NegotiationSummary:
    """A list's row on the wire, as the lists have always shown a negotiation."""
    return NegotiationSummary(
        id=row.id, title=row.title, kind=row.kind, stage=row.stage, our_org_id=row.our_org_id,
        counterparty_id=row.counterparty_id, deadline=row.deadline, offers=row.offers,
        is_demo=row.is_demo, version=row.version,
    )  # fmt: skip


class PipelineItemPublic(BaseModel):
    negotiation: NegotiationSummary
    counterparty: str
    days_to_deadline: int | None
    overdue: list[InteractionPublic]
    next_follow_up: datetime | None

    @classmethod
    def of(cls, item: PipelineItem) -> PipelineItemPublic:
        return cls(
            negotiation=summary_of(item.negotiation),
            counterparty=item.counterparty, days_to_deadline=item.days_to_deadline,
            overdue=[InteractionPublic.of(i) for i in item.overdue],
            next_follow_up=item.next_follow_up,
        )  # fmt: skip


class PipelineStagePublic(BaseModel):
    stage: Stage
    label: str
    closed: bool
    items: list[PipelineItemPublic]
    total: int  # how many the stage holds; ``items`` is the page from the board's offset


class ContractDeadlinePublic(BaseModel):
    payer: str
    kind: str = Field(description="notice, renewal or end.")
    due: date
    description: str


class PipelinePublic(BaseModel):
    stages: list[PipelineStagePublic]
    overdue: list[PipelineItemPublic]  # the most overdue first, up to ``limit``
    overdue_total: int
    open_count: int
    total: int
    now: datetime
    stage: Stage | None  # the one stage listed, or None for every stage
    offset: int
    limit: int
    include_demo: bool
    contract_deadlines: list[ContractDeadlinePublic]  # payer contracts' next dates

    @classmethod
    def of(cls, p: Pipeline) -> PipelinePublic:
        return cls(
            stages=[
                PipelineStagePublic(stage=stage, label=stage.label, closed=stage.is_closed,
                                    items=[PipelineItemPublic.of(i) for i in items],
                                    total=p.totals[stage])
                for stage, items in p.stages.items()
            ],
            overdue=[PipelineItemPublic.of(i) for i in p.overdue],
            overdue_total=p.overdue_total, open_count=p.open_count, total=p.total, now=p.now,
            stage=p.stage, offset=p.offset, limit=p.limit, include_demo=p.include_demo,
            contract_deadlines=[
                ContractDeadlinePublic(payer=d.payer, kind=d.kind, due=d.due,
                                       description=d.description)
                for d in p.contract_deadlines
            ],
        )  # fmt: skip


class NegotiationRef(BaseModel):
    id: int
    title: str


class ContactHealthPublic(BaseModel):
    contact: ContactPublic
    organisation: str
    negotiations: list[NegotiationRef]  # the latest ten naming them, by id
    negotiation_count: int  # how many name them in all
    interactions: int
    last_contact: datetime | None
    days_since_contact: int | None
    responsiveness: ResponsivenessPublic

    @classmethod
    def of(cls, h: ContactHealth) -> ContactHealthPublic:
        return cls(
            contact=ContactPublic.of(h.contact), organisation=h.organisation,
            negotiations=[NegotiationRef(id=i, title=t) for i, t in h.negotiations],
            negotiation_count=h.negotiation_count,
            interactions=h.interactions, last_contact=h.last_contact,
            days_since_contact=h.days_since_contact,
            responsiveness=ResponsivenessPublic.of(h.responsiveness),
        )  # fmt: skip


class OutcomeRowPublic(BaseModel):
    negotiation_id: int
    title: str
    kind: NegotiationKind
    counterparty: str
    effective: date
    agreed_at: datetime | None
    hard_savings: Decimal | None
    soft_savings: Decimal
    revenue_effect: Decimal | None
    is_demo: bool


class OutcomeMonthPublic(BaseModel):
    month: str
    agreements: int
    hard_savings: Decimal
    soft_savings: Decimal
    revenue_effect: Decimal


class OutcomesPublic(BaseModel):
    rows: list[OutcomeRowPublic]  # one page of agreements, from ``offset``
    months: list[OutcomeMonthPublic]  # months and totals: every agreement
    hard_savings: Decimal
    soft_savings: Decimal
    revenue_effect: Decimal
    total: int  # agreements in all
    offset: int
    limit: int | None

    @classmethod
    def of(cls, o: Outcomes) -> OutcomesPublic:
        return cls(
            rows=[OutcomeRowPublic(**vars(r)) for r in o.rows],
            months=[OutcomeMonthPublic(**vars(m)) for m in o.months],
            hard_savings=o.hard_savings, soft_savings=o.soft_savings,
            revenue_effect=o.revenue_effect, total=o.total, offset=o.offset, limit=o.limit,
        )  # fmt: skip
