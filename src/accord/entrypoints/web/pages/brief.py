"""The one-screen brief as a page (printable): the same data as ``accord brief``."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from accord.entrypoints.http.deps import AccordDep, NegotiationId
from accord.entrypoints.http.schemas.analysis import PackageMoneyPublic
from accord.entrypoints.http.schemas.benchmarks import TermBenchmarkPublic
from accord.entrypoints.http.schemas.briefs import BriefPublic
from accord.entrypoints.http.schemas.negotiations import NegotiationPublic
from accord.entrypoints.web.pages.workspace import OfferRow, offer_row
from accord.entrypoints.web.rendering import render_page
from accord.services import briefs
from accord.services.benchmarks import benchmark_negotiation
from accord.services.market import MarketBenchmarkSource
from accord.services.package_money import money_data, package_pricer

__all__ = ["BriefPage", "router"]

router = APIRouter()


class BriefPage(BaseModel):
    negotiation: NegotiationPublic
    brief: BriefPublic
    last_offers: list[OfferRow]
    medicare: list[TermBenchmarkPublic] = []
    """Rate terms whose code the fee schedule prices: Medicare and % of Medicare."""
    target: PackageMoneyPublic | None = None
    """Our targets, as one package, in dollars."""
    potential_source: str | None = None


@router.get("/negotiations/{negotiation_id}/brief", name="brief")
def brief_page(request: Request, accord: AccordDep, negotiation_id: NegotiationId) -> Response:
    """Stage, terms against walk-away, last offers, follow-ups, relationship, signals
    (JSON twin: ``?format=json``)."""
    brief = briefs.prepare_brief(accord.store.unit_of_work(), accord.clock.now(), negotiation_id)
    n = brief.negotiation
    with MarketBenchmarkSource(accord.market) as market:
        rows = benchmark_negotiation(accord.store.unit_of_work(), negotiation_id, market)
        pricer = package_pricer(accord.store.unit_of_work(), negotiation_id, market)
    targets = pricer.targets()
    page = BriefPage(
        negotiation=NegotiationPublic.of(n),
        brief=BriefPublic.of(brief, pricer),
        last_offers=[offer_row(pricer, o) for o in reversed(brief.last_offers)],
        medicare=[TermBenchmarkPublic.of(row) for row in rows if row.medicare is not None],
        target=PackageMoneyPublic.model_validate(money_data(targets)) if targets else None,
        potential_source=pricer.potential_source or None,
    )
    return render_page(request, "brief.html", page, title=f"Brief — {page.negotiation.title}")
