"""The therapy KX threshold: packaged data per year, and when a patient crosses it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from accord.adapters.contracts.reference_tables import ReferenceTables
from accord.domain.economics.kx_threshold import kx_status
from accord.errors import InputFileError, NotFoundError
from accord.services.contracts import kx_threshold_status

D = Decimal


def test_the_packaged_table_holds_2025_and_2026_with_their_sources() -> None:
    table = ReferenceTables().kx_thresholds()
    assert table.for_year(2025).amount == D(2410)
    assert table.for_year(2026).amount == D(2480)
    assert "CY 2026" in table.for_year(2026).source
    with pytest.raises(NotFoundError, match="no therapy KX threshold for 2024"):
        table.for_year(2024)


def test_the_visit_that_takes_the_year_above_the_threshold_is_the_first_to_need_kx() -> None:
    # 40 visits of $60.00 reach $2,400.00 (not over $2,410); the 41st ($2,460) crosses.
    visits = [(date(2025, 1, 2 + i // 5), D("60.00")) for i in range(45)]
    status = kx_threshold_status(ReferenceTables(), 2025, visits)
    assert status.first_kx_service == 40
    assert status.crossed_on == visits[40][0]
    assert status.year_to_date == D("2700.00") and status.remaining == D(0)


def test_therapy_elsewhere_earlier_in_the_year_counts_toward_the_threshold() -> None:
    status = kx_status(D(2480), [(date(2026, 5, 1), D("50"))], prior_year_to_date=D("2450"))
    assert (status.first_kx_service, status.crossed_on) == (0, date(2026, 5, 1))
    below = kx_status(D(2480), [(date(2026, 5, 1), D("30"))], prior_year_to_date=D("2450"))
    assert below.crossed_on is None and below.remaining == D(0)
    assert kx_status(D(2480), []).remaining == D(2480)


def test_services_are_taken_in_date_order() -> None:
    status = kx_status(D(100), [(date(2025, 3, 2), D(60)), (date(2025, 3, 1), D(60))])
    assert status.crossed_on == date(2025, 3, 2)


def test_a_threshold_table_with_a_bad_amount_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "kx.csv"
    path.write_text("year,amount,source\n2025,2410,CMS\n2026,lots,CMS\n")
    with pytest.raises(
        InputFileError, match=r"kx\.csv, line 3: column 'amount': expected a number"
    ):
        ReferenceTables().kx_thresholds(path)
