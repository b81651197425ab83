"""The rate-increase proposal letter, in the order payers read one, with its exhibits.

Who we are and our volume → our place in their network → what sets us apart → why the
current rates fail → exactly what we ask → when we need an answer; then exhibits: a
chart per code, % of Medicare, the revenue effect, leverage and allies.

The letter goes to the other side, so it states only what we ask: never our target,
walk-away or internal checklist notes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

from accord.domain.document_wording import Wording
from accord.domain.documents import (
    Block,
    Document,
    DocumentKind,
    Figure,
    Paragraph,
    Section,
    SignatureBlock,
    Signatures,
    Table,
)
from accord.domain.leverage import LeverageKind
from accord.domain.negotiation import Negotiation
from accord.domain.offers import Side
from accord.domain.organisations import Contact, Organisation
from accord.domain.terms import Term
from accord.services.chart_ports import Charts
from accord.services.document_parts import (
    address_line,
    dollars,
    filled_clauses,
    letterhead,
    long_date,
    placeholder_values,
    position,
    table_or,
    template_metadata,
    term_label,
)
from accord.services.ports import UnitOfWork

__all__ = ["CodeRates", "proposal_letter"]


class CodeRates:
    """One billing code's figures as the record knows them (None where it does not)."""

    def __init__(self, negotiation: Negotiation, term: Term) -> None:
        code = term.billing_code or term.name
        self.code = code
        value, _ = position(negotiation, term)
        self.proposed = float(value) if isinstance(value, float | int) else None
        theirs = negotiation.latest_offer(Side.THEIRS)
        offered = theirs.values.get(term.name) if theirs is not None else None
        self.their_offer = float(offered) if isinstance(offered, float | int) else None
        self.current: float | None = None
        self.volume: int | None = None
        if negotiation.agreement is not None:
            for change in negotiation.agreement.rate_changes:
                if change.code == code:
                    self.current = float(change.current_rate)
                    self.volume = change.yearly_volume
        self.medicare: float | None = None
        self.market: list[tuple[str, float]] = []
        for price in negotiation.checklist.competitor_prices:
            if price.billing_code != code:
                continue
            text = f"{price.description} {price.source}".lower()
            if "medicare" in text:
                self.medicare = price.amount
            elif "current" in text and self.current is None:
                self.current = price.amount
            else:
                self.market.append((price.description, price.amount))

    def pct_medicare(self, amount: float | None) -> str:
        if amount is None or not self.medicare:
            return "—"
        return f"{amount / self.medicare * 100:.0f}%"


def proposal_letter(
    uow: UnitOfWork, wording: Wording, charts: Charts, now: datetime, negotiation_id: int
) -> Document:
    """The proposal letter with exhibits for a negotiation's coded rates."""
    with uow:
        negotiation = uow.negotiations.get(negotiation_id)
        ours = uow.organisations.get(negotiation.our_org_id)
        them = uow.organisations.get(negotiation.counterparty_id)
        contacts = list(uow.contacts.list(negotiation.counterparty_id))
    values = placeholder_values(negotiation, ours, them, now, wording)
    wording.check(values)
    rates = [CodeRates(negotiation, t) for t in negotiation.terms if t.billing_code]
    recipient = _recipient(negotiation, contacts)
    opening: list[Block] = [Paragraph(long_date(now))]
    if recipient is not None:
        opening.append(Paragraph(f"{recipient.name}, {recipient.title}".strip(", ")))
    opening += [Paragraph(them.name), Paragraph(f"Re: {negotiation.title}", bold=True)]
    opening += _nonempty(wording.clause("introduction", values))
    who = [
        *_nonempty(wording.clause("who_we_are", values)),
        *_leverage(negotiation, LeverageKind.VOLUME),
    ]
    if ours.county or ours.state:
        who.append(Paragraph(f"We serve patients in {address_line(ours)}."))
    why: list[Block] = []
    if negotiation.problem_statement:
        why.append(Paragraph(negotiation.problem_statement))
    why += _nonempty(wording.clause("why_rates_fail", values))
    when = _when(negotiation, ours, wording, values)
    place = _leverage(negotiation, LeverageKind.NETWORK_GAP) + _leverage(
        negotiation, LeverageKind.SPECIAL_SERVICE
    )
    sections = [
        Section("", opening),
        Section("Who we are", who or [Paragraph(ours.name)]),
        Section("Our place in your network", place or [Paragraph("—")]),
        Section(
            "What sets us apart",
            _leverage(negotiation, LeverageKind.OUTCOMES) or [Paragraph("—")],
        ),
        Section("Why the current rates no longer work", why or [Paragraph("—")]),
        Section("What we ask", _ask(negotiation, rates)),
        Section("When we need an answer", when),
        *_exhibits(negotiation, rates, charts),
    ]
    return Document(
        DocumentKind.PROPOSAL,
        f"Proposal: rates for {ours.name}",
        letterhead=letterhead(ours, wording),
        subtitle=f"To {them.name}",
        sections=sections,
        footer=f"{ours.name} · proposal to {them.name}",
        metadata=template_metadata(values, wording),
        clauses=filled_clauses(wording, values),
    )


def _when(
    negotiation: Negotiation, ours: Organisation, wording: Wording, values: Mapping[str, str]
) -> list[Block]:
    """When we need an answer, the closing and our signature."""
    return [
        Paragraph(f"We ask for your answer by {long_date(negotiation.deadline)}.")
        if negotiation.deadline
        else Paragraph("We ask for your answer within 30 days of this letter."),
        *_nonempty(wording.clause("answer", values)),
        Paragraph(wording.clause("closing", values) or "Sincerely,"),
        Signatures((SignatureBlock(ours.name, values["signer"], wording.signer_title),)),
    ]


def _leverage(negotiation: Negotiation, kind: LeverageKind) -> list[Block]:
    """The leverage factors of one kind, each with its evidence."""
    return [
        Paragraph(f.description + (f" ({f.evidence})" if f.evidence else ""))
        for f in negotiation.leverage
        if f.kind is kind
    ]


def _ask(negotiation: Negotiation, rates: list[CodeRates]) -> list[Block]:
    """What we ask: the proposed rate per code (change, % of Medicare), other terms."""
    ask_rows = tuple(
        (
            r.code,
            dollars(r.current),
            dollars(r.proposed),
            _change(r.current, r.proposed),
            r.pct_medicare(r.proposed),
        )
        for r in rates
    )
    ask: list[Block] = [
        table_or(
            Table(
                ("Code", "Current rate", "Proposed rate", "Change", "% of Medicare"),
                ask_rows,
                caption="Proposed rates",
                numeric=frozenset({1, 2, 3, 4}),
            ),
            "No coded rates are recorded yet.",
        )
    ]
    other_terms = [t for t in negotiation.terms if not t.billing_code]
    if other_terms:
        ask.append(
            Table(
                ("Term", "Proposed"),
                tuple((term_label(t), t.format(position(negotiation, t)[0])) for t in other_terms),
                caption="Other terms",
            )
        )
    return ask


def _exhibits(negotiation: Negotiation, rates: list[CodeRates], charts: Charts) -> list[Section]:
    """Exhibits A to D: rate charts, % of Medicare, revenue effect, leverage and allies."""
    medicare = Table(
        ("Code", "Medicare", "Current", "% of Medicare", "Proposed", "% of Medicare "),
        tuple(
            (
                r.code,
                dollars(r.medicare),
                dollars(r.current),
                r.pct_medicare(r.current),
                dollars(r.proposed),
                r.pct_medicare(r.proposed),
            )
            for r in rates
        ),
        caption="Rates as a percentage of Medicare",
        numeric=frozenset({1, 2, 3, 4, 5}),
    )
    allies = Table(
        ("Ally", "Kind", "Support"),
        tuple((a.name, a.kind.value.replace("_", " "), a.role) for a in negotiation.allies),
        caption="Letters and support",
    )
    lever = Table(
        ("Leverage", "Evidence"),
        tuple((f.description, f.evidence) for f in negotiation.leverage),
        caption="Leverage",
    )
    figures = _rate_figures(rates, charts)
    return [
        Section("Exhibit A: rates by code", figures or [Paragraph("No rates recorded.")],
                page_break_before=True),
        Section("Exhibit B: percentage of Medicare", [table_or(medicare, "No coded rates.")]),
        Section("Exhibit C: revenue effect", _revenue(rates)),
        Section(
            "Exhibit D: leverage and allies",
            [table_or(lever, "No leverage recorded."), table_or(allies, "No allies recorded.")],
        ),
    ]  # fmt: skip


def _rate_figures(rates: list[CodeRates], charts: Charts) -> list[Block]:
    """One bar chart per code: proposed, current, their latest offer, Medicare, market."""
    figures: list[Block] = []
    for r in rates:
        bars = [
            (label, amount)
            for label, amount in (
                ("Proposed", r.proposed),
                ("Current", r.current),
                ("Your latest offer", r.their_offer),
                ("Medicare", r.medicare),
            )
            if amount is not None
        ]
        bars += r.market
        if bars:
            figures.append(
                Figure(charts.price_bars_svg(f"{r.code}: rates", bars), f"Rates for {r.code}")
            )
    return figures


def _revenue(rates: list[CodeRates]) -> list[Block]:
    """The yearly revenue effect per code (proposed − current) × yearly units, and total."""
    revenue_rows = []
    total = Decimal("0")
    for r in rates:
        if r.volume is None or r.current is None or r.proposed is None:
            continue
        effect = (Decimal(str(r.proposed)) - Decimal(str(r.current))) * r.volume
        total += effect
        revenue_rows.append((r.code, f"{r.volume:,}", dollars(r.current), dollars(r.proposed),
                             dollars(effect)))  # fmt: skip
    if not revenue_rows:
        return [Paragraph("Yearly volumes by code are not recorded yet.")]
    revenue_rows.append(("Total", "", "", "", dollars(total)))
    return [
        Table(
            ("Code", "Yearly units", "Current", "Proposed", "Yearly effect"),
            tuple(revenue_rows),
            caption="Revenue effect",
            numeric=frozenset({1, 2, 3, 4}),
        )
    ]


def _recipient(negotiation: Negotiation, contacts: list[Contact]) -> Contact | None:
    linked = [c for c in contacts if c.id in negotiation.contact_ids]
    deciders = [c for c in linked or contacts if c.is_decision_maker]
    chosen = deciders or linked
    return chosen[0] if chosen else None


def _change(current: float | None, proposed: float | None) -> str:
    if current is None or proposed is None or current == 0:
        return "—"
    return f"{(proposed - current) / current * 100:+.1f}%"


def _nonempty(text: str) -> list[Block]:
    return [Paragraph(text)] if text else []
