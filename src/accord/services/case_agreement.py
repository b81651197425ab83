"""The single case agreement (letter of agreement) for one patient, ready to sign.

Parties with identifiers, the patient reference (a name only when typed at export time,
never stored), services and codes, rate basis and amounts, days or visits authorised,
authorisation number, dates of service, billing, timely filing, payment terms, no
balance billing, term and termination, and both signature blocks. Before an agreement
is recorded the document is marked a draft and states our proposed values.
"""

from __future__ import annotations

from datetime import datetime

from accord.domain.agreements import Agreement
from accord.domain.document_wording import Wording
from accord.domain.documents import (
    Block,
    Document,
    DocumentKind,
    Paragraph,
    Section,
    SignatureBlock,
    Signatures,
    Table,
)
from accord.domain.negotiation import Negotiation
from accord.domain.organisations import Organisation
from accord.domain.terms import TermKind
from accord.errors import ValidationError
from accord.services.document_parts import (
    address_line,
    filled_clauses,
    identifiers_line,
    letterhead,
    long_date,
    placeholder_values,
    position,
    table_or,
    template_metadata,
    term_label,
)
from accord.services.ports import UnitOfWork

__all__ = ["case_agreement"]

_RATE_KINDS = {
    TermKind.PER_DIEM: "per diem",
    TermKind.RATE_PER_UNIT: "per unit / visit",
    TermKind.PCT_MEDICARE: "% of Medicare",
    TermKind.PCT_BILLED: "% of billed charges",
}
_AUTHORISED_KINDS = (TermKind.DAYS, TermKind.VISITS, TermKind.UNITS)
_CLAUSES = (
    ("billing", "Billing and claim submission"),
    ("timely_filing", "Timely filing"),
    ("payment", "Payment terms"),
    ("balance_billing", "No balance billing"),
    ("term", "Term and termination"),
)


def _parties(negotiation: Negotiation, ours: Organisation, them: Organisation) -> Table:
    """Who signs, as which party: a case manager buys, a practice provides."""
    return Table(
        ("Party", "Organisation", "Identifiers", "Location"),
        (
            (_party("Payer / purchaser", ours), _party("Provider", them))
            if negotiation.kind.is_case_management
            else (_party("Provider", ours), _party("Payer", them))
        ),
    )


def case_agreement(
    uow: UnitOfWork,
    wording: Wording,
    now: datetime,
    negotiation_id: int,
    *,
    patient_name: str | None = None,
) -> Document:
    """The SCA of a negotiation; ``patient_name`` is printed here only, stored nowhere."""
    with uow:
        negotiation = uow.negotiations.get(negotiation_id)
        ours = uow.organisations.get(negotiation.our_org_id)
        them = uow.organisations.get(negotiation.counterparty_id)
    name = _patient_name(patient_name)
    values = placeholder_values(negotiation, ours, them, now, wording)
    wording.check(values)
    agreement = negotiation.agreement
    draft = agreement is None
    parties = _parties(negotiation, ours, them)
    patient: list[Block] = [
        Paragraph(f"Patient reference: {negotiation.patient_ref or '—'}"),
        *([Paragraph(f"Patient: {name}")] if name else []),
    ]
    covered = _covered(negotiation)
    dates = _dates(agreement)
    sections = [
        Section("", [Paragraph(long_date(now)), *_intro(wording, values, draft)]),
        Section("Parties", [parties]),
        Section("Patient", patient),
        Section("Services, codes and rates", covered),
        Section("Authorisation and dates of service", dates),
        *(
            Section(heading, [Paragraph(text)])
            for key, heading in _CLAUSES
            if (text := wording.clause(key, values))
        ),
    ]
    if agreement is not None and agreement.note:
        sections.append(Section("Notes", [Paragraph(agreement.note)]))
    signers = (
        SignatureBlock(ours.name, values["signer"], wording.signer_title),
        SignatureBlock(them.name),
    )
    sections.append(Section("Signatures", [Signatures(signers)]))
    return Document(
        DocumentKind.AGREEMENT,
        "Single case agreement" + (" (draft)" if draft else ""),
        letterhead=letterhead(ours, wording),
        subtitle=f"Between {ours.name} and {them.name}",
        sections=sections,
        footer=f"Single case agreement · patient reference {negotiation.patient_ref or '—'}",
        metadata=template_metadata(values, wording),
        clauses=filled_clauses(wording, values),
    )


def _covered(negotiation: Negotiation) -> list[Block]:
    """The rates (code, basis, amount, agreed or proposed), services included and the
    days, visits or units authorised."""
    rate_rows = []
    for term in (t for t in negotiation.terms if t.kind in _RATE_KINDS):
        value, source = position(negotiation, term)
        rate_rows.append(
            (term.billing_code or "—", term_label(term), _RATE_KINDS[term.kind],
             term.format(value), source)
        )  # fmt: skip
    services = [
        (term_label(t), t.format(position(negotiation, t)[0]))
        for t in negotiation.terms
        if t.kind is TermKind.SERVICE_INCLUDED or t.kind is TermKind.CATEGORICAL
    ]
    authorised = [
        (term_label(t), t.format(position(negotiation, t)[0]))
        for t in negotiation.terms
        if t.kind in _AUTHORISED_KINDS
    ]
    covered: list[Block] = [
        table_or(
            Table(
                ("Code", "Service", "Rate basis", "Amount", "Status"),
                tuple(rate_rows),
                caption="Rates",
                numeric=frozenset({3}),
            ),
            "Rates: to be agreed.",
        )
    ]
    if services:
        covered.append(Table(("Service", "Included"), tuple(services), caption="Services"))
    if authorised:
        covered.append(Table(("Authorised", "Amount"), tuple(authorised), caption="Authorised"))
    return covered


def _dates(agreement: Agreement | None) -> list[Block]:
    """The authorisation number's blank and the dates of service (blank in a draft)."""
    return [
        Paragraph("Authorisation number: ______________________"),
        Paragraph(
            f"Dates of service: {long_date(agreement.effective)} to "
            f"{long_date(agreement.expires) if agreement.expires else 'discharge'}"
            if agreement is not None
            else "Dates of service: from admission on ______________ to discharge"
        ),
    ]


def _patient_name(text: str | None) -> str:
    """The name typed at export time, checked: one printable line (never stored)."""
    name = (text or "").strip()
    if len(name) > 120 or any(not c.isprintable() for c in name):
        raise ValidationError("a patient name is one printable line", field="patient_name")
    return name


def _party(role: str, org: Organisation) -> tuple[str, str, str, str]:
    return (role, org.name, identifiers_line(org) or "—", address_line(org) or "—")


def _intro(wording: Wording, values: dict[str, str], draft: bool) -> list[Block]:
    out: list[Block] = []
    if draft:
        out.append(
            Paragraph(
                "DRAFT: no agreement is recorded yet; amounts marked 'proposed' are our "
                "proposal, not agreed terms.",
                bold=True,
            )
        )
    text = wording.clause("introduction", values)
    if text:
        out.append(Paragraph(text))
    return out
