"""TiC allowed-amount files (out-of-network), schema 1.x and 2.x, streamed.

One row per payment: ``negotiated_type = "allowed amount"``,
``negotiation_arrangement = "out-of-network"``, the rate is the allowed amount, the TIN
goes into ``provider_refs`` (``tin:<value>``). Market percentiles leave these rows out
unless asked for, since an allowed amount is not a contracted rate.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from accord.adapters.pricefiles.json_structure import TopLevelScanner, parse_item
from accord.adapters.pricefiles.rate_rows import ReadReport, RowBatch, RowFilter
from accord.adapters.pricefiles.source_files import ProgressCallback, open_price_file
from accord.domain.market.payers import normalize_payer_name
from accord.errors import InputFileError

__all__ = ["AllowedAmountsReader"]

_ARRAY = "out_of_network"
_ITEM_FIELDS = frozenset(
    {
        "name",
        "billing_code_type",
        "billing_code_type_version",
        "billing_code",
        "description",
        "allowed_amounts",
    }
)


def _joined(values: Any) -> str:
    if isinstance(values, list):
        return ",".join(str(v) for v in values)
    return "" if values is None else str(values)


class AllowedAmountsReader:
    """Read an allowed-amount file into ``rates`` row batches."""

    def __init__(
        self,
        path: Path,
        *,
        row_filter: RowFilter | None = None,
        progress: ProgressCallback | None = None,
        state: str | None = None,
        batch_rows: int = 100_000,
    ) -> None:
        self.path = path
        self.filter = row_filter or RowFilter()
        self.progress = progress
        self.state = state
        self.batch_rows = batch_rows
        self.report = ReadReport(str(path), kind="tic-allowed-amounts")

    def batches(self) -> Iterator[RowBatch]:
        """Yield row batches; :attr:`report` is complete once the iterator is exhausted."""
        batch = RowBatch.empty("rates")
        with open_price_file(self.path, progress=self.progress) as stream:
            scanner = TopLevelScanner(stream, str(self.path), items_of=frozenset({_ARRAY}))
            for item in scanner:
                header = scanner.header
                self.report.schema_version = str(header.get("version") or "")
                self.report.payer = str(header.get("reporting_entity_name") or "")
                self.report.items += 1
                if self._add(parse_item(item, str(self.path)), header, batch, item.offset):
                    self.report.items_kept += 1
                if len(batch) >= self.batch_rows:
                    yield batch
                    batch = RowBatch.empty("rates")
            if _ARRAY not in scanner.keys_seen:
                raise InputFileError(
                    f"no '{_ARRAY}' array: not an allowed-amount file", path=str(self.path)
                )
            self.report.schema_version = str(scanner.header.get("version") or "")
        if len(batch):
            yield batch
        if self.report.unknown_fields:
            self.report.warnings.append(
                "unknown fields ignored: "
                + ", ".join(f"{k} ({n})" for k, n in sorted(self.report.unknown_fields.items()))
            )

    def _add(self, data: Any, header: dict[str, Any], batch: RowBatch, offset: int) -> bool:
        def bad(what: str) -> InputFileError:
            return InputFileError(what, path=str(self.path), offset=offset)

        if not isinstance(data, dict):
            raise bad(f"expected an object in '{_ARRAY}'")
        for key in data.keys() - _ITEM_FIELDS:
            self.report.unknown_fields[f"{_ARRAY}.{key}"] += 1
        code = str(data.get("billing_code", ""))
        f = self.filter
        if f.billing_codes is not None and code not in f.billing_codes:
            return False
        amounts = data.get("allowed_amounts")
        if not isinstance(amounts, list):
            raise bad(f"expected 'allowed_amounts' to be a list for billing code {code!r}")
        added = 0
        for entry in amounts:
            if not isinstance(entry, dict):
                raise bad("expected an allowed amount object")
            bclass = str(entry.get("billing_class", ""))
            if f.billing_classes is not None and bclass not in f.billing_classes:
                continue
            tin = entry.get("tin") or {}
            if f.tins is not None and str(tin.get("value", "")) not in f.tins:
                continue
            for payment in entry.get("payments") or []:
                value = payment.get("allowed_amount") if isinstance(payment, dict) else None
                if not isinstance(value, int | float) or isinstance(value, bool):
                    raise bad(f"expected a number for allowed_amount of {code!r}, found {value!r}")
                npis = {
                    n
                    for p in payment.get("providers") or []
                    if isinstance(p, dict)
                    for n in p.get("npi") or []
                }
                if f.npis is not None and not (npis & f.npis):
                    continue
                self._row(batch, header, data, entry, payment, float(value), tin)
                added += 1
        self.report.rows += added
        return added > 0

    def _row(
        self,
        batch: RowBatch,
        header: dict[str, Any],
        data: dict[str, Any],
        entry: dict[str, Any],
        payment: dict[str, Any],
        value: float,
        tin: dict[str, Any],
    ) -> None:
        payer = str(header.get("reporting_entity_name") or "")
        c = batch.columns
        c["source_kind"].append("tic")
        c["payer"].append(payer)
        c["payer_normalized"].append(normalize_payer_name(payer))
        c["plan_name"].append(str(header.get("plan_name") or ""))
        c["plan_id"].append(str(header.get("plan_id") or ""))
        c["billing_code"].append(str(data.get("billing_code", "")))
        c["billing_code_type"].append(str(data.get("billing_code_type", "")))
        c["modifier"].append(_joined(payment.get("billing_code_modifier")))
        c["negotiation_arrangement"].append("out-of-network")
        c["negotiated_type"].append("allowed amount")
        c["rate"].append(value)
        c["billing_class"].append(str(entry.get("billing_class", "")))
        c["setting"].append(str(entry.get("setting", "")))
        c["service_code"].append(_joined(entry.get("service_code")))
        c["expiration_date"].append("")
        c["provider_refs"].append(f"tin:{tin.get('value', '')}" if tin else "")
        c["bundled_codes"].append("")
        c["provider_name"].append("")
        c["state"].append(self.state)
        c["zip3"].append(None)
