"""Whether a term has a Medicare figure, and when it has none, why, in plain words.

Accord's Medicare figure is the Physician Fee Schedule amount of a billing code (RVUs ×
GPCIs × conversion factor). A per diem has no such code: Medicare pays a skilled nursing
stay by the patient's case mix (SNF PDPM), an inpatient stay by DRG, so there is no one
Medicare number to put beside a facility's daily rate. Accord says so rather than show a
blank, and wires no other reference: the case's own potential cost and the competitor
prices recorded in the preparation are the figures to weigh a per diem against::

    >>> from accord.domain.terms import Term, TermKind
    >>> medicare_note(Term("per_diem", TermKind.PER_DIEM))[:52]
    'Medicare figure: not applicable to a per diem (Medic'
    >>> medicare_note(Term("rate_97110", TermKind.RATE_PER_UNIT, billing_code="97110")) is None
    True
"""

from __future__ import annotations

from accord.domain.terms import Term, TermKind

__all__ = ["medicare_note"]

PER_DIEM_NOTE = (
    "Medicare figure: not applicable to a per diem (Medicare pays a skilled nursing or "
    "hospital stay by case mix, not from the physician fee schedule); weigh it against "
    "the potential cost and the competitor prices you record"
)
UNCODED_RATE_NOTE = (
    "Medicare figure: give this rate its billing code (CPT/HCPCS) to see Medicare's "
    "amount and its % of Medicare"
)


def medicare_note(term: Term) -> str | None:
    """Why ``term`` shows no Medicare figure, or ``None`` when it may have one (a coded
    rate) or when no money figure applies (days, visits, yes/no terms)."""
    if term.kind is TermKind.PER_DIEM:
        return PER_DIEM_NOTE
    if term.kind is TermKind.RATE_PER_UNIT and not (term.billing_code or "").strip():
        return UNCODED_RATE_NOTE
    return None
