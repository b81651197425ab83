"""What the practice-economics services need from the store: stored contracts, the paid
service lines of stored remittances, the underpayment worklist and code labels.

The SQL adapters live in ``adapters/store`` and are reached through the unit of work
(``uow.contracts``, ``uow.economics``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from accord.domain.economics.contracts import Contract
from accord.domain.economics.scorecard import PaidLine

__all__ = ["ContractRepository", "ContractRow", "EconomicsQueries", "PaidLine"]


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
    def all(self) -> list[tuple[int, Contract]]: ...
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

    def statuses(self) -> dict[str, str]: ...
    def set_status(self, line_ids: Sequence[int], status: str, *, at: datetime) -> int: ...
    def code_labels(self) -> list[tuple[str, str, str]]: ...
    def replace_code_labels(self, rows: Sequence[tuple[str, str, str]]) -> None: ...
