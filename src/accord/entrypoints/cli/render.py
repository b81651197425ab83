"""Rich renderings of the record: the brief, and tables of records."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from accord.domain.negotiation import Negotiation
from accord.domain.offers import Offer
from accord.domain.organisations import Contact, Organisation
from accord.domain.terms import TermStatus
from accord.services.briefs import Brief

__all__ = [
    "brief_panel",
    "contacts_table",
    "money",
    "negotiations_table",
    "organisations_table",
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


def organisations_table(rows: Sequence[Organisation]) -> Table:
    table = Table(title="Organisations", show_lines=False)
    for column in ("id", "name", "kind", "NPI", "TIN", "state", "ZIP"):
        table.add_column(column)
    for org in rows:
        table.add_row(
            str(org.id), org.name, org.kind.value, org.npi or "", org.tin or "",
            org.state or "", org.zip_code or "",
        )  # fmt: skip
    return table


def contacts_table(rows: Sequence[Contact], orgs: dict[int, str]) -> Table:
    table = Table(title="Contacts")
    for column in ("id", "name", "organisation", "role", "title", "department"):
        table.add_column(column)
    for c in rows:
        table.add_row(
            str(c.id), c.name, orgs.get(c.organisation_id, str(c.organisation_id)),
            c.role.value.replace("_", " "), c.title, c.department,
        )  # fmt: skip
    return table


def negotiations_table(rows: Sequence[Negotiation], orgs: dict[int, str], now: datetime) -> Table:
    table = Table(title="Negotiations")
    for column in ("id", "title", "kind", "counterparty", "stage", "deadline", "offers"):
        table.add_column(column)
    for n in rows:
        deadline = "—"
        if n.deadline is not None:
            days = (n.deadline - now.date()).days
            deadline = f"{n.deadline} ({days:+d} d)"
        table.add_row(
            str(n.id), n.title, n.kind.label, orgs.get(n.counterparty_id, "?"),
            n.stage.label, deadline, str(len(n.offers)),
        )  # fmt: skip
    return table


def _offer_cell(brief: Brief, offer: Offer | None, name: str) -> str:
    if offer is None or name not in offer.values:
        return "—"
    return brief.negotiation.term(name).format(offer.values[name])


def brief_panel(brief: Brief) -> Panel:
    """The one-screen brief: stage, terms, last offers, follow-ups, relationship, signals."""
    n = brief.negotiation
    head = Text()
    head.append(f"#{n.id} {n.title}\n", style="bold")
    head.append(f"{n.kind.label} · {brief.ours.name} ↔ {brief.counterparty.name}\n")
    head.append(f"stage: {n.stage.label}", style="bold cyan")
    if n.deadline is not None:
        days = (n.deadline - brief.now.date()).days
        style = "red" if days < 0 else "yellow" if days <= 7 else ""
        head.append(f" · deadline {n.deadline} ({days:+d} days)", style=style)
    if n.patient_ref:
        head.append(f" · case {n.patient_ref}")
    head.append(f" · preparation {brief.preparation:.0%}")
    if n.team:
        head.append("\nteam: " + ", ".join(f"{m.name} ({m.role.value})" for m in n.team))
    if n.agreed_goals:
        head.append("\ngoals agreed with them: " + "; ".join(n.agreed_goals))
    for warning in n.warnings:
        head.append(f"\n⚠ {warning}", style="yellow")

    terms = Table(title="Terms", expand=True, title_justify="left")
    terms.add_column("term", no_wrap=True)
    for column in ("walk-away", "target", "ours", "theirs", "status"):
        terms.add_column(column)
    for term in n.terms:
        status = term.status.value
        if term.status is TermStatus.AGREED:
            status = f"agreed {term.format(term.agreed_value)}"
        theirs = _offer_cell(brief, brief.latest_theirs, term.name)
        if (
            brief.latest_theirs is not None
            and term.name in brief.latest_theirs.values
            and not term.is_within_walk_away(brief.latest_theirs.values[term.name])
        ):
            theirs = f"[red]{theirs}[/]"
        terms.add_row(
            term.name, term.format(term.walk_away), term.format(term.target),
            _offer_cell(brief, brief.latest_ours, term.name), theirs,
            f"[{STATUS_STYLE[term.status]}]{status}[/]",
        )  # fmt: skip

    offers = Text()
    for offer in brief.last_offers:
        package = ", ".join(
            f"{name}={n.term(name).format(value)}" for name, value in offer.values.items()
        )
        who = "us  " if offer.side.value == "ours" else "them"
        offers.append(f"{when(offer.at)} {who} {package}\n")
    if not brief.last_offers:
        offers.append("no offers yet\n")

    follow = Text()
    for item in brief.overdue:
        due = when(item.follow_up_due)
        follow.append(f"OVERDUE since {due}: {item.channel.value} — {item.summary}\n", style="red")
    for item in brief.upcoming:
        follow.append(f"due {when(item.follow_up_due)}: {item.channel.value} — {item.summary}\n")
    if not brief.overdue and not brief.upcoming:
        follow.append("no follow-ups pending\n")

    health = Text()
    health.append(f"they answer: {brief.their_responsiveness.describe()}\n")
    health.append(f"we answer:   {brief.our_responsiveness.describe()}\n")
    for recency in brief.recency:
        role = recency.contact.role.value.replace("_", " ")
        age = recency.days
        since = "never contacted" if age is None else f"{age} days since last contact"
        style = "red" if age is None or age > 30 else ""
        health.append(f"{recency.contact.name} ({role}): {since}\n", style=style)

    signals = Text()
    for signal in brief.signals:
        signals.append(f"⚑ {signal.message}\n", style="bold red")
    if not brief.signals:
        signals.append("no walk-away signals\n", style="green")

    parts: list[RenderableType] = [
        head,
        terms,
        Text("Last offers", style="bold"),
        offers,
        Text("Follow-ups", style="bold"),
        follow,
        Text("Relationship", style="bold"),
        health,
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
