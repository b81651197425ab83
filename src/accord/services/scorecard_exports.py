"""The payer scorecard as a workbook (XLSX) and as charts (SVG)::

data = scorecard_xlsx(accord.workbooks, card)
svg = scorecard_chart(accord.charts, card, "paid-per-unit")
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from accord.errors import ValidationError
from accord.services.chart_ports import Charts
from accord.services.documents import DocumentFiles
from accord.services.scorecards import Scorecard
from accord.services.workbook_ports import Cell, Sheet, Workbooks

__all__ = [
    "CHARTS",
    "export_scorecard_xlsx",
    "scorecard_chart",
    "scorecard_xlsx",
]

_HUNDRED = Decimal(100)
CHARTS = {
    "paid-per-unit": "Paid per unit (lowest first)",
    "days-to-pay": "Median days to pay",
    "percent-of-medicare": "Allowed as % of Medicare",
}
"""The scorecard's charts, by name: what each shows."""


def _cents(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


def _percent(value: Decimal | None) -> Decimal | None:
    return None if value is None else (value * _HUNDRED).quantize(Decimal("0.1"))


def scorecard_xlsx(workbooks: Workbooks, card: Scorecard) -> bytes:
    """Two sheets: one row per payer (the CSV's columns), and one per payer × code.

    Payer names and codes are text cells (a code keeps its leading zeros, a name is never
    a formula); money is in dollars with cents, rates in %.
    """
    payers: list[list[Cell]] = [
        [
            s.rank, s.payer, _cents(s.revenue), s.visits, s.units, s.claims,
            _cents(s.paid_per_visit), _cents(s.paid_per_unit), _percent(s.medicare_share),
            s.days_to_pay, _percent(s.denial_rate),
            "; ".join(f"{r} ×{n}" for r, n in s.top_denial_reasons), _cents(s.underpaid),
            _percent(s.patient_share),
        ]
        for s in card.payers
    ]  # fmt: skip
    codes: list[list[Cell]] = [
        [s.payer, c.code, c.units, _cents(c.paid), _cents(c.paid_per_unit)]
        for s in card.payers
        for c in s.codes
    ]
    period = [
        ["from", card.start.isoformat() if card.start else "(first stored)"],
        ["to", card.end.isoformat() if card.end else "(last stored)"],
        ["ranked by", "paid per unit, lowest first"],
    ]
    return workbooks.xlsx_bytes(
        [
            Sheet("Payers", ["rank", "payer", "revenue", "visits", "units", "claims",
                             "paid per visit", "paid per unit", "% of Medicare",
                             "median days to pay", "denial rate %", "top denial reasons",
                             "underpaid (open)", "patient share %"], payers),
            Sheet("Codes", ["payer", "code", "units", "paid", "paid per unit"], codes),
            Sheet("Period", ["", ""], period),
        ]
    )  # fmt: skip


def export_scorecard_xlsx(
    files: DocumentFiles, workbooks: Workbooks, path: Path, card: Scorecard
) -> Path:
    """Write the scorecard workbook to ``path``, whole or not at all."""
    return files.write(path, scorecard_xlsx(workbooks, card), overwrite=True)


def scorecard_chart(charts: Charts, card: Scorecard, name: str) -> str:
    """One of :data:`CHARTS` as SVG: a bar per payer, in the scorecard's rank order."""
    if name == "paid-per-unit":
        bars = [(s.payer, float(s.paid_per_unit)) for s in card.payers if s.paid_per_unit]
        return charts.price_bars_svg(CHARTS[name], bars)
    if name == "days-to-pay":
        days = [(s.payer, s.days_to_pay) for s in card.payers if s.days_to_pay is not None]
        return charts.price_bars_svg(CHARTS[name], days, unit="days")
    if name == "percent-of-medicare":
        shares = [(s.payer, float(s.medicare_share * _HUNDRED)) for s in card.payers
                  if s.medicare_share is not None]  # fmt: skip
        return charts.price_bars_svg(CHARTS[name], shares, unit="percent")
    raise ValidationError(f"expected a chart among {', '.join(CHARTS)}, found {name!r}",
                          field="chart")  # fmt: skip
