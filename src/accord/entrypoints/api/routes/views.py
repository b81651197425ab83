"""``/api/pipeline``, ``/api/relationships`` and ``/api/outcomes``: views across negotiations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from accord.domain.stages import Stage
from accord.entrypoints.http.deps import AccordDep, Offset
from accord.entrypoints.http.schemas.common import MAX_ID
from accord.entrypoints.http.schemas.views import (
    ContactHealthPublic,
    OutcomesPublic,
    PipelinePublic,
)
from accord.services import outcomes, pipeline, relationships

__all__ = ["router"]

router = APIRouter(tags=["views"])


@router.get("/pipeline")
def get_pipeline(
    accord: AccordDep,
    include_demo: bool = True,
    stage: Stage | None = None,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=500, description="Rows per stage.")] = (
        pipeline.PAGE_SIZE
    ),
) -> PipelinePublic:
    """Negotiations by stage, nearest deadline first, with overdue follow-ups.

    A page of each stage (``offset``, ``limit``; each stage's ``total`` says how many
    it holds), or of ``stage`` alone.
    """
    return PipelinePublic.of(
        pipeline.pipeline(accord.store.unit_of_work(), accord.clock.now(),
                          include_demo=include_demo, stage=stage, offset=offset, limit=limit,
                          cache=accord.read_cache)
    )  # fmt: skip


@router.get("/relationships")
def get_relationships(
    accord: AccordDep,
    response: Response,
    organisation_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=1000, description="Contacts per page.")] = (
        relationships.PAGE_SIZE
    ),
) -> list[ContactHealthPublic]:
    """Contacts, a page at a time: days since the last contact and how promptly they
    answer. The ``X-Total-Count`` header says how many there are in all."""
    page = relationships.relationship_page(
        accord.store.unit_of_work(), accord.clock.now(), organisation_id,
        offset=offset, limit=limit,
    )  # fmt: skip
    response.headers["X-Total-Count"] = str(page.total)
    return [ContactHealthPublic.of(h) for h in page.rows]


@router.get("/outcomes")
def get_outcomes(
    accord: AccordDep,
    include_demo: bool = True,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=1000, description="Agreements per page.")] = (
        outcomes.PAGE_SIZE
    ),
) -> OutcomesPublic:
    """Agreements with hard/soft savings and revenue effects, a page at a time by
    effective date; totals by month and overall over every agreement."""
    return OutcomesPublic.of(
        outcomes.outcomes(accord.store.unit_of_work(), include_demo=include_demo,
                          offset=offset, limit=limit)
    )  # fmt: skip
