"""Spreadsheet workbooks the services write (XLSX), behind a port so that a service never
imports a spreadsheet library::

    data = accord.workbooks.xlsx_bytes([Sheet("Payers", ["payer", "revenue"], rows)])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

__all__ = ["Cell", "Sheet", "Workbooks"]

Cell = str | int | Decimal | float | None
"""A cell: text stays text (identifiers keep their leading zeros), numbers are numbers."""


@dataclass(frozen=True, slots=True)
class Sheet:
    """One worksheet: its name, column headings and rows."""

    name: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]


class Workbooks(Protocol):
    """Writes workbooks: every text cell stored as text, never read as a formula."""

    def xlsx_bytes(self, sheets: Sequence[Sheet]) -> bytes: ...
