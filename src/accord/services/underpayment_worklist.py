"""The underpayments worklist over stored remittances and stored contracts.

Every stored service line is priced by the contract in force on its date of service
(:func:`accord.services.contracts.expected_vs_paid`); lines allowed below expected beyond
the tolerance are grouped by payer, code, reason and worklist status, largest amount at
stake first. A line's status (new, appealed, recovered, written off) is stored; a line
never marked is new::

    worklist = underpayment_worklist(accord.store.unit_of_work, accord.medicare_prices,
                                     offset=0, limit=50)
    mark_underpayments(accord.store.unit_of_work, accord.clock, [12, 13], "appealed")
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from accord.domain.economics.code_labels import CodeLabels
from accord.domain.economics.underpayments import (
    Tolerance,
    UnderpaymentGroup,
    WorklistStatus,
)
from accord.errors import ValidationError
from accord.services.contract_ports import MedicarePriceSource, ReferenceTableSource
from accord.services.economics_ports import PeriodFilter, UnderpaidGroupRow
from accord.services.economics_refresh import refresh_economics
from accord.services.ports import Clock, UnitOfWorkFactory

__all__ = [
    "OPEN_STATUSES",
    "Worklist",
    "WorklistGroup",
    "import_code_labels",
    "mark_underpayments",
    "open_underpaid_by_payer",
    "underpayment_worklist",
]

OPEN_STATUSES = (WorklistStatus.NEW, WorklistStatus.APPEALED)
"""Statuses whose amount at stake is still open money."""


@dataclass(frozen=True, slots=True)
class WorklistGroup:
    """Underpaid lines of one payer, code, reason and status."""

    status: WorklistStatus
    group: UnderpaymentGroup


@dataclass(frozen=True, slots=True)
class Worklist:
    """A page of the worklist, with how many lines were priced and why others could not be.

    ``at_stake`` is the amount at stake of the lines still open (new or appealed) over
    every group, not only the page's; ``group_count`` is how many groups there are.
    ``unpriced`` counts lines without an expected amount by reason (no contract in
    force, no rate for the code, no Medicare amount, denied).
    """

    groups: list[WorklistGroup]
    lines: int
    priced: int
    expected: Decimal
    allowed: Decimal
    unpriced: dict[str, int] = field(default_factory=dict)
    at_stake: Decimal = Decimal(0)
    group_count: int = 0
    offset: int = 0


def _dollars(cents: int) -> Decimal:
    return Decimal(cents) / 100


def _order(row: UnderpaidGroupRow) -> tuple[int, str, str, str, int]:
    statuses = [s.value for s in WorklistStatus]
    return (row.allowed_cents - row.expected_cents, row.payer, row.code, row.reason,
            statuses.index(row.status) if row.status in statuses else len(statuses))  # fmt: skip


def underpayment_worklist(
    uow_factory: UnitOfWorkFactory,
    medicare: MedicarePriceSource,
    *,
    start: date | None = None,
    end: date | None = None,
    payer: str | None = None,
    tolerance: Tolerance | None = None,
    status: WorklistStatus | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> Worklist:
    """The underpaid lines dated ``start``..``end`` grouped, largest at stake first; a page
    of ``limit`` groups from ``offset`` (``None``: every group).

    Reads the stored read model (brought up to date first), so its cost does not grow
    with the lines of the period: the groups come from the lines short by more than the
    tolerance, the totals from the daily roll-ups.
    """
    if offset < 0 or (limit is not None and limit < 1):
        raise ValidationError("expected an offset of 0 or more and a limit of 1 or more",
                              field="limit")  # fmt: skip
    refresh_economics(uow_factory, medicare)
    tol = tolerance or Tolerance()
    period = PeriodFilter(start, end, payer)
    with uow_factory() as uow:
        rows = uow.economics_rollup.underpaid_groups(
            period, tol, status=status.value if status else None
        )
        rows.sort(key=_order)
        page = rows[offset:] if limit is None else rows[offset : offset + limit]
        ids = uow.economics_rollup.underpaid_line_ids(
            period, tol, {(r.payer, r.code, r.reason) for r in page}
        )
        totals = uow.economics_rollup.totals(period)
        labels = CodeLabels(uow.economics.code_labels())
    open_ = {s.value for s in OPEN_STATUSES}
    groups = [
        WorklistGroup(
            WorklistStatus(r.status),
            UnderpaymentGroup(
                payer=r.payer,
                code=r.code,
                reason=r.reason,
                label=labels.describe(r.reason),
                line_ids=tuple(str(i) for i in ids.get((r.payer, r.code, r.reason, r.status), [])),
                expected=_dollars(r.expected_cents),
                allowed=_dollars(r.allowed_cents),
            ),
        )
        for r in page
    ]
    return Worklist(
        groups=groups,
        lines=totals.lines,
        priced=totals.priced,
        expected=_dollars(totals.expected_cents),
        allowed=_dollars(totals.allowed_cents),
        unpriced=totals.unpriced,
        at_stake=_dollars(
            sum(r.expected_cents - r.allowed_cents for r in rows if r.status in open_)
        ),
        group_count=len(rows),
        offset=offset,
    )


def open_underpaid_by_payer(
    uow_factory: UnitOfWorkFactory, period: PeriodFilter, tolerance: Tolerance | None = None
) -> dict[str, Decimal]:
    """The open amount at stake (new and appealed lines) by payer, from the read model
    (call :func:`refresh_economics` first)."""
    open_ = {s.value for s in OPEN_STATUSES}
    out: dict[str, Decimal] = {}
    with uow_factory() as uow:
        for r in uow.economics_rollup.underpaid_groups(period, tolerance or Tolerance()):
            if r.status in open_:
                out[r.payer] = out.get(r.payer, Decimal(0)) + _dollars(
                    r.expected_cents - r.allowed_cents
                )
    return out


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
        # the worklist's roll-up by status moves with the lines, in the same transaction
        rollup = uow.economics_rollup
        rollup.refresh_rollups(rollup.pairs_of_lines(line_ids))
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
