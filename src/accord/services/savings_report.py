"""The savings and revenue report: what agreements are worth, per case and in total.

Case management: hard savings = potential cost − (actual cost + cost of case
management), soft savings by the category of the organisation's written policy.
Practices: the revenue report, agreed rate changes × yearly volume per code.
One negotiation's report, or every agreement effective in a period.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from accord.domain.document_wording import Wording
from accord.domain.documents import (
    Block,
    Document,
    DocumentKind,
    Figure,
    Paragraph,
    Section,
    Table,
)
from accord.domain.negotiation import Negotiation
from accord.errors import ValidationError
from accord.services.chart_ports import Charts
from accord.services.document_parts import (
    dollars,
    filled_clauses,
    letterhead,
    long_date,
    placeholder_values,
    template_metadata,
)
from accord.services.ports import UnitOfWork

__all__ = ["savings_report"]

ZERO = Decimal("0.00")


def savings_report(
    uow: UnitOfWork,
    wording: Wording,
    charts: Charts,
    now: datetime,
    *,
    negotiation_id: int | None = None,
    period: tuple[date, date] | None = None,
) -> Document:
    """The report for one negotiation, or for the agreements effective in ``period``."""
    if negotiation_id is None and period is None:
        raise ValidationError("name a negotiation or a period (from and to dates)")
    if period is not None and period[0] > period[1]:
        raise ValidationError("the period ends before it starts", field="period")
    with uow:
        anchor: Negotiation | None
        if negotiation_id is not None:
            cases = [uow.negotiations.get(negotiation_id)]
            anchor = cases[0]
        else:
            everything = list(uow.negotiations.list())
            cases = [n for n in everything if n.agreement is not None]
            # Whose letterhead: an agreed case's organisation, else any negotiation's.
            candidates = cases or everything
            anchor = candidates[0] if candidates else None
        if period is not None:
            start, end = period
            cases = [
                n for n in cases
                if n.agreement is not None and start <= n.agreement.effective <= end
            ]  # fmt: skip
        if anchor is None:
            raise ValidationError("no negotiation is recorded yet; nothing to report")
        ours = uow.organisations.get(anchor.our_org_id)
        them = uow.organisations.get(anchor.counterparty_id)
        names = {n.counterparty_id: "" for n in cases}
        for org_id in names:
            names[org_id] = uow.organisations.get(org_id).name
    values = placeholder_values(anchor, ours, them, now, wording)
    wording.check(values)
    scope = (
        f"{long_date(period[0])} to {long_date(period[1])}" if period is not None else anchor.title
    )
    sections = _savings(cases, names, charts) + _revenue(cases, names) or [
        Section("Agreements", [Paragraph(f"No agreement is effective in {scope}.")])
    ]
    policy = wording.clause("policy", values)
    if policy:
        sections.append(Section("Savings policy", [Paragraph(policy)]))
    return Document(
        DocumentKind.SAVINGS,
        "Savings and revenue report",
        letterhead=letterhead(ours, wording),
        subtitle=f"{scope} · prepared {long_date(now)}",
        sections=sections,
        footer=f"Savings and revenue report · {scope}",
        metadata=template_metadata(values, wording),
        clauses=filled_clauses(wording, values),
    )


def _savings(cases: list[Negotiation], names: dict[int, str], charts: Charts) -> list[Section]:
    rows = []
    totals = [ZERO, ZERO, ZERO, ZERO, ZERO]
    by_category: dict[str, Decimal] = defaultdict(lambda: ZERO)
    pending = []
    for n in cases:
        a = n.agreement
        if not n.kind.is_case_management:
            continue
        if a is None:
            pending.append(n.title)
            continue
        hard = a.hard_savings
        figures = (a.potential_cost, a.actual_cost, a.case_management_cost, hard,
                   a.soft_savings_total)  # fmt: skip
        for i, figure in enumerate(figures):
            totals[i] += figure or ZERO
        for s in a.soft_savings:
            by_category[s.category.value.replace("_", " ")] += s.amount
        rows.append((n.title, names.get(n.counterparty_id, ""), long_date(a.effective),
                     *(dollars(f) for f in figures)))  # fmt: skip
    if not rows and not pending:
        return []
    blocks: list[Block] = []
    if rows:
        rows.append(("Total", "", "", *(dollars(t) for t in totals)))
        blocks.append(
            Table(
                ("Case", "Counterparty", "Effective", "Potential cost", "Actual cost",
                 "Case management", "Hard savings", "Soft savings"),
                tuple(rows),
                caption="Savings per case",
                numeric=frozenset({3, 4, 5, 6, 7}),
            )
        )  # fmt: skip
        blocks.append(Paragraph(
            "Hard savings = potential cost − (actual cost + cost of case management)."
        ))  # fmt: skip
        if by_category:
            blocks.append(
                Table(
                    ("Soft savings category", "Amount"),
                    tuple((k, dollars(v)) for k, v in sorted(by_category.items())),
                    caption="Soft savings by policy category",
                    numeric=frozenset({1}),
                )
            )
        bars = [("Hard savings", float(totals[3])), ("Soft savings", float(totals[4]))]
        bars += [(k, float(v)) for k, v in sorted(by_category.items())]
        blocks.append(Figure(charts.price_bars_svg("Savings", bars), "Hard and soft savings"))
    for title in pending:
        blocks.append(Paragraph(f"{title}: no agreement recorded yet, so no savings to report."))
    return [Section("Case management savings", blocks)]


def _revenue(cases: list[Negotiation], names: dict[int, str]) -> list[Section]:
    rows = []
    total = ZERO
    pending = []
    for n in cases:
        if n.kind.is_case_management:
            continue
        a = n.agreement
        if a is None or not a.rate_changes:
            pending.append(n.title)
            continue
        for c in a.rate_changes:
            rows.append((names.get(n.counterparty_id, ""), c.code, f"{c.yearly_volume:,}",
                         dollars(c.current_rate), dollars(c.new_rate),
                         dollars(c.yearly_effect)))  # fmt: skip
            total += c.yearly_effect
    if not rows and not pending:
        return []
    blocks: list[Block] = []
    if rows:
        rows.append(("Total", "", "", "", "", dollars(total)))
        blocks.append(
            Table(
                ("Payer", "Code", "Yearly units", "Old rate", "New rate", "Yearly effect"),
                tuple(rows),
                caption="Revenue effect of agreed rate changes",
                numeric=frozenset({2, 3, 4, 5}),
            )
        )
    for title in pending:
        blocks.append(Paragraph(f"{title}: no agreed rate changes recorded yet."))
    return [Section("Practice revenue", blocks)]
