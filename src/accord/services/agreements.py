"""Use case: record the agreement that closes a negotiation, with its figures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal

from accord.domain.agreements import (
    Agreement,
    RateChange,
    SoftSaving,
    episode_cost,
    rate_changes_from_terms,
)
from accord.domain.offers import check_package
from accord.domain.terms import TermKind, TermValue
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
    rate_bases: Mapping[str, tuple[Decimal, int]] | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> Agreement:
    """Record the agreement; without explicit final terms, the terms agreed so far count.

    From any open stage, recording it moves the negotiation to agreed (in the history).
    A case-management agreement without an actual cost gets per diem × days from its
    terms; ``rate_bases`` (term → current rate, yearly volume) turns agreed rate terms
    into rate changes, and without it (nor ``rate_changes``) each rate term's own current
    rate and yearly volume do.
    """
    with uow:
        negotiation = editable(uow, negotiation_id, expected_version)
        terms = dict(final_terms) if final_terms else dict(negotiation.agreed_terms())
        checked = check_package(negotiation.terms, terms) if terms else terms
        if actual_cost is None and negotiation.kind.is_case_management:
            actual_cost = episode_cost(negotiation.terms, checked)
        if rate_bases is None and not rate_changes:
            # The terms know today's rate and yearly volume: nothing to type twice.
            rate_bases = {
                t.name: (Decimal(str(t.current)), t.yearly_volume)
                for t in negotiation.terms
                if t.kind is TermKind.RATE_PER_UNIT and t.name in checked
                and t.current is not None and t.yearly_volume is not None
            }  # fmt: skip
        if rate_bases:
            rate_changes = [
                *rate_changes,
                *rate_changes_from_terms(negotiation.terms, checked, rate_bases),
            ]
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
