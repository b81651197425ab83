"""Pieces every document shares: the letterhead, money and dates as people read them,
the values a template's placeholders may use, and the record's proposed terms."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal

from accord.domain.document_wording import Wording
from accord.domain.documents import Block, Letterhead, Paragraph, Table
from accord.domain.negotiation import Negotiation
from accord.domain.offers import Side
from accord.domain.organisations import Organisation
from accord.domain.terms import Term, TermKind, TermValue

__all__ = [
    "address_line",
    "dollars",
    "filled_clauses",
    "identifiers_line",
    "letterhead",
    "long_date",
    "placeholder_values",
    "position",
    "table_or",
    "template_metadata",
    "term_label",
    "values_by_code",
]


def dollars(amount: Decimal | float | None) -> str:
    """``$1,234.50``; a negative amount as ``−$12.00``; ``—`` when unknown."""
    if amount is None:
        return "—"
    value = Decimal(str(amount)).quantize(Decimal("0.01"))
    sign = "−" if value < 0 else ""
    return f"{sign}${abs(value):,.2f}"


def long_date(day: date | datetime | None) -> str:
    """``6 December 2026`` (unambiguous on either side of the Atlantic); ``—`` if unknown."""
    if day is None:
        return "—"
    return f"{day.day} {day:%B %Y}"


def address_line(org: Organisation) -> str:
    """County, state and ZIP as far as the record knows them."""
    county = f"{org.county} County" if org.county else ""
    place = ", ".join(p for p in (county, org.state or "") if p)
    return " ".join(p for p in (place, org.zip_code or "") if p)


def identifiers_line(org: Organisation) -> str:
    parts = [f"NPI {org.npi}" if org.npi else "", f"TIN {org.tin}" if org.tin else ""]
    return " · ".join(p for p in parts if p)


def letterhead(ours: Organisation, wording: Wording) -> Letterhead:
    """Our name, then the organisation's own letterhead lines (or what the record knows)."""
    lines = wording.letterhead_lines or tuple(
        line for line in (address_line(ours), identifiers_line(ours)) if line
    )
    return Letterhead(wording.organisation_name or ours.name, lines, wording.logo)


def position(negotiation: Negotiation, term: Term) -> tuple[TermValue | None, str]:
    """The value a document states for ``term`` and where it comes from.

    Agreed values first; otherwise our latest offer; otherwise our opening.
    """
    if negotiation.agreement is not None and term.name in negotiation.agreement.final_terms:
        return negotiation.agreement.final_terms[term.name], "agreed"
    if term.agreed_value is not None:
        return term.agreed_value, "agreed"
    ours = negotiation.latest_offer(Side.OURS)
    if ours is not None and term.name in ours.values:
        return ours.values[term.name], "proposed"
    return term.opening, "proposed"


def placeholder_values(
    negotiation: Negotiation,
    ours: Organisation,
    counterparty: Organisation,
    now: datetime,
    wording: Wording,
) -> dict[str, str]:
    """What a clause may say with ``{placeholders}``: the same names in every document."""
    payment_days = _first_of_kind(negotiation, TermKind.PAYMENT_DAYS)
    lead = next((m.name for m in negotiation.team if m.role.value == "lead"), "")
    return {
        "organisation": ours.name,
        "counterparty": counterparty.name,
        "title": negotiation.title,
        "today": long_date(now),
        "deadline": long_date(negotiation.deadline),
        "signer": wording.signer_name or lead,
        "patient_ref": negotiation.patient_ref or "—",
        "payment_days": f"{payment_days:g}" if payment_days is not None else "30",
        "kind": negotiation.kind.label,
    }


def filled_clauses(wording: Wording, values: Mapping[str, str]) -> dict[str, str]:
    """Every clause of ``wording`` filled from ``values``, for a .docx template's
    ``clauses``; call after ``wording.check(values)``."""
    return {key: wording.clause(key, values) for key in wording.clauses}


def template_metadata(values: Mapping[str, str], wording: Wording) -> dict[str, str]:
    """The placeholder values a document carries for a .docx template."""
    return {**values, "signer_title": wording.signer_title}


def _first_of_kind(negotiation: Negotiation, kind: TermKind) -> float | None:
    for term in negotiation.terms:
        if term.kind is kind:
            value, _ = position(negotiation, term)
            if isinstance(value, float | int) and not isinstance(value, bool):
                return float(value)
    return None


def term_label(term: Term) -> str:
    """``97110 rate`` for a coded rate, ``length of stay`` for the rest."""
    if term.billing_code:
        return f"{term.billing_code} rate"
    return term.name.replace("_", " ")


def values_by_code(values: Mapping[str, TermValue], terms: list[Term]) -> dict[str, float]:
    """Coded rate terms' numeric values keyed by billing code."""
    out: dict[str, float] = {}
    for term in terms:
        value = values.get(term.name)
        if term.billing_code and isinstance(value, float | int) and not isinstance(value, bool):
            out[term.billing_code] = float(value)
    return out


def table_or(table: Table, empty: str) -> Block:
    """The table, or a sentence saying there is nothing to list (no header-only tables)."""
    return table if table.rows else Paragraph(empty)
