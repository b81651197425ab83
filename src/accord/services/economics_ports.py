"""What the practice-economics services need from the store: stored contracts, the paid
service lines of stored remittances, the underpayment worklist and code labels.

The SQL adapters live in ``adapters/store`` and are reached through the unit of work
(``uow.contracts``, ``uow.economics``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from accord.domain.economics.contracts import Contract
from accord.domain.economics.line_facts import LineFacts
from accord.domain.economics.scorecard import PaidLine
from accord.domain.economics.underpayments import Tolerance

__all__ = [
    "ContractRepository",
    "ContractRow",
    "EconomicsQueries",
    "EconomicsRollup",
    "PaidLine",
    "PayerTotals",
    "PeriodFilter",
    "PeriodTotals",
    "UnderpaidGroupKey",
    "UnderpaidGroupRow",
    "UnderpaidGroups",
]


@dataclass(frozen=True, slots=True)
class ContractRow:
    """A stored contract in a list: its term and how many rates it holds."""

    id: int
    payer: str
    effective: date
    end: date | None
    auto_renews: bool
    rates: int
    source: str
    is_demo: bool


class ContractRepository(Protocol):
    """Stored payer contracts, each with its whole fee schedule."""

    def add(self, contract: Contract, *, source: str, is_demo: bool, at: datetime) -> int: ...
    def rows(self) -> list[ContractRow]: ...
    def get(self, contract_id: int) -> Contract: ...
    def all(self, *, whole_practice: bool = False) -> list[tuple[int, Contract]]: ...
    def close(self, contract_id: int, closed: Contract) -> None:
        """Store the contract's new end (and no renewal): its successor takes over."""
        ...


class EconomicsQueries(Protocol):
    """Read model over stored remittances, and the worklist statuses and code labels."""

    def paid_lines(
        self, *, start: date | None = None, end: date | None = None, payer: str | None = None
    ) -> list[PaidLine]:
        """Service lines dated ``start``..``end`` (inclusive) of claims not reversed."""
        ...

    def paid_lines_of_claims(self, claim_keys: Collection[str]) -> list[PaidLine]:
        """Every line of the claims ``originator:claim number`` (reversals netted)."""
        ...

    def statuses(self) -> dict[str, str]: ...
    def set_status(self, line_ids: Sequence[int], status: str, *, at: datetime) -> int: ...
    def code_labels(self) -> list[tuple[str, str, str]]: ...
    def replace_code_labels(self, rows: Sequence[tuple[str, str, str]]) -> None: ...


@dataclass(frozen=True, slots=True)
class PeriodFilter:
    """Service dates ``start``..``end`` (inclusive, ``None``: open) and one payer or all."""

    start: date | None = None
    end: date | None = None
    payer: str | None = None


@dataclass(frozen=True, slots=True)
class UnderpaidGroupRow:
    """Underpaid lines of one payer, code, reason and worklist status, in cents."""

    payer: str
    code: str
    reason: str
    status: str
    lines: int
    expected_cents: int
    allowed_cents: int


@dataclass(frozen=True, slots=True)
class UnderpaidGroupKey:
    """One worklist row: the underpaid lines of a payer, code, reason and current status
    (the payer's 835 name exactly as the worklist shows it)."""

    payer: str
    code: str
    reason: str
    status: str


@dataclass(frozen=True, slots=True)
class PeriodTotals:
    """Lines of a period, how many were priced, and why the others were not."""

    lines: int
    priced: int
    expected_cents: int
    allowed_cents: int
    unpriced: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PayerTotals:
    """One payer's sums over a period (whole cents)."""

    payer: str
    lines: int
    units: int
    paid_cents: int
    allowed_cents: int
    patient_cents: int
    medicare_allowed_cents: int
    medicare_cents: int
    visits: int
    claims: int
    denied_claims: int


class EconomicsRollup(Protocol):
    """Each stored line priced once, with daily roll-ups: the worklist and the scorecard
    as aggregates (``uow.economics_rollup``)."""

    def state(self, *, lock: bool = False) -> dict[str, str]: ...
    def set_state(self, values: Mapping[str, str]) -> None: ...
    def max_claim_id(self) -> int: ...
    def contract_fingerprints(self) -> dict[str, str]: ...
    def claim_keys(
        self, *, after_claim: int | None = None, payers: Collection[str] | None = None
    ) -> set[str]: ...
    def clear(self) -> None: ...
    def replace_lines(
        self, claim_keys: Collection[str], facts: Sequence[LineFacts]
    ) -> set[tuple[str, date]]: ...
    def insert_lines(self, facts: Iterable[LineFacts]) -> None: ...
    def refresh_rollups(self, pairs: Collection[tuple[str, date]] | None = None) -> None: ...
    def pairs_of_lines(self, line_ids: Collection[int]) -> set[tuple[str, date]]: ...
    def underpaid_groups(
        self, f: PeriodFilter, tolerance: Tolerance, *, status: str | None = None
    ) -> list[UnderpaidGroupRow]: ...
    def underpaid_line_ids(
        self, f: PeriodFilter, tolerance: Tolerance, groups: Collection[tuple[str, str, str]]
    ) -> dict[tuple[str, str, str, str], list[int]]: ...
    def totals(self, f: PeriodFilter) -> PeriodTotals: ...
    def payer_totals(self, f: PeriodFilter) -> list[PayerTotals]: ...
    def code_totals(self, f: PeriodFilter) -> list[tuple[str, str, int, int]]: ...
    def waits(self, f: PeriodFilter) -> list[tuple[str, int, int]]: ...
    def denial_reasons(self, f: PeriodFilter) -> list[tuple[str, str, int]]: ...


class UnderpaidGroups(Protocol):
    """A worklist row's lines as a set (``uow.underpaid_groups``): marked in one statement
    and their ids read a page at a time, never fetched with the worklist."""

    def mark(
        self,
        key: UnderpaidGroupKey,
        f: PeriodFilter,
        tolerance: Tolerance,
        status: str,
        *,
        at: datetime,
    ) -> int:
        """Set ``status`` on every line of the row dated in ``f`` and short beyond
        ``tolerance``, refresh the worklist roll-up of its days; return the lines marked."""
        ...

    def line_ids(
        self,
        key: UnderpaidGroupKey,
        f: PeriodFilter,
        tolerance: Tolerance,
        *,
        offset: int,
        limit: int,
    ) -> tuple[list[int], int]:
        """A page of the row's line ids (ascending) and how many lines the row has."""
        ...
