"""A negotiation's History tab: every change to it and its parts, and who made it.

The same entries as ``GET /api/negotiations/{id}/audit`` and ``accord audit list
--negotiation ID`` (from the audit trail, newest first).
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from accord.entrypoints.http.deps import AccordDep, NegotiationId, Offset
from accord.entrypoints.http.schemas.audit import AuditEntryPublic
from accord.entrypoints.http.schemas.briefs import BriefPublic
from accord.entrypoints.http.schemas.negotiations import NegotiationPublic
from accord.entrypoints.web.rendering import render_page
from accord.services import audit, briefs

__all__ = ["HistoryPage", "router"]

router = APIRouter()

PAGE_SIZE = 100


class HistoryPage(BaseModel):
    negotiation: NegotiationPublic
    brief: BriefPublic
    total: int
    offset: int
    limit: int
    entries: list[AuditEntryPublic]


@router.get("/negotiations/{negotiation_id}/history", name="history")
def history_page(
    request: Request, accord: AccordDep, negotiation_id: NegotiationId, offset: Offset = 0
) -> Response:
    """Who changed what in this negotiation, when and from where (JSON twin:
    ``?format=json``)."""
    brief = briefs.prepare_brief(accord.store.unit_of_work(), accord.clock.now(), negotiation_id)
    found = audit.negotiation_history(
        accord.store.unit_of_work(), negotiation_id, offset=offset, limit=PAGE_SIZE
    )
    page = HistoryPage(
        negotiation=NegotiationPublic.of(brief.negotiation),
        brief=BriefPublic.of(brief),
        total=found.total,
        offset=offset,
        limit=PAGE_SIZE,
        entries=[AuditEntryPublic.of(v) for v in found.entries],
    )
    return render_page(request, "history.html", page, title=f"History — {page.negotiation.title}")
