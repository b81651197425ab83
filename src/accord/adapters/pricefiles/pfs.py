"""Readers of CMS's Physician Fee Schedule files in their own CSV layouts.

* PPRRVU (national RVU file): banner lines, a multi-line header ending in a row that
  starts ``HCPCS,MOD``, then one line per code and modifier.
* GPCI (addendum E): banner, a header starting ``Medicare Administrative Contractor``,
  one line per locality, footnotes.
* Locality–county (``..LOCCO``): banner, header, lines of MAC, locality, state (blank =
  same as above), fee schedule area and counties, separated by blank lines.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from accord.adapters.pricefiles.source_files import open_price_file
from accord.domain.market.pfs import Gpci, RelativeValues
from accord.domain.validation import is_ascii_digits
from accord.errors import InputFileError

__all__ = [
    "LocalityCounties",
    "read_gpci",
    "read_locality_counties",
    "read_rvu",
    "read_zip_localities",
    "rvu_year",
]

# column positions of the PPRRVU layout (stable since 2010)
_HCPCS, _MOD, _STATUS, _WORK, _PE_NF, _NA_NF, _PE_F, _NA_F, _MP = 0, 1, 3, 5, 6, 7, 8, 9, 10
_MULT_PROC, _CONV = 18, 24


def _csv_lines(path: Path) -> Iterator[tuple[int, list[str]]]:
    with open_price_file(path) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
        try:
            yield from enumerate(csv.reader(text), start=1)
        except csv.Error as exc:
            raise InputFileError(f"malformed CSV: {exc}", path=str(path)) from exc


def _decimal(value: str, *, path: Path, line: int, what: str) -> Decimal:
    try:
        return Decimal(value.strip() or "0")
    except InvalidOperation as exc:
        raise InputFileError(
            f"expected a number for {what}, found {value!r}", path=str(path), line=line
        ) from exc


def read_rvu(path: Path) -> Iterator[RelativeValues]:
    """Yield every code of a PPRRVU file, with the conversion factor the file states."""
    in_body = False
    for line, row in _csv_lines(path):
        if not in_body:
            if row and row[0].strip().upper() == "HCPCS" and len(row) > 1:
                if len(row) <= _CONV or row[_MOD].strip().upper() != "MOD":
                    raise InputFileError(
                        "expected the PPRRVU header 'HCPCS,MOD,DESCRIPTION,...' with at least "
                        f"{_CONV + 1} columns",
                        path=str(path),
                        line=line,
                    )
                in_body = True
            continue
        if not row or not row[0].strip():
            continue
        if len(row) <= _CONV:
            raise InputFileError(
                f"expected at least {_CONV + 1} columns, found {len(row)}",
                path=str(path),
                line=line,
            )

        def num(i: int, what: str, row: list[str] = row, line: int = line) -> Decimal:
            return _decimal(row[i], path=path, line=line, what=what)

        yield RelativeValues(
            code=row[_HCPCS].strip(),
            modifier=row[_MOD].strip(),
            status=row[_STATUS].strip(),
            work=num(_WORK, "work RVU"),
            pe_nonfacility=None if row[_NA_NF].strip() == "NA" else num(_PE_NF, "non-facility PE"),
            pe_facility=None if row[_NA_F].strip() == "NA" else num(_PE_F, "facility PE"),
            malpractice=num(_MP, "MP RVU"),
            conversion_factor=num(_CONV, "conversion factor"),
            mult_proc=row[_MULT_PROC].strip(),
        )
    if not in_body:
        raise InputFileError("no 'HCPCS,MOD,...' header found: not a PPRRVU file", path=str(path))


def read_gpci(path: Path) -> list[Gpci]:
    """Every locality of a GPCI file, in file order."""
    out: list[Gpci] = []
    in_body = False
    for line, row in _csv_lines(path):
        if not in_body:
            if row and row[0].strip().lower().startswith("medicare administrative contractor"):
                if len(row) < 7:
                    raise InputFileError(
                        "expected 7 columns: MAC, state, locality, name, PW, PE, MP GPCI",
                        path=str(path),
                        line=line,
                    )
                in_body = True
            continue
        cells = [c.strip() for c in row]
        if len(cells) < 7 or not is_ascii_digits(cells[0]):
            continue  # blank lines and footnotes
        out.append(
            Gpci(
                mac=cells[0].zfill(5),
                state=cells[1],
                locality=cells[2].zfill(2),
                name=cells[3].rstrip("*").strip(),
                work=_decimal(cells[4], path=path, line=line, what="work GPCI"),
                pe=_decimal(cells[5], path=path, line=line, what="PE GPCI"),
                malpractice=_decimal(cells[6], path=path, line=line, what="MP GPCI"),
            )
        )
    if not out:
        raise InputFileError("no GPCI rows found: not a CMS GPCI file", path=str(path))
    return out


@dataclass(frozen=True, slots=True)
class LocalityCounties:
    """One line of the locality–county file: which counties a locality covers."""

    mac: str
    locality: str
    state_name: str
    area: str
    counties: tuple[str, ...]

    @property
    def key(self) -> str:
        """``MAC-locality``, matching :attr:`accord.domain.market.pfs.Gpci.key`."""
        return f"{self.mac}-{self.locality}"

    @property
    def whole_state(self) -> bool:
        """Whether the locality is statewide or the rest of its state."""
        return "ALL COUNTIES" in self.counties or self.area.upper().startswith(
            ("STATEWIDE", "REST OF")
        )


def read_locality_counties(path: Path) -> list[LocalityCounties]:
    """Every line of a locality–county file, the blank state cells filled from above."""
    out: list[LocalityCounties] = []
    in_body = False
    state = ""
    for line, row in _csv_lines(path):
        cells = [c.strip() for c in row]
        if not in_body:
            if cells and cells[0].lower().startswith("medicare adm"):
                in_body = True
            continue
        if len(cells) < 5 or not is_ascii_digits(cells[0]):
            continue
        if not is_ascii_digits(cells[1]):
            raise InputFileError(
                f"expected a locality number, found {cells[1]!r}", path=str(path), line=line
            )
        state = cells[2] or state
        counties = tuple(
            c.strip().upper() for part in cells[4].split("/") for c in part.split(",") if c.strip()
        )
        out.append(
            LocalityCounties(cells[0].zfill(5), cells[1].zfill(2), state, cells[3], counties)
        )
    if not out:
        raise InputFileError("no locality rows found: not a CMS locality file", path=str(path))
    return out


_YEAR_IN_BANNER = re.compile(r"\b(20\d\d)\b[^,]*Physician Fee Schedule", re.IGNORECASE)
_YEAR_IN_NAME = re.compile(r"(?:RVU|PPRRVU)(20\d\d|\d\d)", re.IGNORECASE)


def rvu_year(path: Path) -> int | None:
    """The fee schedule year a PPRRVU file states in its banner (or its file name)."""
    for line, row in _csv_lines(path):
        match = _YEAR_IN_BANNER.search(",".join(row))
        if match:
            return int(match.group(1))
        if line >= 12:
            break
    match = _YEAR_IN_NAME.search(path.name)
    if match:
        year = match.group(1)
        return int(year) if len(year) == 4 else 2000 + int(year)
    return None


def read_zip_localities(path: Path) -> Iterator[tuple[str, str, str]]:
    """``(zip5, state, locality key)`` from CMS's ZIP5 file (fixed width, .txt or .zip).

    Layout (CMS "ZIP5 file layout"): state in columns 1–2, ZIP code 3–7, carrier (MAC)
    8–12, pricing locality 13–14. The key matches :attr:`Gpci.key` (``12302-99``).
    """
    with open_price_file(path) as raw:
        text = io.TextIOWrapper(raw, encoding="latin-1", newline="")
        for number, line in enumerate(text, start=1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            state, zip5, mac, locality = line[0:2], line[2:7], line[7:12], line[12:14]
            if not (
                is_ascii_digits(zip5)
                and is_ascii_digits(mac.strip())
                and is_ascii_digits(locality.strip())
            ):
                raise InputFileError(
                    "expected the CMS ZIP5 layout: state (2), ZIP (5), carrier (5), locality (2)",
                    path=str(path),
                    line=number,
                )
            yield zip5, state, f"{mac.strip().zfill(5)}-{locality.strip().zfill(2)}"
