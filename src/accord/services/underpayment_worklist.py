"""The underpayments worklist over stored remittances and stored contracts.

Every stored service line is priced by the contract in force on its date of service
(:func:`accord.services.contracts.expected_vs_paid`); lines allowed below expected beyond
the tolerance are grouped by payer, code, reason and worklist status, largest amount at
stake first. A line's status (new, appealed, recovered, written off) is stored; a line
never marked is new::

    worklist = underpayment_worklist(accord.store.unit_of_work, accord.medicare_prices)
    mark_underpayments(accord.store.unit_of_work, accord.clock, [12, 13], "appealed")
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from accord.domain.economics.code_labels import CodeLabels
from accord.domain.economics.expected import ExpectedLine
from accord.domain.economics.scorecard import PaidLine
from accord.domain.economics.underpayments import (
    Tolerance,
    UnderpaymentGroup,
    WorklistStatus,
    underpayments,
)
from accord.errors import ValidationError
from accord.services.contract_ports import MedicarePriceSource, ReferenceTableSource
from accord.services.contracts import expected_vs_paid
from accord.services.ports import Clock, UnitOfWorkFactory

__all__ = [
    "Worklist",
    "WorklistGroup",
    "import_code_labels",
    "mark_underpayments",
    "underpayment_worklist",
    "worklist_of",
]


@dataclass(frozen=True, slots=True)
class WorklistGroup:
    """Underpaid lines of one payer, code, reason and status."""

    status: WorklistStatus
    group: UnderpaymentGroup


@dataclass(frozen=True, slots=True)
class Worklist:
    """The worklist, with how many lines were priced and why others could not be.

    ``at_stake`` is the amount at stake of the lines still open (new or appealed).
    ``unpriced`` counts lines without an expected amount by reason (no contract in
    force, no rate for the code, no Medicare amount).
    """

    groups: list[WorklistGroup]
    lines: int
    priced: int
    expected: Decimal
    allowed: Decimal
    unpriced: dict[str, int] = field(default_factory=dict)

    @property
    def at_stake(self) -> Decimal:
        open_ = (WorklistStatus.NEW, WorklistStatus.APPEALED)
        return sum((g.group.amount_at_stake for g in self.groups if g.status in open_), Decimal(0))


def _problem_kind(problem: str) -> str:
    # group the priced-or-not reasons without the payer's name or the date in them
    if problem.startswith("no ") and " contract in force" in problem:
        return "no contract in force"
    if " fee schedule" in problem:
        return "no rate for the code"
    return "no Medicare amount"


def underpayment_worklist(
    uow_factory: UnitOfWorkFactory,
    medicare: MedicarePriceSource,
    *,
    start: date | None = None,
    end: date | None = None,
    payer: str | None = None,
    tolerance: Tolerance | None = None,
    status: WorklistStatus | None = None,
) -> Worklist:
    """Price the stored lines dated ``start``..``end`` and group the underpaid ones."""
    with uow_factory() as uow:
        paid = uow.economics.paid_lines(start=start, end=end, payer=payer)
    return worklist_of(uow_factory, paid, medicare, tolerance=tolerance, status=status)


def worklist_of(
    uow_factory: UnitOfWorkFactory,
    paid: Sequence[PaidLine],
    medicare: MedicarePriceSource,
    *,
    tolerance: Tolerance | None = None,
    status: WorklistStatus | None = None,
) -> Worklist:
    """The worklist of lines already read (the scorecard reads them once for both)."""
    with uow_factory() as uow:
        contracts = [c for _, c in uow.contracts.all()]
        statuses = uow.economics.statuses()
        labels = CodeLabels(uow.economics.code_labels())
    # A denied line (allowed nothing) is a denial to appeal as such, not an underpayment:
    # the scorecard counts denials; pricing it here would flag every denial twice.
    denied = [p for p in paid if p.denied or p.line.allowed_or_derived == 0]
    kept = [p.line for p in paid if not (p.denied or p.line.allowed_or_derived == 0)]
    priced = expected_vs_paid(kept, contracts, medicare)
    unpriced: dict[str, int] = defaultdict(int)
    if denied:
        unpriced["denied (allowed nothing)"] = len(denied)
    by_status: dict[WorklistStatus, list[ExpectedLine]] = defaultdict(list)
    for e in priced:
        if e.expected is None:
            unpriced[_problem_kind(e.problem)] += 1
            continue
        by_status[WorklistStatus(statuses.get(e.line.line_id, "new"))].append(e)
    groups = [
        WorklistGroup(s, g)
        for s, lines in by_status.items()
        if status is None or s is status
        for g in underpayments(lines, tolerance or Tolerance(), labels)
    ]
    order = list(WorklistStatus)
    groups.sort(key=lambda w: (-w.group.amount_at_stake, w.group.payer, w.group.code,
                               w.group.reason, order.index(w.status)))  # fmt: skip
    valued = [e for e in priced if e.expected is not None]
    return Worklist(
        groups=groups,
        lines=len(paid),
        priced=len(valued),
        expected=sum((e.expected or Decimal(0) for e in valued), Decimal(0)),
        allowed=sum((e.compared for e in valued), Decimal(0)),
        unpriced=dict(unpriced),
    )


def mark_underpayments(
    uow_factory: UnitOfWorkFactory, clock: Clock, line_ids: Sequence[int], status: str
) -> int:
    """Set the worklist status of stored lines; return how many were marked.

    ``status`` is one of new, appealed, recovered, written off; an id that is no stored
    line is an error (nothing is marked).
    """
    try:
        chosen = WorklistStatus(status.strip().lower().replace("_", " ").replace("-", " "))
    except ValueError as exc:
        allowed = ", ".join(s.value for s in WorklistStatus)
        raise ValidationError(f"expected a status among {allowed}, found {status!r}",
                              field="status") from exc  # fmt: skip
    if not line_ids:
        raise ValidationError("expected at least one service line id", field="line_ids")
    with uow_factory() as uow:
        marked = uow.economics.set_status(line_ids, chosen.value, at=clock.now())
        if marked != len(set(line_ids)):
            raise ValidationError(
                f"{len(set(line_ids)) - marked} of the line ids are no stored service line",
                field="line_ids",
            )
        uow.commit()
    return marked


def import_code_labels(
    uow_factory: UnitOfWorkFactory, tables: ReferenceTableSource, path: Path
) -> int:
    """Replace the stored CARC/RARC labels with a ``list, code, meaning`` table's."""
    labels = tables.code_labels(path)
    rows = labels.rows()
    with uow_factory() as uow:
        uow.economics.replace_code_labels(rows)
        uow.commit()
    return len(rows)
