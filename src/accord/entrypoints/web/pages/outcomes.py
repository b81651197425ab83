"""Outcomes: agreements with hard and soft savings and revenue effects, by month."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel

from accord.entrypoints.http.deps import AccordDep, Offset
from accord.entrypoints.http.schemas.views import OutcomesPublic
from accord.entrypoints.web.rendering import render_page
from accord.services import outcomes

__all__ = ["OutcomesPage", "router"]

router = APIRouter()


class OutcomesPage(BaseModel):
    outcomes: OutcomesPublic
    bars: list[dict[str, float]]  # per month, each figure as % of the largest (for the chart)
    include_demo: bool
    report_from: date  # the savings report's period, filled in: this year so far
    report_to: date


@router.get("/outcomes", name="outcomes")
def outcomes_page(
    request: Request,
    accord: AccordDep,
    demo: bool = True,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = outcomes.PAGE_SIZE,
) -> Response:
    """What the agreements are worth: totals and months of all, the agreements a page at
    a time (JSON twin: ``?format=json``)."""
    data = OutcomesPublic.of(
        outcomes.outcomes(accord.store.unit_of_work(), include_demo=demo, offset=offset,
                          limit=limit)
    )  # fmt: skip
    largest = max(
        [float(abs(v)) for m in data.months
         for v in (m.hard_savings, m.soft_savings, m.revenue_effect)] or [0.0]
    ) or 1.0  # fmt: skip
    bars = [
        {
            "hard": float(abs(m.hard_savings)) / largest * 100,
            "soft": float(abs(m.soft_savings)) / largest * 100,
            "revenue": float(abs(m.revenue_effect)) / largest * 100,
        }
        for m in data.months
    ]
    today = accord.clock.now().date()
    page = OutcomesPage(outcomes=data, bars=bars, include_demo=demo,
                        report_from=today.replace(month=1, day=1), report_to=today)  # fmt: skip
    return render_page(request, "outcomes.html", page, title="Outcomes")
