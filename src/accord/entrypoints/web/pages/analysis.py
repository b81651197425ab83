"""The engine's analysis of a negotiation: a panel on the workspace and a page of its
own with the outcome-space chart (frontier, Nash point, offers)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from accord.bootstrap import Accord
from accord.entrypoints.http.deps import AccordDep, NegotiationId
from accord.entrypoints.http.schemas.analysis import AnalysisPublic
from accord.entrypoints.http.schemas.briefs import BriefPublic
from accord.entrypoints.http.schemas.negotiations import NegotiationPublic
from accord.entrypoints.web.rendering import render_page
from accord.errors import AccordError
from accord.services import analysis, briefs, package_money

__all__ = ["AnalysisPage", "router", "try_analysis"]

router = APIRouter()


def try_analysis(accord: Accord, negotiation_id: int) -> tuple[AnalysisPublic | None, str | None]:
    """The analysis, or why there is none yet (for example: no terms, no ranges)."""
    try:
        result = analysis.analyze_stored_negotiation(
            accord.store.unit_of_work(), accord.clock.now(), negotiation_id
        )
    except AccordError as exc:
        return None, exc.message
    pricer = package_money.market_pricer(accord.store.unit_of_work(), negotiation_id, accord.market)
    return AnalysisPublic.of(result.result, result.situation, pricer), None


class AnalysisPage(BaseModel):
    negotiation: NegotiationPublic
    brief: BriefPublic
    analysis: AnalysisPublic | None
    analysis_error: str | None


@router.get("/negotiations/{negotiation_id}/analysis", name="analysis")
def analysis_page(request: Request, accord: AccordDep, negotiation_id: NegotiationId) -> Response:
    """The full analysis (JSON twin: ``?format=json``)."""
    brief = briefs.prepare_brief(accord.store.unit_of_work(), accord.clock.now(), negotiation_id)
    result, error = try_analysis(accord, negotiation_id)
    page = AnalysisPage(
        negotiation=NegotiationPublic.of(brief.negotiation), brief=BriefPublic.of(brief),
        analysis=result, analysis_error=error,
    )  # fmt: skip
    return render_page(request, "analysis.html", page,
                       title=f"Analysis — {page.negotiation.title}")  # fmt: skip


@router.get("/negotiations/{negotiation_id}/analysis.svg", name="analysis_chart")
def analysis_chart(accord: AccordDep, negotiation_id: NegotiationId) -> Response:
    """The outcome space: every package by its value to us and to them, the frontier,
    the bargaining points and the offers made."""
    stored = analysis.analyze_stored_negotiation(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id
    )
    result = stored.result
    svg = accord.charts.outcome_space_svg(
        result.analysis,
        our_offers=[p.index for p in result.our_offers],
        their_offers=[p.index for p in result.their_offers],
    )
    return Response(svg, media_type="image/svg+xml")
