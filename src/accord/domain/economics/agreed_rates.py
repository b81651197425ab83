"""New fee-schedule rates from an agreed rate negotiation's final terms.

A term becomes a rate when it names a billing code, was agreed (its status ``agreed``,
or the negotiation reached the agreed stage) and is a rate per unit (dollars), a % of
Medicare (of the year the new rates start) or a % of billed charges. Example::

    >>> from accord.domain.terms import Term, TermKind, TermStatus
    >>> t = Term("97110 rate", TermKind.RATE_PER_UNIT, billing_code="97110",
    ...          status=TermStatus.AGREED, agreed_value=34.5)
    >>> [e.describe() for e in agreed_rates([t], medicare_year=2027)]
    ['$34.50 per unit']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from decimal import Decimal

from accord.domain.economics.contracts import Contract
from accord.domain.economics.fee_schedule import FeeScheduleEntry, RateBasis
from accord.domain.terms import Term, TermKind, TermStatus, TermValue
from accord.errors import ValidationError

__all__ = ["agreed_rates", "offered_rates", "with_rates"]

_BASES = {
    TermKind.RATE_PER_UNIT: RateBasis.AMOUNT,
    TermKind.PCT_MEDICARE: RateBasis.PERCENT_OF_MEDICARE,
    TermKind.PCT_BILLED: RateBasis.PERCENT_OF_CHARGES,
}


def agreed_rates(
    terms: Iterable[Term], *, medicare_year: int, negotiation_agreed: bool = False
) -> list[FeeScheduleEntry]:
    """The fee-schedule rates of the agreed, coded rate terms (one per code).

    When the whole negotiation reached the agreed stage, every coded rate term with an
    agreed value counts, whatever its own status.
    """
    found: dict[str, FeeScheduleEntry] = {}
    for term in terms:
        basis = _BASES.get(term.kind)
        value = term.agreed_value
        agreed = negotiation_agreed or term.status is TermStatus.AGREED
        if basis is None or not term.billing_code or not agreed:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        entry = FeeScheduleEntry(
            term.billing_code, "", "", basis, Decimal(str(value)).quantize(Decimal("0.001")),
            medicare_year if basis is RateBasis.PERCENT_OF_MEDICARE else None,
        )  # fmt: skip
        if entry.code in found:
            raise ValidationError(f"two agreed rate terms for {entry.code}", field="terms")
        found[entry.code] = entry
    if not found:
        raise ValidationError(
            "expected at least one agreed rate term with a billing code "
            "(rate per unit, % of Medicare or % of billed charges)",
            field="terms",
        )
    return list(found.values())


def offered_rates(
    terms: Iterable[Term], values: Mapping[str, TermValue], *, medicare_year: int
) -> list[FeeScheduleEntry]:
    """The fee-schedule rates an offer's values give to the coded rate terms (may be none)."""
    found = []
    for term in terms:
        basis = _BASES.get(term.kind)
        value = values.get(term.name)
        if basis is None or not term.billing_code or value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        found.append(
            FeeScheduleEntry(
                term.billing_code,
                "",
                "",
                basis,
                Decimal(str(value)).quantize(Decimal("0.001")),
                medicare_year if basis is RateBasis.PERCENT_OF_MEDICARE else None,
            )
        )
    return found


def with_rates(contract: Contract, rates: Iterable[FeeScheduleEntry]) -> Contract:
    """The contract with ``rates`` replacing those of the same code × modifier × place."""
    new = {e.key: e for e in rates}
    kept = tuple(new.pop(e.key, e) for e in contract.entries)
    return replace(contract, entries=kept + tuple(new.values()))
