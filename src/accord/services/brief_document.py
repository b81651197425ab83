"""The negotiation brief as a document to take into a meeting.

The same figures as the brief page (``prepare_brief``): where it stands, the goals, each
term with our plan and both sides' latest values, the people, the last offers, the
follow-ups and the warning signals. It is internal: it shows our walk-away.
"""

from __future__ import annotations

from datetime import datetime

from accord.domain.document_wording import Wording
from accord.domain.documents import Block, Document, DocumentKind, Paragraph, Section, Table
from accord.services.briefs import Brief, prepare_brief
from accord.services.document_parts import (
    filled_clauses,
    letterhead,
    long_date,
    placeholder_values,
    table_or,
    template_metadata,
    term_label,
)
from accord.services.ports import UnitOfWork

__all__ = ["brief_document"]


def brief_document(
    uow: UnitOfWork, wording: Wording, now: datetime, negotiation_id: int
) -> Document:
    """The brief of a negotiation as of ``now``."""
    brief = prepare_brief(uow, now, negotiation_id)
    n = brief.negotiation
    values = placeholder_values(n, brief.ours, brief.counterparty, now, wording)
    wording.check(values)
    goals: list[Block] = [Paragraph(f"Ours: {g}") for g in n.our_goals]
    goals += [Paragraph(f"Agreed with them: {g}") for g in n.agreed_goals]
    leverage: list[Block] = [
        Paragraph(f"{f.kind.value.replace('_', ' ')} ({f.strength}/5): {f.description}")
        for f in n.leverage
    ]
    leverage += [Paragraph(f"Ally: {a.name} — {a.role}") for a in n.allies]
    sections = [
        Section("Where it stands", _standing(brief, now)),
        Section("Goals", goals or [Paragraph("No goals recorded.")]),
        Section("Terms", [table_or(_terms(brief), "No terms recorded.")]),
        Section("Their people", [table_or(_people(brief), "No contacts recorded.")]),
        Section("Last offers", [table_or(_offers(brief), "No offers yet.")]),
        Section("Follow-ups", _follow_ups(brief)),
        Section(
            "Signals",
            [Paragraph(s.message) for s in brief.signals] or [Paragraph("No warning signals.")],
        ),
    ]
    if leverage:
        sections.append(Section("Leverage and allies", leverage))
    return Document(
        DocumentKind.BRIEF,
        f"Brief: {n.title}",
        letterhead=letterhead(brief.ours, wording),
        subtitle=f"As of {long_date(now)} · internal: shows our walk-away",
        sections=sections,
        footer=f"Negotiation brief · {n.title} · internal",
        metadata=template_metadata(values, wording),
        clauses=filled_clauses(wording, values),
    )


def _standing(brief: Brief, now: datetime) -> list[Block]:
    """Who, what kind, which stage, the deadline, preparation, the problem."""
    n = brief.negotiation
    days_left = brief.days_to_deadline
    standing: list[Block] = [
        Paragraph(f"With {brief.counterparty.name} · {n.kind.label} · stage: {n.stage.label}"),
        Paragraph(
            f"Deadline: {long_date(n.deadline)}"
            + (f" ({days_left} days)" if days_left is not None else "")
        ),
        Paragraph(f"Preparation: {brief.preparation:.0%} of the checklist answered"),
    ]
    if n.patient_ref:
        standing.append(Paragraph(f"Patient reference: {n.patient_ref}"))
    if n.problem_statement:
        standing.append(Paragraph(n.problem_statement))
    return standing


def _terms(brief: Brief) -> Table:
    """Each term: our plan and both sides' latest values."""
    ours_latest = brief.latest_ours.values if brief.latest_ours else {}
    theirs_latest = brief.latest_theirs.values if brief.latest_theirs else {}
    return Table(
        ("Term", "Opening", "Target", "Walk-away", "Our latest", "Their latest", "Status"),
        tuple(
            (
                term_label(t),
                t.format(t.opening),
                t.format(t.target),
                t.format(t.walk_away),
                t.format(ours_latest.get(t.name)),
                t.format(theirs_latest.get(t.name)),
                t.status.value,
            )
            for t in brief.negotiation.terms
        ),
        caption="Terms",
        numeric=frozenset({1, 2, 3, 4, 5}),
    )


def _people(brief: Brief) -> Table:
    """Their contacts with the days since we last spoke to each."""
    days = {r.contact.id: r.days for r in brief.recency}
    return Table(
        ("Contact", "Role", "Title", "Days since contact"),
        tuple(
            (
                c.name,
                c.role.value.replace("_", " "),
                c.title,
                "never" if days.get(c.id) is None else str(days.get(c.id)),
            )
            for c in brief.contacts
        ),
        caption="Their people",
    )


def _offers(brief: Brief) -> Table:
    """The last offers of both sides, each value formatted by its term."""
    terms = brief.negotiation.terms
    return Table(
        ("Date", "Side", "Values", "Note"),
        tuple(
            (
                long_date(o.at),
                o.side.value,
                "; ".join(
                    f"{term_label(t)} {t.format(o.values[t.name])}"
                    for t in terms
                    if t.name in o.values
                ),
                o.note,
            )
            for o in brief.last_offers
        ),
        caption="Last offers",
    )


def _follow_ups(brief: Brief) -> list[Block]:
    """Overdue and coming follow-ups, and how promptly each side answers."""
    follow: list[Block] = [
        Paragraph(f"Overdue since {long_date(i.follow_up_due)}: {i.summary}") for i in brief.overdue
    ]
    follow += [Paragraph(f"Due {long_date(i.follow_up_due)}: {i.summary}") for i in brief.upcoming]
    follow.append(
        Paragraph(
            f"They answer: {brief.their_responsiveness.describe()}; "
            f"we answer: {brief.our_responsiveness.describe()}."
        )
    )
    return follow
