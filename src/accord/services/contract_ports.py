"""What the contract and billing services need from outside: files, tables, Medicare prices.

Adapters in ``adapters/contracts`` satisfy them; ``bootstrap`` builds them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from accord.domain.economics.code_labels import CodeLabels
from accord.domain.economics.contracts import Contract
from accord.domain.economics.expected import MedicarePrice
from accord.domain.economics.kx_threshold import KxThresholds
from accord.domain.economics.medicare_locality import (
    NATIONAL_LOCALITY,
    MedicareLocality,
    PracticePlace,
)

__all__ = ["ContractFileStore", "MedicarePriceSource", "ReferenceTableSource"]


class ContractFileStore(Protocol):
    """Contract files (CSV or XLSX): read whole or refused; written atomically."""

    def read(self, path: Path) -> list[Contract]: ...
    def read_bytes(self, data: bytes, *, name: str) -> list[Contract]: ...
    def write(self, path: Path, contracts: Sequence[Contract]) -> None: ...


class ReferenceTableSource(Protocol):
    """Reference tables: remittance code labels and therapy KX thresholds."""

    def code_labels(self, path: Path) -> CodeLabels: ...
    def kx_thresholds(self, path: Path | None = None) -> KxThresholds: ...


class MedicarePriceSource(Protocol):
    """Medicare's amount of one unit of a code (with a pricing modifier) in a year and a
    payment locality (``national`` by default), and which locality serves a place.

    ``fingerprint`` names the schedule served (its files): when it changes, the stored
    expected amounts are priced again.
    """

    @property
    def fingerprint(self) -> str: ...

    def price(
        self, code: str, modifier: str, year: int, locality: str = NATIONAL_LOCALITY
    ) -> MedicarePrice | None: ...

    def locality(self, place: PracticePlace) -> MedicareLocality:
        """The locality whose amounts price a contract at ``place`` (see
        :func:`accord.domain.economics.medicare_locality.choose_locality`)."""
        ...
