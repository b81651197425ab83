"""Audit trail payloads: one entry, a page of them, and the chain's verification."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from accord.domain.audit import ChainReport
from accord.services.audit import AuditPage, AuditView

__all__ = ["AuditEntryPublic", "AuditPagePublic", "AuditVerifyPublic"]


class AuditEntryPublic(BaseModel):
    id: int
    at: datetime
    user_id: int | None = Field(description="The signed-in user; null for the local owner.")
    user_name: str
    role: str
    request_id: str | None = Field(description="The request's X-Request-ID; null from the CLI.")
    address: str = Field(description="The client's address, or `cli`.")
    action: str = Field(description="create, update, delete, import or read.")
    entity: str
    entity_id: str
    negotiation_id: int | None
    before: dict[str, Any] | None = Field(
        description="Changed values before (free text by its length only)."
    )
    after: dict[str, Any] | None
    summary: str = Field(description="The entry in one plain sentence.")
    hash: str = Field(description="SHA-256 over the previous row's hash and this row.")

    @classmethod
    def of(cls, view: AuditView) -> AuditEntryPublic:
        e = view.entry
        return cls(
            id=e.id, at=e.at, user_id=e.user_id, user_name=e.user_name, role=e.role,
            request_id=e.request_id, address=e.address, action=str(e.action),
            entity=e.entity, entity_id=e.entity_id, negotiation_id=e.negotiation_id,
            before=view.before, after=view.after, summary=view.summary, hash=e.hash,
        )  # fmt: skip


class AuditPagePublic(BaseModel):
    total: int
    entries: list[AuditEntryPublic]

    @classmethod
    def of(cls, page: AuditPage) -> AuditPagePublic:
        return cls(total=page.total, entries=[AuditEntryPublic.of(v) for v in page.entries])


class AuditVerifyPublic(BaseModel):
    ok: bool
    entries: int = Field(description="Rows checked (up to and including a bad one).")
    head: str = Field(description="The hash of the last good row; note it elsewhere.")
    bad_row: int | None = Field(description="The first row that does not verify.")
    reason: str | None

    @classmethod
    def of(cls, report: ChainReport) -> AuditVerifyPublic:
        broken = report.broken
        return cls(
            ok=report.ok, entries=report.entries, head=report.head,
            bad_row=broken.entry_id if broken else None, reason=broken.reason if broken else None,
        )  # fmt: skip
