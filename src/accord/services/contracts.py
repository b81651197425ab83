"""Use cases of payer contracts: check, import and export fee-schedule files; expected vs
paid and underpayments for service lines; the therapy KX threshold.

The files, label tables and Medicare prices come through the ports of
``services/contract_ports.py`` (adapters in ``adapters/contracts``, wired in
``bootstrap``). Storing contracts comes later; for now a contract lives in its file::

    summary = check_contract_file(app.contract_files, Path("acme-2025.xlsx"), today=today)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from accord.domain.economics.code_labels import CodeLabels
from accord.domain.economics.contracts import Contract, ContractDeadline, contract_deadlines
from accord.domain.economics.expected import (
    ExpectedLine,
    MedicarePrice,
    expected_amounts,
    medicare_key,
)
from accord.domain.economics.kx_threshold import KxStatus, kx_status
from accord.domain.economics.medicare_locality import MedicareLocality, PracticePlace
from accord.domain.economics.service_lines import ServiceLine
from accord.domain.economics.underpayments import Tolerance, UnderpaymentGroup, underpayments
from accord.services.contract_ports import (
    ContractFileStore,
    MedicarePriceSource,
    ReferenceTableSource,
)
from accord.services.medicare_localities import LocalMedicare

__all__ = [
    "ContractSummary",
    "check_contract_file",
    "expected_vs_paid",
    "export_contracts",
    "find_underpayments",
    "import_contracts",
    "kx_threshold_status",
    "load_code_labels",
]


@dataclass(frozen=True, slots=True)
class ContractSummary:
    """What a contract file holds, for a check before import."""

    payer: str
    effective: date
    end: date | None
    auto_renews: bool
    rates: int
    codes: int
    rates_by_basis: dict[str, int]
    units_policy: str
    mppr: bool
    timely_filing_days: int
    deadlines: list[ContractDeadline]


def import_contracts(files: ContractFileStore, path: Path) -> list[Contract]:
    """Every contract of a fee-schedule file, validated; nothing when one row is wrong."""
    return files.read(path)


def export_contracts(files: ContractFileStore, path: Path, contracts: Sequence[Contract]) -> None:
    """Write contracts to a CSV or XLSX file (the same layout :func:`import_contracts` reads)."""
    files.write(path, contracts)


def check_contract_file(
    files: ContractFileStore, path: Path, *, today: date
) -> list[ContractSummary]:
    """Validate a fee-schedule file and summarise each contract with its next deadlines."""
    return [
        ContractSummary(
            payer=c.payer,
            effective=c.effective,
            end=c.end,
            auto_renews=c.auto_renews,
            rates=len(c.entries),
            codes=len({e.code for e in c.entries}),
            rates_by_basis=dict(Counter(e.basis.value for e in c.entries)),
            units_policy=c.units_policy.value,
            mppr=c.mppr,
            timely_filing_days=c.timely_filing_days,
            deadlines=contract_deadlines(c, today=today),
        )
        for c in files.read(path)
    ]


def expected_vs_paid(
    lines: Sequence[ServiceLine],
    contracts: Sequence[Contract],
    medicare: MedicarePriceSource,
    *,
    practice: PracticePlace | None = None,
) -> list[ExpectedLine]:
    """Expected amount, allowed and variance for each line (input order kept).

    Medicare's amounts are those of each contract's locality (its ZIP, else the
    ``practice``'s place: see :mod:`accord.services.medicare_localities`). All the lines of
    a visit share a payer and a day, so a contract and a locality: each locality's lines
    are priced together.
    """
    local = LocalMedicare(medicare, practice or PracticePlace())
    years = {e.medicare_year for c in contracts for e in c.entries if e.medicare_year}
    by_locality: dict[MedicareLocality, list[int]] = {}
    for i, line in enumerate(lines):
        where = local.for_line(contracts, line.payer, line.date_of_service)
        by_locality.setdefault(where, []).append(i)
    result: list[ExpectedLine | None] = [None] * len(lines)
    for where, indexes in by_locality.items():
        prices: dict[tuple[str, str, int], MedicarePrice] = {}
        # each code, modifiers and year once: a year's lines repeat a few dozen of them
        seen: set[tuple[str, tuple[str, ...], int]] = set()
        for i in indexes:
            line = lines[i]
            billed = (line.code, line.modifiers, line.date_of_service.year)
            if billed in seen:
                continue
            seen.add(billed)
            for year in years | {billed[2]}:
                key = medicare_key(line, year)
                if key not in prices and (price := local.price(*key, where)) is not None:
                    prices[key] = price
        priced = expected_amounts([lines[i] for i in indexes], contracts, prices)
        for i, expected in zip(indexes, priced, strict=True):
            result[i] = expected
    return [r for r in result if r is not None]


def find_underpayments(
    lines: Sequence[ServiceLine],
    contracts: Sequence[Contract],
    medicare: MedicarePriceSource,
    labels: CodeLabels,
    *,
    tolerance: Tolerance | None = None,
    practice: PracticePlace | None = None,
) -> list[UnderpaymentGroup]:
    """Lines allowed below their contract beyond ``tolerance``, by payer, code and reason."""
    expected = expected_vs_paid(lines, contracts, medicare, practice=practice)
    return underpayments(expected, tolerance or Tolerance(), labels)


def load_code_labels(tables: ReferenceTableSource, path: Path) -> CodeLabels:
    """An admin's CARC/RARC (and group, CLP02, PLB) label table, read whole or refused."""
    return tables.code_labels(path)


def kx_threshold_status(
    tables: ReferenceTableSource,
    year: int,
    services: Sequence[tuple[date, Decimal]],
    *,
    prior_year_to_date: Decimal = Decimal(0),
    thresholds_path: Path | None = None,
) -> KxStatus:
    """Where a patient's year-to-date therapy stands against the year's KX threshold."""
    threshold = tables.kx_thresholds(thresholds_path).for_year(year)
    return kx_status(threshold.amount, services, prior_year_to_date=prior_year_to_date)
