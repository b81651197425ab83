"""Fee-schedule files in CSV and XLSX: ids stay text, errors are located, nothing partial."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from accord.adapters.contracts.contract_files import ContractFiles
from accord.domain.economics.fee_schedule import RateBasis
from accord.domain.economics.units import UnitPolicy
from accord.errors import InputFileError
from accord.services.contracts import check_contract_file, export_contracts, import_contracts

HEADER = (
    "Payer,Effective Date,End Date,Auto Renews,Notice Days,Timely Filing Days,Units Policy,"
    "MPPR,TIN,NPI,ZIP,Code,Modifier,Place of Service,Basis,Rate,Medicare Year\n"
)
ROWS = (
    "Acme Health,2025-01-01,2025-12-31,yes,90,90,per-code,no,012345678,1234567893,02134,"
    "97110,GP,11,amount,$31.50,\n"
    "Acme Health,2025-01-01,2025-12-31,yes,90,90,per-code,no,012345678,1234567893,02134,"
    "97140,,,percent_of_medicare,110%,2025\n"
    "Beacon Care,01/01/2025,,no,,,,,,,,G0283,,,percent_of_charges,45,\n"
)


def write(tmp_path: Path, text: str, name: str = "fees.csv") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_csv_fee_schedule_reads_with_leading_zeros_kept(tmp_path: Path) -> None:
    acme, beacon = import_contracts(ContractFiles(), write(tmp_path, HEADER + ROWS))
    assert (acme.tin, acme.npi, acme.zip_code) == ("012345678", "1234567893", "02134")
    assert (acme.notice_days, acme.timely_filing_days, acme.auto_renews) == (90, 90, True)
    assert acme.units_policy is UnitPolicy.PER_CODE and not acme.mppr
    first, second = acme.entries
    assert (first.code, first.modifier, first.place_of_service) == ("97110", "GP", "11")
    assert (first.basis, first.value) == (RateBasis.AMOUNT, Decimal("31.50"))
    assert (second.basis, second.value, second.medicare_year) == (
        RateBasis.PERCENT_OF_MEDICARE,
        Decimal(110),
        2025,
    )
    assert beacon.effective == date(2025, 1, 1) and beacon.end is None
    assert beacon.entries[0].code == "G0283" and beacon.mppr


@pytest.mark.parametrize(
    ("bad", "good", "where"),
    [
        ("97110,GP,11,amount,$31.50", "9711,GP,11,amount,$31.50", "line 2: column 'code'"),
        ("97110,GP,11,amount,$31.50", "97110,GP,11,amount,lots", "line 2: column 'rate'"),
        ("97110,GP,11,amount", "97110,GP,1A,amount", "line 2: column 'place_of_service'"),
        ("02134,97140", "2134,97140", "line 3: column 'zip'"),
        ("1234567893,02134,97140", "1234567890,02134,97140", "line 3: column 'npi'"),
        ("110%,2025", "110%,", "line 3: column 'medicare_year'"),
        ("Beacon Care,01/01/2025,", "Beacon Care,13/01/2025,", "line 4: column 'effective_date'"),
        ("percent_of_charges,45", "percent_of_charges,1500", "line 4: column 'rate'"),
    ],
)
def test_a_bad_cell_is_reported_with_file_line_and_column(
    tmp_path: Path, bad: str, good: str, where: str
) -> None:
    rows = ROWS.replace(bad, good, 1) if bad in ROWS.splitlines()[0] else _replace_last(bad, good)
    path = write(tmp_path, HEADER + rows)
    with pytest.raises(InputFileError, match=rf"fees\.csv, {where}: "):
        import_contracts(ContractFiles(), path)


def _replace_last(bad: str, good: str) -> str:
    lines = ROWS.splitlines(keepends=True)
    for i in range(len(lines) - 1, -1, -1):
        if bad in lines[i]:
            lines[i] = lines[i].replace(bad, good, 1)
            break
    return "".join(lines)


def test_rows_of_one_contract_that_disagree_on_its_terms_are_refused(tmp_path: Path) -> None:
    rows = _replace_last("yes,90,90", "yes,60,90")
    with pytest.raises(InputFileError, match=r"line 3: column 'notice_days': differs from line 2"):
        import_contracts(ContractFiles(), write(tmp_path, HEADER + rows))


def test_a_file_without_the_required_columns_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match=r"expected the column\(s\) basis, rate"):
        path = write(tmp_path, "payer,effective_date,code\nA,2025-01-01,97110\n")
        import_contracts(ContractFiles(), path)


def test_an_end_before_the_effective_date_is_refused_with_its_line(tmp_path: Path) -> None:
    rows = ROWS.replace("2025-01-01,2025-12-31", "2025-01-01,2024-12-31")
    with pytest.raises(InputFileError, match=r"line 2: column 'end_date': the end date 2024-12-31"):
        import_contracts(ContractFiles(), write(tmp_path, HEADER + rows))


def test_an_export_reads_back_identically_in_csv_and_xlsx(tmp_path: Path) -> None:
    files = ContractFiles()
    contracts = import_contracts(files, write(tmp_path, HEADER + ROWS))
    for name in ("out.csv", "out.xlsx"):
        export_contracts(files, tmp_path / name, contracts)
        assert import_contracts(files, tmp_path / name) == contracts
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fees.csv", "out.csv", "out.xlsx"]
    sheet = load_workbook(tmp_path / "out.xlsx").worksheets[0]
    assert sheet["J2"].value == "012345678" and sheet["J2"].number_format == "@"


def _workbook(tmp_path: Path, zip_value: object, zip_format: str = "General") -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["payer", "effective_date", "zip", "code", "basis", "rate"])
    sheet.append(["Acme Health", date(2025, 1, 1), zip_value, 97110, "amount", 31.5])
    sheet["C2"].number_format = zip_format
    path = tmp_path / "fees.xlsx"
    book.save(path)
    return path


def test_a_workbook_zip_typed_as_text_keeps_its_leading_zero(tmp_path: Path) -> None:
    (contract,) = import_contracts(ContractFiles(), _workbook(tmp_path, "02134"))
    assert contract.zip_code == "02134"
    assert contract.entries[0].code == "97110" and contract.entries[0].value == Decimal("31.5")


def test_a_workbook_zip_stored_as_a_number_with_a_zero_padded_format_is_restored(
    tmp_path: Path,
) -> None:
    (contract,) = import_contracts(ContractFiles(), _workbook(tmp_path, 2134, "00000"))
    assert contract.zip_code == "02134"


def test_a_workbook_zip_that_lost_its_zero_is_refused_rather_than_guessed(tmp_path: Path) -> None:
    where = r"fees\.xlsx, line 2: column 'zip': .*format the column as Text"
    with pytest.raises(InputFileError, match=where):
        import_contracts(ContractFiles(), _workbook(tmp_path, 2134))


def test_a_file_that_is_not_a_workbook_is_refused_with_its_name(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match=r"fees\.xlsx: expected an Excel workbook"):
        import_contracts(ContractFiles(), write(tmp_path, HEADER + ROWS, "fees.xlsx"))


def test_an_export_that_cannot_be_renamed_into_place_leaves_no_temporary(tmp_path: Path) -> None:
    files = ContractFiles()
    contracts = import_contracts(files, write(tmp_path, HEADER + ROWS))
    (tmp_path / "out.xlsx").mkdir()  # a folder where the file should go: the rename fails
    with pytest.raises(InputFileError, match=r"out\.xlsx: cannot write the file"):
        export_contracts(files, tmp_path / "out.xlsx", contracts)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fees.csv", "out.xlsx"]
    assert not any((tmp_path / "out.xlsx").iterdir())


def test_checking_a_file_summarises_each_contract_with_its_deadlines(tmp_path: Path) -> None:
    acme, beacon = check_contract_file(
        ContractFiles(), write(tmp_path, HEADER + ROWS), today=date(2025, 6, 1)
    )
    assert (acme.rates, acme.codes, acme.rates_by_basis) == (
        2,
        2,
        {"amount": 1, "percent_of_medicare": 1},
    )
    assert [(d.kind, d.due) for d in acme.deadlines] == [
        ("notice", date(2025, 10, 2)),
        ("renewal", date(2025, 12, 31)),
    ]
    assert beacon.deadlines == []


def test_a_second_rate_for_the_same_code_is_reported_at_its_own_line(tmp_path: Path) -> None:
    rows = ROWS + ROWS.splitlines(keepends=True)[0].replace("$31.50", "$33.00")
    with pytest.raises(InputFileError, match=r"line 5: column 'code': 97110 has a second rate"):
        import_contracts(ContractFiles(), write(tmp_path, HEADER + rows))
