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
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from accord.domain.economics.scorecard import (
    CodeFigures,
    PayerScore,
    median_of_counts,
    rank_scores,
    top_reasons,
)
from accord.services.contract_ports import MedicarePriceSource
from accord.services.documents import DocumentFiles
from accord.services.economics_ports import PeriodFilter
from accord.services.economics_refresh import refresh_economics
from accord.services.medicare_localities import locality_lines
from accord.services.ports import UnitOfWorkFactory
from accord.services.underpayment_worklist import open_underpaid_by_payer

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
    medicare_localities: list[str] = field(default_factory=list)
    """Which Medicare locality the % of Medicare used, for each contract and the rest."""


def _dollars(cents: int) -> Decimal:
    return Decimal(cents) / 100


def payer_scorecard(
    uow_factory: UnitOfWorkFactory,
    medicare: MedicarePriceSource,
    *,
    start: date | None = None,
    end: date | None = None,
) -> Scorecard:
    """Score each payer over the stored lines dated ``start``..``end``.

    The figures are sums of the daily roll-ups of the stored read model (brought up to
    date first); a claim whose lines span several days counts on its first day of
    service, with its denial and its days to pay.
    """
    refresh_economics(uow_factory, medicare)
    period = PeriodFilter(start, end)
    underpaid = open_underpaid_by_payer(uow_factory, period)
    with uow_factory() as uow:
        rollup = uow.economics_rollup
        payers = rollup.payer_totals(period)
        codes: dict[str, list[CodeFigures]] = defaultdict(list)
        for payer, code, units, paid in sorted(rollup.code_totals(period)):
            codes[payer].append(CodeFigures(code, units, _dollars(paid)))
        waits: dict[str, dict[int, int]] = defaultdict(dict)
        for payer, days, claims in rollup.waits(period):
            waits[payer][days] = claims
        reasons: dict[str, dict[str, int]] = defaultdict(dict)
        for payer, reason, lines in rollup.denial_reasons(period):
            reasons[payer][reason] = lines
    scores = [
        PayerScore(
            payer=t.payer,
            rank=0,
            revenue=_dollars(t.paid_cents),
            visits=t.visits,
            units=t.units,
            claims=t.claims,
            allowed=_dollars(t.allowed_cents),
            patient_responsibility=_dollars(t.patient_cents),
            medicare_share=(
                Decimal(t.medicare_allowed_cents) / t.medicare_cents if t.medicare_cents else None
            ),
            days_to_pay=median_of_counts(waits.get(t.payer, {})),
            denied_claims=t.denied_claims,
            top_denial_reasons=top_reasons(reasons.get(t.payer, {})),
            underpaid=underpaid.get(t.payer, Decimal(0)),
            codes=tuple(codes.get(t.payer, ())),
        )
        for t in payers
        if t.lines
    ]
    return Scorecard(start, end, rank_scores(scores), locality_lines(uow_factory, medicare))


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
