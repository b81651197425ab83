"""Rows of a CSV file or of an XLSX workbook's first sheet, as cells a reader converts.

Identifier columns (TIN, NPI, ZIP, HCPCS, modifier, place of service) are read as text:
a CSV cell is text already; a workbook cell typed as a number has lost its leading zeros
unless its number format pads them (``00000``), so :func:`id_text` restores those and
refuses the rest with the row and column.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from accord.errors import InputFileError

__all__ = [
    "Cell",
    "Row",
    "cell_bool",
    "cell_date",
    "cell_decimal",
    "cell_int",
    "id_text",
    "read_rows",
]

CellValue = str | int | float | bool | date | datetime | None


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell: its value as stored and, in a workbook, its number format."""

    value: CellValue
    number_format: str = "General"

    @property
    def blank(self) -> bool:
        """True for an empty cell or one of spaces."""
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


@dataclass(frozen=True, slots=True)
class Row:
    """A data row: its line (CSV) or row number (workbook) and its cells by column name."""

    path: str
    line: int
    cells: dict[str, Cell]

    def cell(self, column: str) -> Cell:
        """The cell of ``column`` (a blank one when the file lacks the column)."""
        return self.cells.get(column, Cell(None))

    def error(self, column: str, message: str) -> InputFileError:
        """An error naming the file, the row and the column."""
        return InputFileError(f"column {column!r}: {message}", path=self.path, line=self.line)


def _header(values: list[CellValue], path: Path, line: int) -> list[str]:
    names = [str(v).strip().lower().replace(" ", "_") if v is not None else "" for v in values]
    seen = [n for n in names if n]
    if len(seen) != len(set(seen)):
        raise InputFileError(
            "expected each column name once in the header", path=str(path), line=line
        )
    return names


def _csv_rows(path: Path) -> Iterator[Row]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            header: list[str] | None = None
            for line, values in enumerate(reader, start=1):
                if not any(v.strip() for v in values):
                    continue
                if header is None:
                    header = _header(list(values), path, line)
                    continue
                if len(values) > len(header):
                    raise InputFileError(
                        f"expected at most {len(header)} columns, found {len(values)}",
                        path=str(path),
                        line=line,
                    )
                yield Row(
                    str(path), line, {n: Cell(v) for n, v in zip(header, values, strict=False) if n}
                )
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"expected UTF-8 text: {exc.reason} at byte {exc.start}", path=str(path)
        ) from exc
    except csv.Error as exc:
        raise InputFileError(f"malformed CSV: {exc}", path=str(path)) from exc
    except OSError as exc:  # missing, a directory, unreadable: one line, no traceback
        raise InputFileError(f"cannot read: {exc.strerror}", path=str(path)) from exc


def _plain(value: object) -> CellValue:
    if value is None or isinstance(value, str | int | float | bool | date):
        return value
    # rich text, formulas left uncomputed, times: their text, for the column's check to judge
    return str(value)


def _xlsx_rows(path: Path) -> Iterator[Row]:
    # Imported here: only workbook imports pay for openpyxl.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise InputFileError(f"expected an Excel workbook (.xlsx): {exc}", path=str(path)) from exc
    try:
        sheet = book.worksheets[0]
        header: list[str] | None = None
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            values = [_plain(c.value) for c in cells]
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            if header is None:
                header = _header(values, path, number)
                continue
            row = {
                name: Cell(v, getattr(c, "number_format", "General") or "General")
                for name, c, v in zip(header, cells, values, strict=False)
                if name
            }
            yield Row(str(path), number, row)
    finally:
        book.close()


def read_rows(path: Path) -> Iterator[Row]:
    """The data rows of ``path`` (``.csv`` or ``.xlsx``), the header row giving the names.

    Names are lower-cased with spaces as underscores (``Place of service`` →
    ``place_of_service``); blank rows are skipped.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_rows(path)
    if suffix == ".xlsx":
        return _xlsx_rows(path)
    raise InputFileError("expected a .csv or .xlsx file", path=str(path))


def id_text(row: Row, column: str, width: int | None = None) -> str:
    """An identifier as text; a workbook number is accepted only if no zero was lost."""
    cell = row.cell(column)
    value = cell.value
    if cell.blank:
        return ""
    if isinstance(value, bool | date):
        raise row.error(column, f"expected text, found {value!r}")
    if isinstance(value, float):
        if not value.is_integer():
            raise row.error(column, f"expected an identifier, found the number {value}")
        value = int(value)
    if isinstance(value, int):
        text = str(value)
        fmt = cell.number_format
        if width is not None and len(text) < width:
            if set(fmt) == {"0"} and len(fmt) == width:
                return text.zfill(width)
            raise row.error(
                column,
                f"expected {width} characters as text, found the number {value} "
                "(a leading zero may be lost: format the column as Text)",
            )
        return text
    return str(value).strip()


def cell_decimal(row: Row, column: str) -> Decimal | None:
    """A number (``$1,234.50`` and ``110%`` accepted), or ``None`` when blank."""
    cell = row.cell(column)
    if cell.blank:
        return None
    value = cell.value
    if isinstance(value, bool | date):
        raise row.error(column, f"expected a number, found {value!r}")
    text = str(value).strip().replace("$", "").replace(",", "").removesuffix("%").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise row.error(column, f"expected a number, found {value!r}") from None
    if not number.is_finite():
        raise row.error(column, f"expected a finite number, found {value!r}")
    return number


def cell_int(row: Row, column: str) -> int | None:
    """A whole number, or ``None`` when blank."""
    number = cell_decimal(row, column)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise row.error(column, f"expected a whole number, found {row.cell(column).value!r}")
    return int(number)


def cell_date(row: Row, column: str) -> date | None:
    """A date: a workbook date, ``YYYY-MM-DD`` or ``MM/DD/YYYY``; ``None`` when blank."""
    cell = row.cell(column)
    if cell.blank:
        return None
    value = cell.value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise row.error(column, f"expected a date as YYYY-MM-DD or MM/DD/YYYY, found {value!r}")


def cell_bool(row: Row, column: str) -> bool | None:
    """``yes``/``no`` (also true/false, y/n, 1/0), or ``None`` when blank."""
    cell = row.cell(column)
    if cell.blank:
        return None
    if isinstance(cell.value, bool):
        return cell.value
    text = str(cell.value).strip().lower()
    if text in {"yes", "y", "true", "1"}:
        return True
    if text in {"no", "n", "false", "0"}:
        return False
    raise row.error(column, f"expected yes or no, found {cell.value!r}")
