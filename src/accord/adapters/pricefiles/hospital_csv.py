"""Hospital standard-charge CSV files, CMS template 2.x and 3.x, tall and wide.

Line 1 names the file-level fields (``hospital_name``, ``version``, ...), line 2 holds
their values, line 3 names the columns, data starts on line 4. A *tall* file has
``payer_name`` and ``plan_name`` columns; a *wide* file has one group of columns per payer
and plan (``standard_charge|<payer>|<plan>|negotiated_dollar``). Column names are matched
without regard to case or the spaces around ``|``. A header that would lose charges (a
payer column missing or renamed, see :mod:`hospital_columns`) is refused at line 3,
unless ``ignore_column_errors`` is set: then the rows lost are counted in a warning.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from accord.adapters.pricefiles.hospital_columns import PAYER_FIELDS, ColumnCheck, check_columns
from accord.adapters.pricefiles.hospital_common import (
    SUPPORTED_MAJOR_VERSIONS,
    HospitalContext,
    add_charge_rows,
    location_of,
    sort_codes,
)
from accord.adapters.pricefiles.rate_rows import ReadReport, RowBatch, RowFilter
from accord.adapters.pricefiles.source_files import ProgressCallback, open_price_file
from accord.errors import InputFileError

__all__ = ["HospitalCsvReader"]


def _norm(name: str) -> str:
    return "|".join(part.strip().lower() for part in name.lstrip("\ufeff").split("|"))


class HospitalCsvReader:
    """Read a hospital CSV into ``rates`` row batches (see :mod:`hospital_common`)."""

    def __init__(
        self,
        path: Path,
        *,
        row_filter: RowFilter | None = None,
        progress: ProgressCallback | None = None,
        batch_rows: int = 100_000,
        state: str | None = None,
        ignore_column_errors: bool = False,
    ) -> None:
        self.path = path
        self.ignore_column_errors = ignore_column_errors
        self.filter = row_filter or RowFilter()
        self.progress = progress
        self.batch_rows = batch_rows
        self.state = state
        self.report = ReadReport(str(path), kind="hospital-csv")

    def _error(self, message: str, line: int) -> InputFileError:
        return InputFileError(message, path=str(self.path), line=line)

    def batches(self) -> Iterator[RowBatch]:
        """Yield row batches; :attr:`report` is complete once the iterator is exhausted."""
        with open_price_file(self.path, progress=self.progress) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
            rows = csv.reader(text)
            try:
                yield from self._read(rows)
            except csv.Error as exc:
                raise self._error(f"malformed CSV: {exc}", rows.line_num) from exc

    def _read(self, rows: Iterator[list[str]]) -> Iterator[RowBatch]:
        meta, header, columns = self._head(rows)
        layout = _Layout.of(header, self._wide_groups)
        self.report.kind = "hospital-csv-tall" if layout.tall else "hospital-csv-wide"
        hospital = meta.get("hospital_name", "")
        self.report.payer = hospital
        state, zip3 = location_of(meta.get("hospital_address"))
        ctx = HospitalContext(hospital, self.state or state, zip3, self.report, self.filter)
        if not ctx.keep_file():
            return
        batch = RowBatch.empty("rates")
        lost = 0
        for line, row in enumerate(rows, start=4):
            if not any(cell.strip() for cell in row):
                continue
            self.report.items += 1
            codes = layout.codes(row)
            if not codes:
                continue
            algo = ctx.algorithm_only
            added = self._add_row(ctx, batch, layout, row, codes, line)
            if added:
                self.report.items_kept += 1
            if columns.problems:
                lost += _lost(row, columns, gave_nothing=not added and ctx.algorithm_only == algo)
            if len(batch) >= self.batch_rows:
                yield batch
                batch = RowBatch.empty("rates")
        if len(batch):
            yield batch
        self._warn(columns, ctx, lost)

    def _head(self, rows: Iterator[list[str]]) -> tuple[dict[str, str], list[str], ColumnCheck]:
        """Lines 1 to 3: the hospital's details (checked version) and the column names."""
        meta_names = next(rows, None)
        if not meta_names or _norm(meta_names[0]) != "hospital_name":
            raise self._error("expected line 1 to start with 'hospital_name' (CMS template)", 1)
        meta_values = next(rows, None)
        if meta_values is None:
            raise self._error("expected line 2 with the hospital's details", 2)
        meta = {_norm(k): v.strip() for k, v in zip(meta_names, meta_values, strict=False) if k}
        version = meta.get("version", "")
        self.report.schema_version = version
        if version.split(".")[0] not in SUPPORTED_MAJOR_VERSIONS:
            raise self._error(f"unsupported template version {version!r} (2.x and 3.x are read)", 2)
        header = next(rows, None) or []
        names = [_norm(h) for h in header]
        if not any(names):
            raise self._error("expected the column names on line 3, found a blank line", 3)
        missing = [n for n in ("description", "code|1", "code|1|type") if n not in names]
        if missing:
            raise self._error(f"missing column(s) {', '.join(missing)} on line 3", 3)
        columns = check_columns(names)
        if columns.problems and not self.ignore_column_errors:
            raise self._error(
                f"{columns.problems[0]}: their charges would be lost; correct the header, or "
                "pass --ignore-column-errors to ingest the rest",
                3,
            )
        return meta, header, columns

    def _add_row(
        self,
        ctx: HospitalContext,
        batch: RowBatch,
        layout: _Layout,
        row: list[str],
        codes: list[tuple[str, str]],
        line: int,
    ) -> int:
        """Add the charges of one line (one payer's in a tall file, every payer's in a
        wide one); how many rows were added."""
        cell = partial(layout.cell, row)
        setting, modifiers = cell("setting"), cell("modifiers")
        if layout.tall:
            if not cell("payer_name"):
                return 0
            return add_charge_rows(
                ctx,
                batch,
                payer=cell("payer_name"),
                plan=cell("plan_name"),
                dollar=self._number(cell("standard_charge|negotiated_dollar"), line),
                percentage=self._number(cell("standard_charge|negotiated_percentage"), line),
                algorithm=cell("standard_charge|negotiated_algorithm"),
                methodology=cell("standard_charge|methodology"),
                codes=codes,
                setting=setting,
                modifiers=modifiers,
            )
        added = 0
        for payer, plan, fields in layout.wide:
            added += add_charge_rows(
                ctx,
                batch,
                payer=payer,
                plan=plan,
                dollar=self._number(cell(fields["negotiated_dollar"]), line),
                percentage=self._number(cell(fields["negotiated_percentage"]), line),
                algorithm=cell(fields["negotiated_algorithm"]),
                methodology=cell(fields["methodology"]),
                codes=codes,
                setting=setting,
                modifiers=modifiers,
            )
        return added

    def _warn(self, columns: ColumnCheck, ctx: HospitalContext, lost: int) -> None:
        """The file's warnings: charges lost to the header, unknown columns, algorithms."""
        if columns.problems:
            self.report.warnings.append(
                f"line 3: {columns.problems[0]}; ingested without them "
                f"(--ignore-column-errors): {lost} rows lost charges"
            )
        elif columns.unknown_names:
            self.report.warnings.append(
                "unknown columns ignored: " + ", ".join(repr(n) for n in columns.unknown_names)
            )
        if ctx.algorithm_only:
            self.report.warnings.append(
                f"{ctx.algorithm_only} payer charges are given only as an algorithm (no amount)"
            )

    def _wide_groups(self, header: list[str]) -> list[tuple[str, str, dict[str, str]]]:
        """``(payer, plan, {field: column})`` per payer and plan of a wide file, names raw."""
        groups: dict[tuple[str, str], dict[str, str]] = {}
        for raw in header:
            parts = [p.strip() for p in raw.lstrip("\ufeff").split("|")]
            field = parts[-1].lower()
            if len(parts) == 4 and parts[0].lower() == "standard_charge" and field in PAYER_FIELDS:
                fields = groups.setdefault((parts[1], parts[2]), dict.fromkeys(PAYER_FIELDS, ""))
                fields[field] = _norm(raw)
        return [(payer, plan, fields) for (payer, plan), fields in groups.items()]

    def _number(self, value: str, line: int) -> float | None:
        if not value:
            return None
        try:
            return float(value.replace(",", "").replace("$", "").rstrip("%"))
        except ValueError as exc:
            raise self._error(f"expected a number, found {value!r}", line) from exc


def _lost(row: list[str], columns: ColumnCheck, *, gave_nothing: bool) -> int:
    """1 if this row lost a charge: a value in a column the reader could not read, or
    (when a column is missing outright, so nothing shows what it held) no charge at all."""
    if not columns.suspects:
        return int(gave_nothing)
    return int(any(j < len(row) and row[j].strip() for j in columns.suspects))


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where a file's columns are: by name, its codes and types, and (wide) its payers."""

    col: dict[str, int]
    code_cols: list[tuple[int, int | None]]
    tall: bool
    wide: list[tuple[str, str, dict[str, str]]]

    @classmethod
    def of(
        cls,
        header: list[str],
        wide_groups: Callable[[list[str]], list[tuple[str, str, dict[str, str]]]],
    ) -> _Layout:
        col = {n: i for i, n in enumerate(_norm(h) for h in header) if n}
        code_cols = []
        i = 1
        while f"code|{i}" in col:
            code_cols.append((col[f"code|{i}"], col.get(f"code|{i}|type")))
            i += 1
        tall = "payer_name" in col
        return cls(col, code_cols, tall, [] if tall else wide_groups(header))

    def cell(self, row: list[str], name: str) -> str:
        """The stripped value of column ``name`` in ``row`` ("" when absent)."""
        j = self.col.get(name)
        return row[j].strip() if j is not None and j < len(row) else ""

    def codes(self, row: list[str]) -> list[tuple[str, str]]:
        """The row's (code, type) pairs, in the order the rows are keyed by."""
        return sort_codes(
            [
                (row[c].strip(), row[t].strip() if t is not None and t < len(row) else "")
                for c, t in self.code_cols
                if c < len(row) and row[c].strip()
            ]
        )
