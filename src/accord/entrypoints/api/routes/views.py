"""``/api/pipeline``, ``/api/relationships`` and ``/api/outcomes``: views across negotiations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from accord.entrypoints.api.deps import AccordDep
from accord.entrypoints.api.schemas.common import MAX_ID
from accord.entrypoints.api.schemas.views import (
    ContactHealthPublic,
    OutcomesPublic,
    PipelinePublic,
)
from accord.services import outcomes, pipeline, relationships

__all__ = ["router"]

router = APIRouter(tags=["views"])


@router.get("/pipeline")
def get_pipeline(accord: AccordDep, include_demo: bool = True) -> PipelinePublic:
    """Negotiations by stage, nearest deadline first, with overdue follow-ups."""
    return PipelinePublic.of(
        pipeline.pipeline(accord.store.unit_of_work(), accord.clock.now(),
                          include_demo=include_demo)
    )  # fmt: skip


@router.get("/relationships")
def get_relationships(
    accord: AccordDep,
    organisation_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> list[ContactHealthPublic]:
    """Every contact: days since the last contact and how promptly they answer."""
    rows = relationships.relationships(
        accord.store.unit_of_work(), accord.clock.now(), organisation_id
    )
    return [ContactHealthPublic.of(h) for h in rows]


@router.get("/outcomes")
def get_outcomes(accord: AccordDep, include_demo: bool = True) -> OutcomesPublic:
    """Agreements with hard/soft savings and revenue effects, and totals by month."""
    return OutcomesPublic.of(
        outcomes.outcomes(accord.store.unit_of_work(), include_demo=include_demo)
    )
