"""The payer scorecard over stored remittances: revenue, visits, units, paid per visit,
unit and code, % of Medicare, days to pay, denials, underpayments and patient share per
payer, ranked (see :mod:`accord.domain.economics.scorecard` for each figure)::

    card = payer_scorecard(accord.store.unit_of_work, accord.medicare_prices,
                           start=date(2026, 1, 1), end=date(2026, 12, 31))
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from accord.domain.economics.scorecard import PayerScore, scorecard
from accord.domain.economics.underpayments import WorklistStatus
from accord.services.contract_ports import MedicarePriceSource
from accord.services.documents import DocumentFiles
from accord.services.ports import UnitOfWorkFactory
from accord.services.underpayment_worklist import worklist_of

__all__ = [
    "CSV_COLUMNS",
    "Scorecard",
    "export_scorecard_csv",
    "payer_scorecard",
    "scorecard_csv",
    "scorecard_rows",
]


@dataclass(frozen=True, slots=True)
class Scorecard:
    """Every payer's score over ``start``..``end`` (``None``: no bound)."""

    start: date | None
    end: date | None
    payers: list[PayerScore]


def payer_scorecard(
    uow_factory: UnitOfWorkFactory,
    medicare: MedicarePriceSource,
    *,
    start: date | None = None,
    end: date | None = None,
) -> Scorecard:
    """Score each payer over the stored lines dated ``start``..``end``."""
    with uow_factory() as uow:
        paid = uow.economics.paid_lines(start=start, end=end)
    worklist = worklist_of(uow_factory, paid, medicare)
    open_ = (WorklistStatus.NEW, WorklistStatus.APPEALED)
    underpaid: dict[str, Decimal] = defaultdict(Decimal)
    for g in worklist.groups:
        if g.status in open_:
            underpaid[g.group.payer] += g.group.amount_at_stake
    prices: dict[tuple[str, int], Decimal] = {}
    for key in {(p.line.code, p.line.date_of_service.year) for p in paid}:
        price = medicare.price(key[0], "", key[1])
        if price is not None:
            prices[key] = price.total
    return Scorecard(start, end, scorecard(paid, underpaid, prices))


def _fmt(value: Decimal | float | None, places: int = 2) -> str:
    if value is None:
        return ""
    return f"{Decimal(str(value)):.{places}f}"


CSV_COLUMNS = (
    "rank", "payer", "revenue", "visits", "units", "claims", "paid_per_visit", "paid_per_unit",
    "percent_of_medicare", "median_days_to_pay", "denial_rate_percent", "top_denial_reasons",
    "underpaid_open", "patient_share_percent",
)  # fmt: skip


def scorecard_rows(card: Scorecard) -> list[dict[str, str]]:
    """One flat row per payer, the figures as text (dollars with cents, rates in %)."""
    hundred = Decimal(100)
    return [
        {
            "rank": str(s.rank),
            "payer": s.payer,
            "revenue": _fmt(s.revenue),
            "visits": str(s.visits),
            "units": str(s.units),
            "claims": str(s.claims),
            "paid_per_visit": _fmt(s.paid_per_visit),
            "paid_per_unit": _fmt(s.paid_per_unit),
            "percent_of_medicare": _fmt(
                s.medicare_share * hundred if s.medicare_share else None, 1
            ),
            "median_days_to_pay": _fmt(s.days_to_pay, 1),
            "denial_rate_percent": _fmt(
                s.denial_rate * hundred if s.denial_rate is not None else None, 1
            ),
            "top_denial_reasons": "; ".join(f"{r} ×{n}" for r, n in s.top_denial_reasons),
            "underpaid_open": _fmt(s.underpaid),
            "patient_share_percent": _fmt(
                s.patient_share * hundred if s.patient_share is not None else None, 1
            ),
        }
        for s in card.payers
    ]


def export_scorecard_csv(files: DocumentFiles, path: Path, card: Scorecard) -> Path:
    """Write the scorecard as CSV (one row per payer), whole or not at all."""
    return files.write(path, scorecard_csv(card), overwrite=True)


def scorecard_csv(card: Scorecard) -> bytes:
    """The scorecard as CSV bytes (UTF-8), one row per payer."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in scorecard_rows(card):
        # a payer's name from a file must not become a spreadsheet formula
        if row["payer"][:1] in ("=", "+", "-", "@"):
            row["payer"] = "'" + row["payer"]
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")
