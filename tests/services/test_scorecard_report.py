"""The payer scorecard report: every figure read back from the DOCX and the PDF equals the
scorecard service's numbers, on SQLite and PostgreSQL, with the demo practice's year of
835 remittances (three payers, denials, an underpaid code)."""

from __future__ import annotations

import dataclasses
import io
from datetime import date
from decimal import Decimal
from typing import ClassVar

import docx
import pytest

from accord.bootstrap import Accord
from accord.domain.economics.expected import MedicarePrice
from accord.domain.economics.medicare_locality import (
    NATIONAL_LOCALITY,
    MedicareLocality,
    PracticePlace,
)
from accord.domain.economics.scorecard import PayerScore
from accord.errors import ValidationError
from accord.services import demo, demo_economics, scorecards
from accord.services.documents import DocumentFormat
from accord.services.scorecard_report import make_scorecard_document
from tests.support.extract import docx_tables, pdf_text


class ThreeCodesMedicare:
    """A small stand-in for the Medicare fee schedule port: three codes priced in 2026,
    so the % of Medicare column has figures (the PFS adapter has its own tests)."""

    PRICES: ClassVar[dict[str, Decimal]] = {
        "97110": Decimal("31.92"),
        "97140": Decimal("29.16"),
        "97530": Decimal("36.24"),
    }

    @property
    def fingerprint(self) -> str:
        """Names this schedule, so the stored expected amounts are priced with it."""
        return "three-codes-2026"

    def price(
        self, code: str, modifier: str, year: int, locality: str = NATIONAL_LOCALITY
    ) -> MedicarePrice | None:
        total = self.PRICES.get(code) if year == 2026 else None
        return None if total is None else MedicarePrice(total, total / 2, True)

    def locality(self, place: PracticePlace) -> MedicareLocality:
        """Every place priced by the one schedule."""
        return MedicareLocality(NATIONAL_LOCALITY, "national")


def _money(value: Decimal) -> str:
    return f"${value.quantize(Decimal('0.01')):,.2f}"


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def expected_rates(s: PayerScore) -> list[str]:
    assert s.paid_per_visit is not None and s.paid_per_unit is not None
    return [str(s.rank), s.payer, _money(s.revenue), f"{s.visits:,}", f"{s.units:,}",
            _money(s.paid_per_visit), _money(s.paid_per_unit), _pct(s.medicare_share)]  # fmt: skip


def expected_service(s: PayerScore) -> list[str]:
    reasons = "; ".join(f"{r} ×{n}" for r, n in s.top_denial_reasons) or "—"
    days = "—" if s.days_to_pay is None else f"{s.days_to_pay:.1f}"
    return [str(s.rank), s.payer, f"{s.claims:,}", days, _pct(s.denial_rate), reasons,
            _money(s.underpaid), _pct(s.patient_share)]  # fmt: skip


@pytest.fixture
def practice(accord: Accord) -> Accord:
    """The demo record and the demo practice's remittances and contracts."""
    demo.load_demo(accord.store.unit_of_work, accord.clock.now())
    demo_economics.load_demo_economics(
        accord.store.unit_of_work, accord.remittance_reader, accord.clock,
        accord.demo_remittances,
    )  # fmt: skip
    return dataclasses.replace(accord, medicare_prices=ThreeCodesMedicare())


def _report(accord: Accord, fmt: DocumentFormat, **period: date) -> bytes:
    return make_scorecard_document(
        accord.store.unit_of_work, accord.medicare_prices, accord.renderers, accord.templates,
        accord.charts, accord.clock.now(), fmt, docx_templates=accord.docx_templates, **period,
    ).content  # fmt: skip


def test_every_figure_in_the_docx_and_pdf_is_the_scorecard_services(practice: Accord) -> None:
    period = {"start": date(2026, 1, 1), "end": date(2026, 6, 30)}
    card = scorecards.payer_scorecard(practice.store.unit_of_work, practice.medicare_prices,
                                      **period)  # fmt: skip
    payers = card.payers
    assert len(payers) == 3 and all(s.medicare_share is not None for s in payers)
    assert any(s.underpaid > 0 for s in payers) and any(s.denied_claims for s in payers)
    word = _report(practice, DocumentFormat.DOCX, **period)
    rates, service, codes = docx_tables(word)
    assert rates[1:] == [expected_rates(s) for s in payers]
    assert service[1:] == [expected_service(s) for s in payers]
    assert codes[1:] == [
        [s.payer, c.code, f"{c.units:,}", _money(c.paid),
         _money(c.paid_per_unit) if c.paid_per_unit is not None else "—"]
        for s in payers for c in s.codes
    ]  # fmt: skip
    paragraphs = " ".join(p.text for p in docx.Document(io.BytesIO(word)).paragraphs)
    total = sum((s.revenue for s in payers), Decimal(0))
    assert f"3 payers paid {_money(total)} for {sum(s.visits for s in payers):,} visits" in (
        paragraphs
    )
    assert "1 January 2026 to 30 June 2026" in paragraphs
    assert len(docx.Document(io.BytesIO(word)).inline_shapes) == 2  # the two charts
    pdf = _report(practice, DocumentFormat.PDF, **period)
    text = pdf_text(pdf).replace(" ", "")
    for s in payers:  # the PDF wraps cells; the figures stay whole
        for cell in expected_rates(s)[2:] + expected_service(s)[2:]:
            assert cell.replace(" ", "") in text, (s.payer, cell)
        for c in s.codes:
            assert _money(c.paid).replace(" ", "") in text
    assert "Paidperunit" in text and "Paidpervisit" in text  # the charts' titles


def test_an_empty_period_says_so_and_a_reversed_one_is_refused(practice: Accord) -> None:
    empty = _report(practice, DocumentFormat.PDF, start=date(2020, 1, 1), end=date(2020, 12, 31))
    assert "No remittances are stored for 1 January 2020 to 31 December 2020" in pdf_text(empty)
    with pytest.raises(ValidationError, match="the period ends before it starts"):
        _report(practice, DocumentFormat.DOCX, start=date(2026, 2, 1), end=date(2026, 1, 1))
