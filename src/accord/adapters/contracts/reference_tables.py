"""Reference tables read from CSV: remittance code labels and the therapy KX thresholds.

The KX thresholds ship with Accord (``data/kx_thresholds.csv``: one row per year, with
its source) so that a new year is a new row, not a code change; a practice may point
to its own copy. Code labels have no shipped list (X12 holds the copyright): an admin
imports a ``list, code, meaning[, source]`` table such as CMS's or a clearinghouse's.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from accord.adapters.contracts.tables import cell_decimal, cell_int, read_rows
from accord.domain.economics.code_labels import CODE_LISTS, CodeLabels
from accord.domain.economics.kx_threshold import KxThreshold, KxThresholds
from accord.errors import InputFileError, ValidationError

__all__ = ["ReferenceTables", "packaged_kx_thresholds_path"]


def packaged_kx_thresholds_path() -> Path:
    """The KX threshold table that ships with Accord."""
    return Path(str(files("accord.adapters.contracts") / "data" / "kx_thresholds.csv"))


class ReferenceTables:
    """Reads label and threshold tables; either the whole table or a located error."""

    def code_labels(self, path: Path) -> CodeLabels:
        """A ``list, code, meaning`` table (``list`` one of group, carc, rarc, clp02, plb)."""
        rows: list[tuple[str, str, str]] = []
        for row in read_rows(path):
            for column in ("list", "code", "meaning"):
                if column not in row.cells:
                    raise InputFileError(f"expected a {column!r} column", path=str(path), line=1)
            kind = str(row.cell("list").value or "").strip().lower()
            if kind not in CODE_LISTS:
                raise row.error(
                    "list", f"expected one of {', '.join(sorted(CODE_LISTS))}, found {kind!r}"
                )
            code = str(row.cell("code").value or "").strip().upper()
            meaning = " ".join(str(row.cell("meaning").value or "").split())
            if not code or not meaning:
                raise row.error(
                    "code" if not code else "meaning", "expected a value, found nothing"
                )
            rows.append((kind, code, meaning))
        return CodeLabels(rows)

    def kx_thresholds(self, path: Path | None = None) -> KxThresholds:
        """The ``year, amount, source`` table at ``path``, or the one Accord ships."""
        path = path or packaged_kx_thresholds_path()
        thresholds = []
        for row in read_rows(path):
            year, amount = cell_int(row, "year"), cell_decimal(row, "amount")
            if year is None or amount is None:
                raise row.error(
                    "year" if year is None else "amount", "expected a value, found nothing"
                )
            try:
                thresholds.append(KxThreshold(year, amount, str(row.cell("source").value or "")))
            except ValidationError as exc:
                raise row.error("amount", str(exc)) from exc
        try:
            return KxThresholds(thresholds)
        except ValidationError as exc:
            raise InputFileError(str(exc), path=str(path)) from exc
