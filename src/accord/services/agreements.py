"""Use case: record the agreement that closes a negotiation, with its figures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal

from accord.domain.agreements import Agreement, RateChange, SoftSaving
from accord.domain.terms import TermValue
from accord.services.editing import editable, edits
from accord.services.ports import UnitOfWork

__all__ = ["record_agreement"]


@edits
def record_agreement(
    uow: UnitOfWork,
    now: datetime,
    negotiation_id: int,
    *,
    final_terms: Mapping[str, TermValue] | None = None,
    effective: date,
    expires: date | None = None,
    potential_cost: Decimal | None = None,
    actual_cost: Decimal | None = None,
    case_management_cost: Decimal = Decimal("0"),
    soft_savings: Sequence[SoftSaving] = (),
    rate_changes: Sequence[RateChange] = (),
    note: str = "",
    expected_version: int | None = None,
) -> Agreement:
    """Record the agreement; without explicit final terms, the terms agreed so far count."""
    with uow:
        negotiation = editable(uow, negotiation_id, expected_version)
        terms = dict(final_terms) if final_terms else dict(negotiation.agreed_terms())
        agreement = Agreement(
            final_terms=terms,
            effective=effective,
            expires=expires,
            potential_cost=potential_cost,
            actual_cost=actual_cost,
            case_management_cost=case_management_cost,
            soft_savings=list(soft_savings),
            rate_changes=list(rate_changes),
            note=note,
        )
        negotiation.record_agreement(agreement, now)
        negotiation.touch(now)
        uow.commit()
        return agreement
