"""CBSA regions: HUD's ZIP → CBSA crosswalk, read from CSV and kept in the market dataset.

HUD-USPS ZIP Code Crosswalk "ZIP-CBSA" files (huduser.gov, quarterly) list each ZIP code
with the Core Based Statistical Area(s) its addresses lie in and the share of them in each.
HUD publishes them as .xlsx: save the sheet as CSV. Columns are matched by name, in any
case and order: ``ZIP`` and ``CBSA`` are required; ``TOT_RATIO`` (else ``RES_RATIO``)
weighs a ZIP split between areas; ``USPS_ZIP_PREF_STATE`` gives a CBSA's state for its
Medicare amount when no ZIP → locality file is loaded. CBSA ``99999`` means outside any
CBSA. ZIP codes that a spreadsheet stripped of leading zeros (``2134``) are padded back.

The table lives at ``regions/zip_cbsa.parquet`` under the market directory::

    rows = read_zip_cbsa(Path("ZIP_CBSA_032025.csv"))   # -> ZipCbsaTable
    write_zip_cbsa(market_dir, rows)                      # -> the Parquet path
"""

from __future__ import annotations

import csv
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from accord.domain.validation import is_ascii_digits
from accord.errors import ConfigurationError, InputFileError

__all__ = [
    "NO_CBSA",
    "ZipCbsaTable",
    "read_zip_cbsa",
    "write_zip_cbsa",
    "zip_cbsa_file",
]

NO_CBSA = "99999"
"""HUD's code for addresses outside any CBSA."""

_TABLE = Path("regions") / "zip_cbsa.parquet"
_SCHEMA = pa.schema(
    [
        ("zip5", pa.string()),
        ("zip3", pa.string()),
        ("cbsa", pa.string()),
        ("state", pa.string()),
        ("ratio", pa.float64()),
    ]
)


@dataclass(slots=True)
class ZipCbsaTable:
    """The crosswalk's rows as columns: one row per ZIP code × CBSA it overlaps."""

    zip5: list[str] = field(default_factory=list)
    cbsa: list[str] = field(default_factory=list)
    state: list[str | None] = field(default_factory=list)
    ratio: list[float] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.zip5)

    @property
    def cbsas(self) -> int:
        """How many distinct CBSAs (not counting "outside any CBSA")."""
        return len(set(self.cbsa) - {NO_CBSA})


def _code(value: str, width: int) -> str | None:
    text = value.strip()
    if text.endswith(".0"):  # a spreadsheet that took codes for numbers
        text = text[:-2]
    if not is_ascii_digits(text) or len(text) > width:
        return None
    return text.zfill(width)


def _ratio(value: str) -> float | None:
    try:
        ratio = float(value)
    except ValueError:
        return None
    return ratio if 0.0 <= ratio <= 1.0 else None


def read_zip_cbsa(path: Path) -> ZipCbsaTable:
    """Read a HUD ZIP-CBSA crosswalk saved as CSV; errors name the file and the line."""
    if path.suffix.lower() in {".xlsx", ".xls"}:
        raise InputFileError(
            "this is a spreadsheet: open it and save the sheet as CSV, then load the CSV",
            path=str(path),
        )
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise InputFileError(f"cannot read: {exc.strerror}", path=str(path)) from exc
    table = ZipCbsaTable()
    try:
        with handle:
            reader = csv.reader(handle)
            columns = _Columns.of(next(reader, None), path)
            for line, row in enumerate(reader, start=2):
                if any(cell.strip() for cell in row):
                    columns.add(table, row, path, line)
    except UnicodeDecodeError as exc:
        # A crosswalk saved in a spreadsheet's legacy encoding: say so in one line.
        raise InputFileError(
            "not UTF-8 text: save the sheet as CSV UTF-8 and load that file", path=str(path)
        ) from exc
    if not table:
        raise InputFileError("the crosswalk has no rows", path=str(path))
    return table


@dataclass(frozen=True, slots=True)
class _Columns:
    """Where the crosswalk's columns are, matched by name on line 1."""

    zip_at: int
    cbsa_at: int
    ratio_at: int | None
    state_at: int | None

    @classmethod
    def of(cls, header: list[str] | None, path: Path) -> _Columns:
        names = {name.strip().lower(): i for i, name in enumerate(header or [])}
        if "zip" not in names or "cbsa" not in names:
            raise InputFileError(
                "not a HUD ZIP-CBSA crosswalk: line 1 must name the columns ZIP and CBSA "
                f"(found {', '.join(header or []) or 'nothing'})",
                path=str(path),
                line=1,
            )
        return cls(
            names["zip"],
            names["cbsa"],
            names.get("tot_ratio", names.get("res_ratio")),
            names.get("usps_zip_pref_state"),
        )

    def add(self, table: ZipCbsaTable, row: list[str], path: Path, line: int) -> None:
        """Check one line of the file and append it to ``table``."""
        if len(row) <= max(self.zip_at, self.cbsa_at):
            raise InputFileError("too few columns", path=str(path), line=line)
        zip5, cbsa = _code(row[self.zip_at], 5), _code(row[self.cbsa_at], 5)
        if zip5 is None:
            raise InputFileError(
                f"ZIP {row[self.zip_at]!r} is not a 5-digit ZIP code", path=str(path), line=line
            )
        if cbsa is None:
            raise InputFileError(
                f"CBSA {row[self.cbsa_at]!r} is not a 5-digit CBSA code", path=str(path), line=line
            )
        ratio = 1.0
        if self.ratio_at is not None and self.ratio_at < len(row):
            share = _ratio(row[self.ratio_at])
            if share is None:
                raise InputFileError(
                    f"ratio {row[self.ratio_at]!r} is not a share between 0 and 1",
                    path=str(path),
                    line=line,
                )
            ratio = share
        state = ""
        if self.state_at is not None and self.state_at < len(row):
            state = row[self.state_at].strip().upper()
        table.zip5.append(zip5)
        table.cbsa.append(cbsa)
        table.state.append(state or None)
        table.ratio.append(ratio)


def zip_cbsa_file(market_dir: Path) -> Path | None:
    """The loaded crosswalk's Parquet file, or ``None`` when none was loaded."""
    path = market_dir / _TABLE
    return path if path.is_file() else None


def write_zip_cbsa(market_dir: Path, table: ZipCbsaTable) -> Path:
    """Store ``table`` as ``regions/zip_cbsa.parquet``, replacing any earlier one atomically."""
    target = market_dir / _TABLE
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigurationError(
            f"cannot write to the market directory {market_dir}: {exc.strerror}"
        ) from exc
    columns = {
        "zip5": table.zip5,
        "zip3": [z[:3] for z in table.zip5],
        "cbsa": table.cbsa,
        "state": table.state,
        "ratio": table.ratio,
    }
    tmp = target.parent / f".{target.stem}-{uuid.uuid4().hex[:8]}.parquet"
    pq.write_table(pa.Table.from_pydict(columns, schema=_SCHEMA), tmp)
    os.replace(tmp, target)
    return target
