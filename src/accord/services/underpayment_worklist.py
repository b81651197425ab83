"""The underpayments worklist over stored remittances and stored contracts.

Every stored service line is priced by the contract in force on its date of service
(:func:`accord.services.contracts.expected_vs_paid`); lines allowed below expected beyond
the tolerance are grouped by payer, code, reason and worklist status, largest amount at
stake first. A line's status (new, appealed, recovered, written off) is stored; a line
never marked is new::

    worklist = underpayment_worklist(accord.store.unit_of_work, accord.medicare_prices,
                                     offset=0, limit=50)
    key = UnderpaidGroupKey("DEMO NATIONAL HEALTH", "97110", "CO-45", "new")
    mark_underpayment_group(accord.store.unit_of_work, accord.medicare_prices,
                            accord.clock, key, "appealed")
    underpayment_group_lines(accord.store.unit_of_work, accord.medicare_prices, key)

A worklist row's line ids are not read with the worklist (a year's page holds tens of
thousands): a row is marked by its key, and its ids are read a page at a time on demand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from accord.domain.counts import counted
from accord.domain.economics.code_labels import CodeLabels
from accord.domain.economics.underpayments import (
    Tolerance,
    UnderpaymentGroup,
    WorklistStatus,
)
from accord.errors import ValidationError
from accord.services.contract_ports import MedicarePriceSource, ReferenceTableSource
from accord.services.economics_ports import PeriodFilter, UnderpaidGroupKey, UnderpaidGroupRow
from accord.services.economics_refresh import refresh_economics
from accord.services.medicare_localities import locality_lines
from accord.services.ports import Clock, UnitOfWorkFactory

__all__ = [
    "MAX_GROUP_LINES_PAGE",
    "OPEN_STATUSES",
    "GroupLines",
    "Worklist",
    "WorklistGroup",
    "import_code_labels",
    "mark_outcome",
    "mark_underpayment_group",
    "mark_underpayments",
    "open_underpaid_by_payer",
    "parse_status",
    "underpayment_group_lines",
    "underpayment_worklist",
]

MAX_GROUP_LINES_PAGE = 10_000
"""The most line ids one page of :func:`underpayment_group_lines` returns."""

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
    every group, not only the page's; ``group_count`` is how many groups there are;
    ``medicare_localities`` says which Medicare locality priced each contract.
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
    medicare_localities: list[str] = field(default_factory=list)


def _dollars(cents: int) -> Decimal:
    return Decimal(cents) / 100


def _order(row: UnderpaidGroupRow) -> tuple[int, str, str, str, int]:
    statuses = [s.value for s in WorklistStatus]
    return (row.allowed_cents - row.expected_cents, row.payer, row.code, row.reason,
            statuses.index(row.status) if row.status in statuses else len(statuses))  # fmt: skip


def _group(
    r: UnderpaidGroupRow, labels: CodeLabels, ids: Mapping[tuple[str, str, str, str], Sequence[int]]
) -> WorklistGroup:
    """A row of the read model as a worklist group (its line ids when asked for)."""
    return WorklistGroup(
        WorklistStatus(r.status),
        UnderpaymentGroup(
            payer=r.payer,
            code=r.code,
            reason=r.reason,
            label=labels.describe(r.reason),
            line_ids=tuple(str(i) for i in ids.get((r.payer, r.code, r.reason, r.status), [])),
            expected=_dollars(r.expected_cents),
            allowed=_dollars(r.allowed_cents),
            lines=r.lines,
        ),
    )


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
    line_ids: bool = False,
) -> Worklist:
    """The underpaid lines dated ``start``..``end`` grouped, largest at stake first; a page
    of ``limit`` groups from ``offset`` (``None``: every group). Each group says how many
    lines it has; with ``line_ids`` it also carries their ids (slow for a year's page:
    prefer :func:`underpayment_group_lines` for one group).

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
        ids = (
            uow.economics_rollup.underpaid_line_ids(
                period, tol, {(r.payer, r.code, r.reason) for r in page}
            )
            if line_ids
            else {}
        )
        totals = uow.economics_rollup.totals(period)
        labels = CodeLabels(uow.economics.code_labels())
    open_ = {s.value for s in OPEN_STATUSES}
    groups = [_group(r, labels, ids) for r in page]
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
        medicare_localities=locality_lines(uow_factory, medicare),
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


def parse_status(status: str, *, field: str = "status") -> WorklistStatus:
    """A worklist status from what a person typed (``written-off``, ``Written off``)."""
    try:
        return WorklistStatus(status.strip().lower().replace("_", " ").replace("-", " "))
    except ValueError as exc:
        allowed = ", ".join(s.value for s in WorklistStatus)
        raise ValidationError(f"expected a status among {allowed}, found {status!r}",
                              field=field) from exc  # fmt: skip


def _group_key(key: UnderpaidGroupKey) -> UnderpaidGroupKey:
    for name in ("payer", "code", "reason"):
        value = getattr(key, name)
        if not value.strip() or len(value) > 200 or "\x00" in value:
            raise ValidationError(f"expected the row's {name} (1 to 200 characters)", field=name)
    return UnderpaidGroupKey(key.payer, key.code, key.reason,
                             parse_status(key.status, field="current_status").value)  # fmt: skip


def mark_underpayment_group(
    uow_factory: UnitOfWorkFactory,
    medicare: MedicarePriceSource,
    clock: Clock,
    key: UnderpaidGroupKey,
    status: str,
    *,
    start: date | None = None,
    end: date | None = None,
    tolerance: Tolerance | None = None,
) -> int:
    """Set the status of every line of one worklist row — ``key``'s payer, code, reason
    and current status, dated ``start``..``end`` and short beyond ``tolerance`` — in one
    set-based change; return how many lines were marked (0: the row has no line now,
    someone else moved it). One audit entry names the row, its period and tolerance.
    """
    chosen = parse_status(status)
    key = _group_key(key)
    refresh_economics(uow_factory, medicare)
    with uow_factory() as uow:
        marked = uow.underpaid_groups.mark(
            key, PeriodFilter(start, end), tolerance or Tolerance(), chosen.value,
            at=clock.now(),
        )  # fmt: skip
        uow.commit()
    return marked


def mark_outcome(marked: int, row: str, status: str) -> str:
    """What a row's status change did, in words: how many lines moved, or — after a stale
    click (someone else changed the row first) — that nothing did."""
    if marked == 0:
        return (
            f"Nothing changed: these lines of {row} were already marked by someone else — "
            "the list is refreshed."
        )
    return f"{counted(marked, 'line')} of {row} marked {status}."


@dataclass(frozen=True, slots=True)
class GroupLines:
    """A page of one worklist row's line ids (ascending) and how many the row has."""

    line_ids: list[int]
    total: int
    offset: int


def underpayment_group_lines(
    uow_factory: UnitOfWorkFactory,
    medicare: MedicarePriceSource,
    key: UnderpaidGroupKey,
    *,
    start: date | None = None,
    end: date | None = None,
    tolerance: Tolerance | None = None,
    offset: int = 0,
    limit: int = 1000,
) -> GroupLines:
    """The service line ids of one worklist row, a page at a time (at most
    :data:`MAX_GROUP_LINES_PAGE`): the lines its status change would mark."""
    if offset < 0 or not 1 <= limit <= MAX_GROUP_LINES_PAGE:
        raise ValidationError(f"expected an offset of 0 or more and a limit of 1 to "
                              f"{MAX_GROUP_LINES_PAGE}", field="limit")  # fmt: skip
    key = _group_key(key)
    refresh_economics(uow_factory, medicare)
    with uow_factory() as uow:
        ids, total = uow.underpaid_groups.line_ids(
            key, PeriodFilter(start, end), tolerance or Tolerance(), offset=offset, limit=limit
        )
    return GroupLines(ids, total, offset)


def mark_underpayments(
    uow_factory: UnitOfWorkFactory, clock: Clock, line_ids: Sequence[int], status: str
) -> int:
    """Set the worklist status of stored lines; return how many were marked.

    ``status`` is one of new, appealed, recovered, written off; an id that is no stored
    line is an error (nothing is marked).
    """
    chosen = parse_status(status)
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
