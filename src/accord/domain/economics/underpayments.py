"""Underpayments: lines allowed below their contract beyond a tolerance, grouped.

A line is underpaid when the shortfall (expected − allowed) exceeds *both* the dollar
tolerance and the percentage tolerance of the expected amount: a few cents of rounding
on a large line, or a large share of a tiny line, are not worth an appeal. Groups are by
payer, code and reason (the line's largest non-patient adjustment, ``CO-45``, or its first
remark code), largest amount at stake first. Example::

    >>> tolerance = Tolerance(dollars=Decimal("1"), percent=Decimal("2"))
    >>> tolerance.exceeded(Decimal("100"), Decimal("97.50"))
    True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from accord.domain.economics.code_labels import CodeLabels
from accord.domain.economics.expected import ExpectedLine
from accord.domain.economics.service_lines import PATIENT_RESPONSIBILITY, ServiceLine
from accord.errors import ValidationError

__all__ = ["Tolerance", "UnderpaymentGroup", "WorklistStatus", "line_reason", "underpayments"]


class WorklistStatus(StrEnum):
    """Where the practice is with an underpayment."""

    NEW = "new"
    APPEALED = "appealed"
    RECOVERED = "recovered"
    WRITTEN_OFF = "written off"


@dataclass(frozen=True, slots=True)
class Tolerance:
    """How far below expected a line may be allowed before it is flagged."""

    dollars: Decimal = Decimal("1.00")
    percent: Decimal = Decimal("2")

    def __post_init__(self) -> None:
        if not self.dollars.is_finite() or self.dollars < 0:
            raise ValidationError(
                f"expected 0 dollars or more, found {self.dollars}", field="tolerance"
            )
        if not self.percent.is_finite() or not 0 <= self.percent < 100:
            raise ValidationError(
                f"expected a percentage from 0 to 100, found {self.percent}", field="tolerance"
            )

    def exceeded(self, expected: Decimal, compared: Decimal) -> bool:
        """Whether ``compared`` falls short of ``expected`` by more than both tolerances."""
        shortfall = expected - compared
        return shortfall > self.dollars and shortfall > expected * self.percent / 100


def line_reason(line: ServiceLine) -> str:
    """The reason a line was cut: its largest non-PR adjustment, else a remark, else none."""
    cuts = [a for a in line.adjustments if a.group != PATIENT_RESPONSIBILITY]
    if cuts:
        return max(cuts, key=lambda a: a.amount).key
    return line.remarks[0] if line.remarks else "none"


@dataclass(frozen=True, slots=True)
class UnderpaymentGroup:
    """Underpaid lines of one payer, code and reason, with the dollars at stake.

    ``lines`` is how many lines the group has; ``line_ids`` may be empty when the ids
    were not asked for (the stored worklist reads them on demand).
    """

    payer: str
    code: str
    reason: str
    label: str
    line_ids: tuple[str, ...]
    expected: Decimal
    allowed: Decimal
    lines: int = 0

    @property
    def amount_at_stake(self) -> Decimal:
        """Expected minus allowed over the group's lines."""
        return self.expected - self.allowed


def underpayments(
    lines: Iterable[ExpectedLine], tolerance: Tolerance, labels: CodeLabels
) -> list[UnderpaymentGroup]:
    """Group the flagged lines; the largest amount at stake first, then payer and code."""
    groups: dict[tuple[str, str, str], list[ExpectedLine]] = defaultdict(list)
    for e in lines:
        if e.expected is not None and tolerance.exceeded(e.expected, e.compared):
            groups[e.line.payer, e.line.code, line_reason(e.line)].append(e)
    out = [
        UnderpaymentGroup(
            payer=payer,
            code=code,
            reason=reason,
            label=labels.describe(reason),
            line_ids=tuple(e.line.line_id for e in members),
            expected=sum((e.expected or Decimal(0) for e in members), Decimal(0)),
            allowed=sum((e.compared for e in members), Decimal(0)),
            lines=len(members),
        )
        for (payer, code, reason), members in groups.items()
    ]
    return sorted(out, key=lambda g: (-g.amount_at_stake, g.payer, g.code, g.reason))
