"""Organisation scope in SQL: the conditions every record query adds for its actor.

The unit of work resolves the acting user's :class:`~accord.domain.scope.Scope` when it
opens (one query, and only for a user who may be scoped) and keeps it in the session's
``info``; each query of the record asks here for its conditions. With
:data:`~accord.domain.scope.EVERYTHING` (a laptop, an owner, a user with no
organisations chosen) every function returns no condition, so the queries are the ones
they always were.

Ownership: a negotiation belongs to its own side (``our_org_id``); a contract to the
organisation whose TIN or NPI it carries; a remittance payment to the organisation
whose TIN or NPI is its payee id.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from accord.adapters.store import tables as t
from accord.adapters.store.tables import audit_log
from accord.domain.scope import EVERYTHING, Scope

__all__ = [
    "SCOPE_KEY",
    "audit_conditions",
    "child_conditions",
    "contract_conditions",
    "in_scope_negotiation_ids",
    "negotiation_conditions",
    "payment_conditions",
    "scope_of",
]

SCOPE_KEY = "accord_scope"

Conditions = list[sa.ColumnElement[bool]]


def scope_of(session: Session) -> Scope:
    """The scope the unit of work resolved for this session (everything if none)."""
    found = session.info.get(SCOPE_KEY, EVERYTHING)
    return found if isinstance(found, Scope) else EVERYTHING


def _ids(scope: Scope) -> list[int]:
    return sorted(scope.organisations or ())


def negotiation_conditions(
    session: Session, column: sa.ColumnElement[int] | None = None
) -> Conditions:
    """Conditions keeping the negotiations whose ``our_org_id`` (or ``column``) is in scope."""
    scope = scope_of(session)
    if scope.everything:
        return []
    owner = t.negotiations.c.our_org_id if column is None else column
    return [owner.in_(_ids(scope))]


def in_scope_negotiation_ids(session: Session) -> sa.Select[tuple[int]]:
    """A subquery of the ids of the negotiations in scope (for child tables)."""
    n = t.negotiations
    return sa.select(n.c.id).where(*negotiation_conditions(session))


def child_conditions(session: Session, negotiation_id: sa.ColumnElement[int | None]) -> Conditions:
    """Conditions keeping the rows of a negotiation's child table (interactions, offers,
    audit entries) whose negotiation is in scope."""
    if scope_of(session).everything:
        return []
    return [negotiation_id.in_(in_scope_negotiation_ids(session))]


def _identifiers(scope: Scope) -> sa.Select[tuple[str | None]]:
    """The TINs and NPIs of the organisations in scope (what contracts and payments carry)."""
    o = t.organisations
    chosen = _ids(scope)
    # An organisation's TIN is kept as 12-3456789; contracts and 835 payee ids carry digits.
    digits = sa.func.replace(o.c.tin, "-", "")
    tins = sa.select(digits.label("identifier")).where(o.c.id.in_(chosen), o.c.tin.is_not(None))
    npis = sa.select(o.c.npi.label("identifier")).where(o.c.id.in_(chosen), o.c.npi.is_not(None))
    return sa.select(sa.union(tins, npis).subquery().c.identifier)


def contract_conditions(session: Session) -> Conditions:
    """Conditions keeping the contracts whose TIN or NPI is an organisation in scope."""
    scope = scope_of(session)
    if scope.everything:
        return []
    c = t.contracts
    known = _identifiers(scope)
    return [sa.or_(sa.and_(c.c.tin != "", c.c.tin.in_(known)),
                   sa.and_(c.c.npi != "", c.c.npi.in_(known)))]  # fmt: skip


def payment_conditions(session: Session) -> Conditions:
    """Conditions keeping the remittance payments paid to an organisation in scope."""
    scope = scope_of(session)
    if scope.everything:
        return []
    p = t.remittance_payments
    return [sa.and_(p.c.payee_id.is_not(None), p.c.payee_id.in_(_identifiers(scope)))]


def audit_conditions(session: Session) -> Conditions:
    """Conditions keeping the audit entries a scoped actor may search: those of the
    negotiations in scope (entries of contracts, remittances, settings and users are
    for those who see everything)."""
    if scope_of(session).everything:
        return []
    return [
        *child_conditions(session, audit_log.c.negotiation_id),
        audit_log.c.negotiation_id.is_not(None),
    ]
