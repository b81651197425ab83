"""``/api/audit``: the audit trail, a negotiation's history, and the chain's check."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from accord.domain.validation import check_datetime_in_range
from accord.entrypoints.http.deps import AccordDep, NegotiationId, Offset
from accord.entrypoints.http.schemas.audit import AuditPagePublic, AuditVerifyPublic
from accord.entrypoints.http.schemas.common import MAX_ID, NO_NUL
from accord.services import audit
from accord.services.audit_ports import AuditQuery

__all__ = ["router"]

router = APIRouter(tags=["audit"])

Limit = Annotated[int, Query(ge=1, le=1000, description="How many entries, newest first.")]


@router.get("/audit")
def audit_trail(
    accord: AccordDep,
    negotiation: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    entity: Annotated[
        str | None,
        Query(
            max_length=40, pattern=NO_NUL, description="negotiation, offer, contract, document, …"
        ),
    ] = None,
    entity_id: Annotated[str | None, Query(max_length=80, pattern=NO_NUL)] = None,
    since: Annotated[
        datetime | None, Query(description="From this time on; without a zone, UTC.")
    ] = None,
    offset: Offset = 0,
    limit: Limit = 100,
) -> AuditPagePublic:
    """Who changed or read what, when and from where; newest first."""
    query = AuditQuery(
        negotiation_id=negotiation, entity=entity, entity_id=entity_id,
        since=None if since is None else check_datetime_in_range(since, field="since"),
        offset=offset, limit=limit,
    )  # fmt: skip
    return AuditPagePublic.of(audit.audit_entries(accord.store.unit_of_work(), query))


@router.get("/audit/verify")
def verify_audit(accord: AccordDep) -> AuditVerifyPublic:
    """Walk the hash chain; ``ok`` is false with the first bad row when it is broken."""
    return AuditVerifyPublic.of(audit.verify_audit(accord.store.unit_of_work()))


@router.get("/negotiations/{negotiation_id}/audit")
def negotiation_history(
    accord: AccordDep, negotiation_id: NegotiationId, offset: Offset = 0, limit: Limit = 100
) -> AuditPagePublic:
    """The history of one negotiation and everything in it, newest first."""
    page = audit.negotiation_history(
        accord.store.unit_of_work(), negotiation_id, offset=offset, limit=limit
    )
    return AuditPagePublic.of(page)
