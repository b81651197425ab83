"""Hospital standard-charge JSON files, CMS template 2.x and 3.x, streamed.

``standard_charge_information`` is streamed item by item with the structural scanner;
the file-level fields (name, version, addresses) are read first, by a side scan that skips
that array when they come after it. Modifier-only entries (``modifier_information``) carry
no amounts and are not rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from accord.adapters.pricefiles.hospital_common import (
    SUPPORTED_MAJOR_VERSIONS,
    HospitalContext,
    add_charge_rows,
    location_of,
    sort_codes,
)
from accord.adapters.pricefiles.json_structure import TopLevelScanner, parse_item
from accord.adapters.pricefiles.rate_rows import ReadReport, RowBatch, RowFilter
from accord.adapters.pricefiles.source_files import ProgressCallback, open_price_file
from accord.errors import InputFileError

__all__ = ["HospitalJsonReader"]

_ARRAY = "standard_charge_information"
_ITEM_FIELDS = frozenset(
    {"description", "code_information", "standard_charges", "drug_information"}
)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None or value == "":
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).replace(",", "").replace("$", ""))
    except ValueError:
        return None


class HospitalJsonReader:
    """Read a hospital JSON file into ``rates`` row batches (see :mod:`hospital_common`)."""

    def __init__(
        self,
        path: Path,
        *,
        row_filter: RowFilter | None = None,
        progress: ProgressCallback | None = None,
        batch_rows: int = 100_000,
        state: str | None = None,
    ) -> None:
        self.path = path
        self.filter = row_filter or RowFilter()
        self.progress = progress
        self.batch_rows = batch_rows
        self.state = state
        self.report = ReadReport(str(path), kind="hospital-json")

    def _header_only(self) -> dict[str, Any]:
        with open_price_file(self.path) as stream:
            scanner = TopLevelScanner(
                stream, str(self.path), items_of=frozenset(), skip=frozenset({_ARRAY})
            )
            for _ in scanner:
                pass
            return scanner.header

    def _context(self, header: dict[str, Any]) -> HospitalContext:
        version = str(header.get("version") or "")
        self.report.schema_version = version
        if version.split(".")[0] not in SUPPORTED_MAJOR_VERSIONS:
            raise InputFileError(
                f"unsupported template version {version!r} (2.x and 3.x are read)",
                path=str(self.path),
            )
        hospital = str(header.get("hospital_name") or "")
        self.report.payer = hospital
        self.report.header = {k: v for k, v in header.items() if k != _ARRAY}
        state, zip3 = location_of(header.get("hospital_address"))
        return HospitalContext(hospital, self.state or state, zip3, self.report, self.filter)

    def batches(self) -> Iterator[RowBatch]:
        """Yield row batches; :attr:`report` is complete once the iterator is exhausted."""
        batch = RowBatch.empty("rates")
        ctx: HospitalContext | None = None
        with open_price_file(self.path, progress=self.progress) as stream:
            scanner = TopLevelScanner(stream, str(self.path), items_of=frozenset({_ARRAY}))
            for item in scanner:
                if ctx is None:
                    header = scanner.header if "version" in scanner.header else self._header_only()
                    ctx = self._context(header)
                if not ctx.keep_file():
                    continue
                self.report.items += 1
                if self._add_item(ctx, parse_item(item, str(self.path)), batch, item.offset):
                    self.report.items_kept += 1
                if len(batch) >= self.batch_rows:
                    yield batch
                    batch = RowBatch.empty("rates")
            if _ARRAY not in scanner.keys_seen:
                raise InputFileError(
                    f"no '{_ARRAY}' array: not a hospital standard-charge file",
                    path=str(self.path),
                )
            if ctx is None:
                ctx = self._context(scanner.header)
        if len(batch):
            yield batch
        if ctx.algorithm_only:
            self.report.warnings.append(
                f"{ctx.algorithm_only} payer charges are given only as an algorithm (no amount)"
            )
        if self.report.unknown_fields:
            self.report.warnings.append(
                "unknown fields ignored: "
                + ", ".join(f"{k} ({n})" for k, n in sorted(self.report.unknown_fields.items()))
            )

    def _add_item(self, ctx: HospitalContext, item: Any, batch: RowBatch, offset: int) -> bool:
        def bad(what: str) -> InputFileError:
            return InputFileError(what, path=str(self.path), offset=offset)

        if not isinstance(item, dict):
            raise bad(f"expected an object in '{_ARRAY}'")
        for key in item.keys() - _ITEM_FIELDS:
            self.report.unknown_fields[f"{_ARRAY}.{key}"] += 1
        info = item.get("code_information")
        charges = item.get("standard_charges")
        if not isinstance(info, list) or not isinstance(charges, list):
            raise bad("expected 'code_information' and 'standard_charges' lists")
        codes = sort_codes(
            [
                (str(c.get("code", "")).strip(), str(c.get("type", "")).strip())
                for c in info
                if isinstance(c, dict) and str(c.get("code", "")).strip()
            ]
        )
        added = 0
        for charge in charges:
            if not isinstance(charge, dict):
                raise bad("expected a standard charge object")
            modifiers = charge.get("modifier_code") or charge.get("modifiers") or ""
            if isinstance(modifiers, list):
                modifiers = ",".join(str(m) for m in modifiers)
            for payer in charge.get("payers_information") or []:
                if not isinstance(payer, dict):
                    raise bad("expected a payer information object")
                added += add_charge_rows(
                    ctx,
                    batch,
                    codes=codes,
                    payer=str(payer.get("payer_name", "")),
                    plan=str(payer.get("plan_name", "")),
                    dollar=_number(payer.get("standard_charge_dollar")),
                    percentage=_number(payer.get("standard_charge_percentage")),
                    algorithm=payer.get("standard_charge_algorithm"),
                    methodology=str(payer.get("methodology", "")),
                    setting=str(charge.get("setting", "")),
                    modifiers=str(modifiers),
                )
        return added > 0
