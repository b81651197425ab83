"""``/api/negotiations``: open, list, read, move; goals, team, contacts, brief, export."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from accord.domain.negotiation import TeamMember
from accord.domain.stages import Stage
from accord.entrypoints.http.deps import (
    AccordDep,
    ExpectedVersion,
    NegotiationId,
    Offset,
    etag,
    set_etag,
)
from accord.entrypoints.http.schemas.analysis import AnalysisPublic
from accord.entrypoints.http.schemas.briefs import BriefPublic
from accord.entrypoints.http.schemas.negotiations import (
    ContactLink,
    GoalsUpdate,
    NegotiationCreate,
    NegotiationPage,
    NegotiationPublic,
    NegotiationUpdate,
    StageAdvance,
    StageChangeResult,
    TeamMemberCreate,
)
from accord.entrypoints.http.schemas.record import StageChangePublic
from accord.entrypoints.http.schemas.views import summary_of
from accord.services import analysis, briefs, negotiations, package_money, pipeline, transfer

__all__ = ["router"]

router = APIRouter(tags=["negotiations"])


def _public(accord: AccordDep, negotiation_id: int, response: Response) -> NegotiationPublic:
    n = negotiations.get_negotiation(accord.store.unit_of_work(), negotiation_id)
    response.headers["ETag"] = etag(n.version)
    return NegotiationPublic.of(n)


@router.get("/negotiations")
def list_negotiations(
    accord: AccordDep,
    stage: Stage | None = None,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    include_demo: bool = True,
) -> NegotiationPage:
    """Negotiations by id, a page at a time, optionally of one stage."""
    page = pipeline.page_negotiations(
        accord.store.unit_of_work(), stage, offset=offset, limit=limit,
        include_demo=include_demo, now=accord.clock.now(),
    )  # fmt: skip
    return NegotiationPage(
        items=[summary_of(n) for n in page.items],
        total=page.total, offset=page.offset, limit=page.limit,
    )  # fmt: skip


@router.post("/negotiations", status_code=status.HTTP_201_CREATED)
def open_negotiation(
    accord: AccordDep, body: NegotiationCreate, response: Response
) -> NegotiationPublic:
    """Open a negotiation in the preparing stage, with the other side chosen
    (``counterparty_id``) or named for the first time (``new_counterparty``)."""
    n = negotiations.open_negotiation(
        accord.store.unit_of_work(), accord.clock.now(), **body.opening()
    )
    assert n.id is not None
    response.headers["Location"] = f"/api/negotiations/{n.id}"
    return _public(accord, n.id, response)


@router.get("/negotiations/{negotiation_id}")
def get_negotiation(
    accord: AccordDep, negotiation_id: NegotiationId, response: Response
) -> NegotiationPublic:
    """The whole record; the ``ETag`` header carries its version for ``If-Match``."""
    return _public(accord, negotiation_id, response)


@router.patch("/negotiations/{negotiation_id}")
def revise_negotiation(
    accord: AccordDep, negotiation_id: NegotiationId, body: NegotiationUpdate,
    version: ExpectedVersion, response: Response,
) -> NegotiationPublic:  # fmt: skip
    """Correct the title, problem, our goals, approach, deadline or case reference."""
    negotiations.revise_negotiation(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id,
        expected_version=version, **body.model_dump(exclude_unset=True),
    )  # fmt: skip
    return _public(accord, negotiation_id, response)


@router.post("/negotiations/{negotiation_id}/stage")
def advance_stage(
    accord: AccordDep, negotiation_id: NegotiationId, body: StageAdvance,
    version: ExpectedVersion, response: Response,
) -> StageChangeResult:  # fmt: skip
    """Move to another stage; a move the process does not allow is 409."""
    change = negotiations.advance_stage(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id, body.stage, body.note,
        expected_version=version,
    )  # fmt: skip
    set_etag(response, accord, negotiation_id, version)
    new_version = int(response.headers["ETag"].strip('"'))
    return StageChangeResult(change=StageChangePublic.of(change), version=new_version)


@router.put("/negotiations/{negotiation_id}/goals")
def agree_goals(
    accord: AccordDep, negotiation_id: NegotiationId, body: GoalsUpdate,
    version: ExpectedVersion, response: Response,
) -> NegotiationPublic:  # fmt: skip
    """Record the problem and goals agreed with the other party."""
    negotiations.agree_goals(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id, body.goals,
        expected_version=version,
    )  # fmt: skip
    return _public(accord, negotiation_id, response)


@router.post("/negotiations/{negotiation_id}/team", status_code=status.HTTP_201_CREATED)
def add_team_member(
    accord: AccordDep, negotiation_id: NegotiationId, body: TeamMemberCreate,
    version: ExpectedVersion, response: Response,
) -> NegotiationPublic:  # fmt: skip
    """Add someone to our negotiating team."""
    negotiations.add_team_member(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id,
        TeamMember(body.name.strip(), body.role), expected_version=version,
    )  # fmt: skip
    return _public(accord, negotiation_id, response)


@router.post("/negotiations/{negotiation_id}/contacts")
def link_contact(
    accord: AccordDep, negotiation_id: NegotiationId, body: ContactLink,
    version: ExpectedVersion, response: Response,
) -> NegotiationPublic:  # fmt: skip
    """Name a counterparty contact as involved in this negotiation."""
    negotiations.link_contact(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id, body.contact_id,
        expected_version=version,
    )  # fmt: skip
    return _public(accord, negotiation_id, response)


@router.get("/negotiations/{negotiation_id}/brief")
def get_brief(accord: AccordDep, negotiation_id: NegotiationId) -> BriefPublic:
    """The one-screen brief: terms against walk-away, offers, follow-ups, signals, and the
    money of our targets and of both sides' latest offers (with % of Medicare)."""
    brief = briefs.prepare_brief(accord.store.unit_of_work(), accord.clock.now(), negotiation_id)
    pricer = package_money.market_pricer(accord.store.unit_of_work(), negotiation_id, accord.market)
    return BriefPublic.of(brief, pricer)


@router.get("/negotiations/{negotiation_id}/analysis")
def get_analysis(accord: AccordDep, negotiation_id: NegotiationId) -> AnalysisPublic:
    """The engine's analysis: ZOPA, frontier, Nash point, counterpart, next offer."""
    result = analysis.analyze_stored_negotiation(
        accord.store.unit_of_work(), accord.clock.now(), negotiation_id
    )
    pricer = package_money.market_pricer(accord.store.unit_of_work(), negotiation_id, accord.market)
    return AnalysisPublic.of(result.result, result.situation, pricer)


@router.get(
    "/negotiations/{negotiation_id}/export",
    response_class=Response,
    responses={200: {"content": {"application/json": {}},
                     "description": "The lossless JSON archive of `accord export`."}},
)  # fmt: skip
def export_negotiation(accord: AccordDep, negotiation_id: NegotiationId) -> Response:
    """One negotiation with its organisations and contacts, as an archive to import."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "archive.json"
        transfer.export_archive(
            accord.store.unit_of_work(), accord.archives, accord.clock.now(), path, negotiation_id
        )
        content = path.read_bytes()
    return Response(
        content,
        media_type="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="negotiation-{negotiation_id}.json"'
        },
    )
