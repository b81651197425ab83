"""The scorecard workbook keeps text as text: leading zeros stay, nothing is a formula."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl

from accord.adapters.workbooks import OpenpyxlWorkbooks
from accord.services.workbook_ports import Sheet


def test_text_cells_stay_text_and_numbers_stay_numbers() -> None:
    data = OpenpyxlWorkbooks().xlsx_bytes(
        [Sheet("Payers", ["payer", "zip", "paid"],
               [['=HYPERLINK("http://x")', "02134", Decimal("12.30")], ["A", None, 3]])]
    )  # fmt: skip
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Payers"]
    assert [c.value for c in sheet[1]] == ["payer", "zip", "paid"]
    payer, zip_code, paid = sheet[2]
    assert (payer.value, payer.data_type) == ('=HYPERLINK("http://x")', "s")
    assert (zip_code.value, zip_code.number_format) == ("02134", "@")
    assert paid.value == 12.3
    assert [c.value for c in sheet[3]] == ["A", None, 3]
