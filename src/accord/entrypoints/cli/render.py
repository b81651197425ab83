"""Rich renderings of the record: the brief, and tables of records.

Everything here is built from :mod:`accord.entrypoints.cli.output`: record text goes
into ``Text`` or record tables, never through markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from accord.domain.deadlines import days_to_deadline
from accord.domain.negotiation import Negotiation
from accord.domain.offers import Offer
from accord.domain.organisations import Contact, Organisation
from accord.domain.term_labels import term_label
from accord.domain.terms import TermStatus
from accord.entrypoints.cli.output import RecordTable, clean, line, record_table, styled
from accord.services.briefs import Brief

__all__ = [
    "brief_panel",
    "contacts_table",
    "money",
    "negotiations_table",
    "offers_table",
    "organisations_table",
    "package",
    "when",
]

STATUS_STYLE = {
    TermStatus.AGREED: "green",
    TermStatus.DISAGREED: "red",
    TermStatus.OPEN: "yellow",
}


def when(moment: datetime | None) -> str:
    return "—" if moment is None else moment.strftime("%Y-%m-%d %H:%M")


def money(amount: object) -> str:
    return "—" if amount is None else f"${amount:,.2f}"


def package(negotiation: Negotiation, offer: Offer, *, labelled: bool = False) -> str:
    """An offer's values as ``term=value, …`` in each term's format (the names a command
    takes); ``labelled``: as people read them, ``Per diem: $690.00/day; …``.

    A value for a term the negotiation no longer has (an old import) is shown as given.
    """
    names = {t.name for t in negotiation.terms}
    if labelled:
        return "; ".join(
            f"{negotiation.term(name).label}: {negotiation.term(name).format(value)}"
            if name in names else f"{name}: {value}"
            for name, value in offer.values.items()
        )  # fmt: skip
    return ", ".join(
        f"{name}={negotiation.term(name).format(value) if name in names else value}"
        for name, value in offer.values.items()
    )


def organisations_table(rows: Sequence[Organisation]) -> RecordTable:
    table = record_table("Organisations", ["id", "name", "kind", "NPI", "TIN", "state", "ZIP"])
    for org in rows:
        table.add_row(
            str(org.id), org.name, org.kind.value, org.npi or "", org.tin or "",
            org.state or "", org.zip_code or "",
        )  # fmt: skip
    return table


def contacts_table(rows: Sequence[Contact], orgs: dict[int, str]) -> RecordTable:
    table = record_table("Contacts", ["id", "name", "organisation", "role", "title", "department"])
    for c in rows:
        table.add_row(
            str(c.id), c.name, orgs.get(c.organisation_id, str(c.organisation_id)),
            c.role.value.replace("_", " "), c.title, c.department,
        )  # fmt: skip
    return table


def negotiations_table(
    rows: Sequence[Negotiation], orgs: dict[int, str], now: datetime
) -> RecordTable:
    table = record_table(
        "Negotiations", ["id", "title", "kind", "counterparty", "stage", "deadline", "offers"]
    )
    for n in rows:
        deadline = "—"
        if n.deadline is not None:
            deadline = f"{n.deadline} ({days_to_deadline(n.deadline, now) or 0:+d} d)"
        table.add_row(
            str(n.id), n.title, n.kind.label, orgs.get(n.counterparty_id, "?"),
            n.stage.label, deadline, str(len(n.offers)),
        )  # fmt: skip
    return table


def offers_table(negotiation: Negotiation, title: str, *, history: bool = False) -> RecordTable:
    """The negotiation's offers in time order (``history``: withdrawn ones too, marked)."""
    table = record_table(title, ["id", "at", "side", "package", "channel", "note"])
    for o in negotiation.offer_history if history else negotiation.offers:
        note = o.note
        if o.withdrawn_at is not None:
            note = f"WITHDRAWN {when(o.withdrawn_at)}: {o.withdrawn_reason}" + (
                f" ({o.note})" if o.note else ""
            )
        elif o.corrects_id is not None:
            note = f"corrects offer {o.corrects_id}" + (f"; {o.note}" if o.note else "")
        table.add_row(str(o.id), when(o.at), o.side.value, package(negotiation, o),
                      o.channel.value, note)  # fmt: skip
    return table


def _offer_cell(brief: Brief, offer: Offer | None, name: str) -> str:
    if offer is None or name not in offer.values:
        return "—"
    return brief.negotiation.term(name).format(offer.values[name])


def _terms(brief: Brief) -> RecordTable:
    n = brief.negotiation
    terms = record_table("Terms", ["term", "walk-away", "target", "ours", "theirs", "status"])
    for term in n.terms:
        status = term.status.value
        if term.status is TermStatus.AGREED:
            status = f"agreed {term.format(term.agreed_value)}"
        theirs = styled(_offer_cell(brief, brief.latest_theirs, term.name))
        if term.name in brief.theirs_beyond:
            theirs.stylize("red")
        terms.add_row(
            term_label(term), term.format(term.walk_away), term.format(term.target),
            _offer_cell(brief, brief.latest_ours, term.name), theirs,
            styled(status, STATUS_STYLE[term.status]),
        )  # fmt: skip
    return terms


def _head(brief: Brief) -> Text:
    n = brief.negotiation
    head = line((f"#{n.id} {n.title}", "bold"), "\n")
    head.append_text(line(f"{n.kind.label} · {brief.ours.name} ↔ {brief.counterparty.name}\n"))
    head.append(f"stage: {clean(n.stage.label)}", style="bold cyan")
    if n.deadline is not None and (days := brief.days_to_deadline) is not None:
        style = "red" if days < 0 else "yellow" if days <= 7 else ""
        head.append(f" · deadline {n.deadline} ({days:+d} days)", style=style)
    if n.patient_ref:
        head.append(f" · case {clean(n.patient_ref)}")
    head.append(f" · preparation {brief.preparation:.0%}")
    if n.team:
        head.append(clean("\nteam: " + ", ".join(f"{m.name} ({m.role.value})" for m in n.team)))
    if n.agreed_goals:
        head.append(clean("\ngoals agreed with them: " + "; ".join(n.agreed_goals)))
    for warning in n.warnings:
        head.append(f"\n⚠ {clean(warning)}", style="yellow")
    return head


def _offers(brief: Brief) -> Text:
    offers = Text()
    for offer in brief.last_offers:
        who = "us  " if offer.side.value == "ours" else "them"
        text = package(brief.negotiation, offer, labelled=True)
        offers.append(clean(f"{when(offer.at)} {who} {text}\n"))
    if not brief.last_offers:
        offers.append("no offers yet\n")
    return offers


def _follow_ups(brief: Brief) -> Text:
    follow = Text()
    for item in brief.overdue:
        due = when(item.follow_up_due)
        follow.append(
            clean(f"OVERDUE since {due}: {item.channel.value} — {item.summary}\n"), style="red"
        )
    for item in brief.upcoming:
        follow.append(
            clean(f"due {when(item.follow_up_due)}: {item.channel.value} — {item.summary}\n")
        )
    if not brief.overdue and not brief.upcoming:
        follow.append("no follow-ups pending\n")
    return follow


def _health(brief: Brief) -> Text:
    health = Text()
    health.append(clean(f"they answer: {brief.their_responsiveness.describe()}\n"))
    health.append(clean(f"we answer:   {brief.our_responsiveness.describe()}\n"))
    for recency in brief.recency:
        role = recency.contact.role.value.replace("_", " ")
        age = recency.days
        since = "never contacted" if age is None else f"{age} days since last contact"
        style = "red" if age is None or age > 30 else ""
        health.append(clean(f"{recency.contact.name} ({role}): {since}\n"), style=style)
    return health


def brief_panel(brief: Brief) -> Panel:
    """The one-screen brief: stage, terms, last offers, follow-ups, relationship, signals."""
    n = brief.negotiation
    signals = Text()
    for signal in brief.signals:
        signals.append(f"⚑ {clean(signal.message)}\n", style="bold red")
    if not brief.signals:
        signals.append("no walk-away signals\n", style="green")

    parts: list[RenderableType] = [
        _head(brief),
        _terms(brief),
        Text("Last offers", style="bold"),
        _offers(brief),
        Text("Follow-ups", style="bold"),
        _follow_ups(brief),
        Text("Relationship", style="bold"),
        _health(brief),
        Text("Signals", style="bold"),
        signals,
    ]
    if n.agreement is not None:
        a = n.agreement
        figures = Text(f"Agreement effective {a.effective}", style="bold green")
        if a.hard_savings is not None:
            figures.append(f" · hard savings {money(a.hard_savings)}")
        if a.soft_savings:
            figures.append(f" · soft savings {money(a.soft_savings_total)}")
        if a.yearly_revenue_effect is not None:
            figures.append(f" · yearly revenue effect {money(a.yearly_revenue_effect)}")
        parts.insert(1, figures)
    return Panel(Group(*parts), title="Brief", border_style="cyan")
