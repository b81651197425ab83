"""The practice-economics roll-ups of one organisation scope, computed from its lines.

The stored roll-ups (``economics_daily``, ``_waits``, ``_denials``, ``_underpaid``) sum
every practice's lines. A user scoped to some organisations reads instead the same
roll-up computed on the fly from the lines of their own remittance payments (paid to one
of their organisations' TIN or NPI): the same columns under the same name, so the
scorecard's and the worklist's queries run unchanged over either. The owner's and the
laptop's reads keep using the stored roll-ups.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from accord.adapters.store.scoping import payment_conditions, scope_of
from accord.adapters.store.tables import economics_lines as _L
from accord.adapters.store.tables import remittance_claims, remittance_payments

__all__ = ["RollupSource", "owned_lines", "rollup_of_scope"]

RollupSource = tuple[sa.Select[Any], Sequence[sa.ColumnElement[Any]], Sequence[str]]
"""How a roll-up table is computed from the lines: its select, the grouping beyond
(payer, day), and the table's column names in the select's order."""


def owned_lines(session: Session) -> list[sa.ColumnElement[bool]]:
    """Conditions keeping the economics lines of the payments in the actor's scope."""
    if scope_of(session).everything:
        return []
    c, p = remittance_claims, remittance_payments
    claims = sa.select(c.c.id).join(p, p.c.id == c.c.payment_id).where(*payment_conditions(session))
    return [_L.c.claim_id.in_(claims)]


def rollup_of_scope(session: Session, table: sa.Table, source: RollupSource) -> sa.FromClause:
    """``table``, or for a scoped actor the same roll-up of their own lines."""
    owned = owned_lines(session)
    if not owned:
        return table
    select, group, columns = source
    grouped = select.where(*owned).group_by(_L.c.payer, _L.c.day, *group).subquery()
    named = [column.label(name) for column, name in zip(grouped.c, columns, strict=True)]
    return sa.select(*named).subquery(table.name)
