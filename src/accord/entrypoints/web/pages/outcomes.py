"""Outcomes: agreements with hard and soft savings and revenue effects, by month."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from accord.entrypoints.api.deps import AccordDep
from accord.entrypoints.api.schemas.views import OutcomesPublic
from accord.entrypoints.web.rendering import render_page
from accord.services import outcomes

__all__ = ["OutcomesPage", "router"]

router = APIRouter()


class OutcomesPage(BaseModel):
    outcomes: OutcomesPublic
    bars: list[dict[str, float]]  # per month, each figure as % of the largest (for the chart)


@router.get("/outcomes", name="outcomes")
def outcomes_page(request: Request, accord: AccordDep, demo: bool = True) -> Response:
    """Every agreement and what it is worth (JSON twin: ``?format=json``)."""
    data = OutcomesPublic.of(outcomes.outcomes(accord.store.unit_of_work(), include_demo=demo))
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
    return render_page(request, "outcomes.html", OutcomesPage(outcomes=data, bars=bars),
                       title="Outcomes")  # fmt: skip
