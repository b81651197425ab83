"""Payer contracts and their fee schedules as one flat table, in CSV or XLSX.

One row per rate; the contract's own columns repeat on each row and must agree within a
contract (a contract is a payer and an effective date). Columns, in any order, names
case-insensitive (``*`` required)::

    payer*, effective_date*, end_date, auto_renews, renewal_months, notice_days,
    timely_filing_days, units_policy, mppr, tin, npi, zip,
    code*, modifier, place_of_service, basis*, rate*, medicare_year

``basis`` is ``amount``, ``percent_of_medicare`` or ``percent_of_charges``. A file is read
whole or refused: the first problem is reported with file, line and column.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from accord.adapters.contracts.tables import (
    Row,
    cell_bool,
    cell_date,
    cell_decimal,
    cell_int,
    id_text,
    read_rows,
)
from accord.domain.economics.contracts import Contract
from accord.domain.economics.fee_schedule import FeeScheduleEntry, RateBasis
from accord.domain.economics.units import UnitPolicy
from accord.errors import InputFileError, ValidationError

__all__ = ["COLUMNS", "ContractFiles"]

COLUMNS = (
    "payer",
    "effective_date",
    "end_date",
    "auto_renews",
    "renewal_months",
    "notice_days",
    "timely_filing_days",
    "units_policy",
    "mppr",
    "tin",
    "npi",
    "zip",
    "code",
    "modifier",
    "place_of_service",
    "basis",
    "rate",
    "medicare_year",
)
_REQUIRED = ("payer", "effective_date", "code", "basis", "rate")
_CONTRACT_COLUMNS = COLUMNS[:12]
_ID_COLUMNS = {"tin", "npi", "zip", "code", "modifier", "place_of_service"}
_BASES = {
    "amount": RateBasis.AMOUNT,
    "$": RateBasis.AMOUNT,
    "percent_of_medicare": RateBasis.PERCENT_OF_MEDICARE,
    "% of medicare": RateBasis.PERCENT_OF_MEDICARE,
    "percent_of_charges": RateBasis.PERCENT_OF_CHARGES,
    "% of charges": RateBasis.PERCENT_OF_CHARGES,
}
# which file column a domain field's error belongs to
_FIELD_COLUMN = {"end_date": "end_date", "zip": "zip", "rate": "rate"}


def _text(row: Row, column: str) -> str:
    value = row.cell(column).value
    return "" if value is None else str(value).strip()


def _contract_terms(row: Row) -> dict[str, Any]:
    effective = cell_date(row, "effective_date")
    if effective is None:
        raise row.error("effective_date", "expected a date, found nothing")
    policy = _text(row, "units_policy").lower() or UnitPolicy.MEDICARE.value
    if policy not in {p.value for p in UnitPolicy}:
        raise row.error("units_policy", f"expected medicare or per-code, found {policy!r}")
    auto = cell_bool(row, "auto_renews")
    mppr = cell_bool(row, "mppr")
    return {
        "payer": _text(row, "payer"),
        "effective": effective,
        "end": cell_date(row, "end_date"),
        "auto_renews": bool(auto),
        "renewal_months": cell_int(row, "renewal_months") or 12,
        "notice_days": cell_int(row, "notice_days") or 0,
        "timely_filing_days": cell_int(row, "timely_filing_days") or 0,
        "units_policy": UnitPolicy(policy),
        "mppr": True if mppr is None else mppr,
        "tin": id_text(row, "tin", 9),
        "npi": id_text(row, "npi", 10),
        "zip_code": id_text(row, "zip", 5),
    }


def _entry(row: Row) -> FeeScheduleEntry:
    basis_text = _text(row, "basis").lower()
    if basis_text not in _BASES:
        raise row.error(
            "basis",
            f"expected amount, percent_of_medicare or percent_of_charges, found {basis_text!r}",
        )
    rate = cell_decimal(row, "rate")
    if rate is None:
        raise row.error("rate", "expected a number, found nothing")
    return FeeScheduleEntry(
        code=id_text(row, "code", 5),
        modifier=id_text(row, "modifier", 2),
        place_of_service=id_text(row, "place_of_service", 2),
        basis=_BASES[basis_text],
        value=rate,
        medicare_year=cell_int(row, "medicare_year"),
    )


def _located(row: Row, exc: ValidationError, default_column: str) -> InputFileError:
    column = _FIELD_COLUMN.get(exc.field or "", exc.field or default_column)
    message = str(exc).removeprefix(f"{exc.field}: ") if exc.field else str(exc)
    return row.error(column, message)


class ContractFiles:
    """Reads and writes contract files (``.csv`` or ``.xlsx``, by the file's suffix)."""

    def read(self, path: Path) -> list[Contract]:
        """Every contract of the file, in file order, or an error naming where."""
        terms_of: dict[tuple[str, date], tuple[Row, dict[str, Any]]] = {}
        entries: dict[tuple[str, date], list[FeeScheduleEntry]] = {}
        keys: dict[tuple[str, date], set[tuple[str, str, str]]] = {}
        header_checked = False
        for row in read_rows(path):
            if not header_checked:
                missing = [c for c in _REQUIRED if c not in row.cells]
                if missing:
                    raise InputFileError(
                        f"expected the column(s) {', '.join(missing)} in the header",
                        path=str(path),
                        line=1,
                    )
                header_checked = True
            try:
                terms = _contract_terms(row)
                entry = _entry(row)
            except ValidationError as exc:
                if isinstance(exc, InputFileError):
                    raise
                raise _located(row, exc, "code") from exc
            key = (terms["payer"].casefold(), terms["effective"])
            if key in terms_of:
                first_row, first = terms_of[key]
                for name, value in terms.items():
                    if first[name] != value and name != "payer":
                        column = {
                            "effective": "effective_date",
                            "end": "end_date",
                            "zip_code": "zip",
                        }.get(name, name)
                        raise row.error(
                            column,
                            f"differs from line {first_row.line} of the same contract "
                            f"({first[name]!r})",
                        )
            else:
                terms_of[key] = (row, terms)
                entries[key] = []
                keys[key] = set()
            if entry.key in keys[key]:
                raise row.error(
                    "code",
                    f"{entry.code} has a second rate for the same modifier and place of service",
                )
            entries[key].append(entry)
            keys[key].add(entry.key)
        if not header_checked:
            raise InputFileError("expected a header and at least one rate row", path=str(path))
        contracts = []
        for key, (row, terms) in terms_of.items():
            try:
                contracts.append(Contract(**terms, entries=tuple(entries[key])))
            except ValidationError as exc:
                raise _located(row, exc, "payer") from exc
        return contracts

    def read_bytes(self, data: bytes, *, name: str) -> list[Contract]:
        """An uploaded file's contracts; errors name the upload, not a temporary file."""
        shown = Path(name).name or "upload.csv"
        if Path(shown).suffix.lower() not in {".csv", ".xlsx"}:
            raise InputFileError("expected a .csv or .xlsx file", path=shown)
        with tempfile.TemporaryDirectory(prefix="accord-contract-") as folder:
            path = Path(folder) / shown
            path.write_bytes(data)
            try:
                return self.read(path)
            except InputFileError as exc:
                # the reader's message starts "<path>[, line N][, byte N]: "
                text = str(exc).split(": ", 1)[-1]
                raise InputFileError(text, path=shown, line=exc.line, offset=exc.offset) from exc

    def write(self, path: Path, contracts: Sequence[Contract]) -> None:
        """Write ``contracts`` to ``path`` (a temporary name renamed when complete)."""
        suffix = path.suffix.lower()
        if suffix not in {".csv", ".xlsx"}:
            raise InputFileError("expected a .csv or .xlsx file name", path=str(path))
        rows = list(_rows(contracts))
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            if suffix == ".csv":
                with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                    writer = csv.writer(f)
                    writer.writerow(COLUMNS)
                    writer.writerows(rows)
            else:
                os.close(fd)
                _write_xlsx(Path(tmp), rows)
            os.replace(tmp, path)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise InputFileError(f"cannot write the file: {exc.strerror}", path=str(path)) from exc
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _rows(contracts: Iterable[Contract]) -> Iterable[list[str]]:
    for c in contracts:
        head = [
            c.payer,
            c.effective.isoformat(),
            c.end.isoformat() if c.end else "",
            "yes" if c.auto_renews else "no",
            str(c.renewal_months),
            str(c.notice_days),
            str(c.timely_filing_days),
            c.units_policy.value,
            "yes" if c.mppr else "no",
            c.tin,
            c.npi,
            c.zip_code,
        ]
        for e in c.entries:
            yield [
                *head,
                e.code,
                e.modifier,
                e.place_of_service,
                e.basis.value,
                f"{e.value.normalize():f}",
                str(e.medicare_year or ""),
            ]


def _write_xlsx(path: Path, rows: list[list[str]]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("fee schedule")
    sheet.append(list(COLUMNS))
    numeric = {"renewal_months", "notice_days", "timely_filing_days", "rate", "medicare_year"}
    for values in rows:
        out: list[object] = []
        for name, value in zip(COLUMNS, values, strict=True):
            if name in _ID_COLUMNS:
                # identifiers stay text in Excel: "@" keeps a typed 01234 from losing its zero
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "@"
                out.append(cell)
            else:
                out.append(Decimal(value) if name in numeric and value else value)
        sheet.append(out)
    book.save(path)
