"""Reading the audit trail: lists, a negotiation's history, and verifying the chain.

The trail itself is written by the unit of work at commit (see ``audit_ports.py``);
these use cases only read it. :func:`describe` words an entry for people, once, for
the CLI, the API and the history page alike.

Example::

    report = verify_audit(accord.store.unit_of_work())
    if not report.ok:
        print(report.broken.entry_id, report.broken.reason)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from accord.domain.audit import AuditAction, AuditEntry, ChainReport, check_filter_text, walk
from accord.services.audit_ports import AuditQuery
from accord.services.ports import UnitOfWork

__all__ = [
    "AuditPage",
    "AuditView",
    "audit_entries",
    "describe",
    "negotiation_history",
    "verify_audit",
]

_LABELS = {
    "api_token": "API token",
    "sign_in_link": "sign-in link for user",
    "sign_in_identity": "single sign-on identity for user",
    "remittance_payment": "remittance payment",
    "remittance_file": "remittance file",
    "stage_change": "stage change",
    "leverage_factor": "leverage factor",
    "underpayment_line": "underpaid line",
    "underpayment_group": "underpayments worklist row",
    "code_labels": "remittance code labels",
    "document_letterhead": "letterhead",
    "document_template": "document template",
}


@dataclass(frozen=True, slots=True)
class AuditView:
    """One entry as people read it: the row, its values parsed, and a sentence."""

    entry: AuditEntry
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    summary: str


@dataclass(frozen=True, slots=True)
class AuditPage:
    total: int
    entries: list[AuditView]


def _parsed(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError:  # an edited row; verify names it, the list still shows it
        return {"unreadable": text[:200]}
    return value if isinstance(value, dict) else {"value": value}


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:59] + "…"


def _changed(key: str, old: Any, new: Any) -> str:
    name = key.replace("_", " ")
    old_text, new_text = _short(old), _short(new)
    if old_text == new_text:  # free text, recorded by its size only, edited in place
        return f"{name} edited"
    return f"{name} {old_text} → {new_text}"


def describe(entry: AuditEntry) -> str:
    """One plain sentence: ``changed negotiation 4: stage preparing → bargaining``."""
    what = f"{_LABELS.get(entry.entity, entry.entity.replace('_', ' '))} {entry.entity_id}"
    before, after = _parsed(entry.before) or {}, _parsed(entry.after) or {}
    if entry.action == AuditAction.UPDATE:
        changes = "; ".join(_changed(key, before.get(key), after.get(key)) for key in sorted(after))
        return f"changed {what}: {changes}" if changes else f"changed {what}"
    if entry.action == AuditAction.READ:
        if entry.entity == "document":
            return f"made the {entry.entity_id} document ({after.get('format', '?')})"
        return f"opened {what}"
    verbs = {AuditAction.CREATE: "added", AuditAction.DELETE: "removed",
             AuditAction.IMPORT: "imported"}  # fmt: skip
    verb = verbs.get(entry.action, str(entry.action))
    named = (after or before).get("title") or (after or before).get("name")
    return f"{verb} {what}" + (f" ({_short(named)})" if isinstance(named, str) else "")


def _view(entry: AuditEntry) -> AuditView:
    return AuditView(entry, _parsed(entry.before), _parsed(entry.after), describe(entry))


def audit_entries(uow: UnitOfWork, query: AuditQuery) -> AuditPage:
    """The entries matching ``query``, newest first, with how many match in all."""
    check_filter_text(query.entity, field="entity")
    check_filter_text(query.entity_id, field="entity_id")
    with uow:
        total, entries = uow.audit.entries(query)
    return AuditPage(total, [_view(e) for e in entries])


def negotiation_history(
    uow: UnitOfWork, negotiation_id: int, *, offset: int = 0, limit: int = 100
) -> AuditPage:
    """What happened to one negotiation and everything in it, newest first.

    For a user scoped to some organisations, another organisation's negotiation is not
    found (as its page is), rather than an empty history."""
    with uow:
        if not uow.scope.everything:
            uow.negotiations.get(negotiation_id)
    query = AuditQuery(negotiation_id=negotiation_id, offset=offset, limit=limit)
    return audit_entries(uow, query)


def verify_audit(uow: UnitOfWork) -> ChainReport:
    """Walk the whole chain, oldest first; the report names the first bad row."""
    with uow:
        return walk(uow.audit.in_order())
