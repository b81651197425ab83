"""Transparency-in-Coverage in-network rate files (schema 1.x and 2.x), streamed.

One row per negotiated price. Provider references may come before or after
``in_network``: when an item needs references not yet seen, a side scan of the file
reads ``provider_references`` alone (the structural scanner skips ``in_network`` without
parsing it) and the main pass goes on. Remote references (``location`` URLs) are not
fetched unless the reader is given a fetcher, which runs once every reference is known
(at the first item when they come first, after the side scan or at the end of the main
pass when they come after); the rest are reported with the prices they leave without
NPI/TIN detail. Example::

    reader = InNetworkReader(Path("rates.json.gz"), row_filter=RowFilter(billing_codes=...))
    for batch in reader.batches():
        ...
    reader.report.warnings
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack, closing
from pathlib import Path
from typing import Any

from accord.adapters.pricefiles.json_structure import (
    DEFAULT_BLOCK,
    ArrayItem,
    TopLevelScanner,
    parse_item,
)
from accord.adapters.pricefiles.rate_rows import ReadReport, RowBatch, RowFilter
from accord.adapters.pricefiles.source_files import ProgressCallback, open_price_file
from accord.adapters.pricefiles.tic_columnar import ColumnarPipeline, ColumnarResult
from accord.adapters.pricefiles.tic_provider_references import (
    Group,
    ProviderReferences,
    ref_key,
)
from accord.domain.market.payers import normalize_payer_name
from accord.errors import InputFileError

__all__ = ["InNetworkReader"]

_ITEM_FIELDS = frozenset(
    {
        "negotiation_arrangement",
        "name",
        "billing_code_type",
        "billing_code_type_version",
        "billing_code",
        "description",
        "negotiated_rates",
        "bundled_codes",
        "covered_services",
        "severity_of_illness",
    }
)
_RATE_FIELDS = frozenset({"provider_references", "provider_groups", "negotiated_prices"})
_PRICE_FIELDS = frozenset(
    {
        "negotiated_type",
        "negotiated_rate",
        "expiration_date",
        "service_code",
        "billing_class",
        "billing_code_modifier",
        "additional_information",
        "setting",
    }
)
_CODE_KEY = re.compile(rb'"billing_code"\s*:\s*"((?:[^"\\]|\\.)*)"')


def _mentions_code(raw: bytes, codes: frozenset[bytes]) -> bool:
    """Cheap pre-filter: may this item's billing code be one of ``codes`` (UTF-8 bytes)?

    Looks at the ``billing_code`` values before ``negotiated_rates`` (where the schema puts
    the item's own code); only when there is none there is the whole item searched. A code
    written with JSON escapes counts as a possible match. False positives are parsed and
    dropped; there are no false negatives.
    """
    end = raw.find(b'"negotiated_rates"')
    head = raw if end < 0 else raw[:end]
    found = False
    for match in _CODE_KEY.finditer(head):
        found = True
        value = match.group(1)
        if value in codes or b"\\" in value:
            return True
    if found and b'"bundled_codes"' not in head and b'"covered_services"' not in head:
        return False
    return any(m.group(1) in codes or b"\\" in m.group(1) for m in _CODE_KEY.finditer(raw))


def _joined(values: Any) -> str:
    if isinstance(values, list):
        return ",".join(str(v) for v in values)
    return "" if values is None else str(values)


class InNetworkReader:
    """Read one in-network rate file into ``rates`` and ``provider_groups`` row batches."""

    def __init__(
        self,
        path: Path,
        *,
        row_filter: RowFilter | None = None,
        progress: ProgressCallback | None = None,
        batch_rows: int = 200_000,
        state: str | None = None,
        block_size: int = DEFAULT_BLOCK,
        columnar: bool = True,
        fetch_references: Callable[[str], Path] | None = None,
        workers: int | None = None,
    ) -> None:
        self.path = path
        self.filter = row_filter or RowFilter()
        self.progress = progress
        self.batch_rows = batch_rows
        self.state = state
        self.block_size = block_size
        # the columnar fast path cannot check NPIs/TINs (they need per-rate resolution)
        self.columnar = columnar and not self.filter.by_provider
        # bytes of kept items per parsed batch: large batches amortise Arrow's set-up when
        # every item is kept; with a code filter, batches fill slowly and each in flight
        # costs memory (raw, joined, parsed), so smaller ones keep peak RSS flat
        self.columnar_bytes = (8 << 20) if self.filter.billing_codes is None else (2 << 20)
        # threads parsing batches on the columnar path (Arrow releases the GIL)
        self.workers = workers if workers is not None else min(4, os.cpu_count() or 1)
        self.report = ReadReport(str(path), kind="tic-in-network")
        self.refs = ProviderReferences(str(path))
        self._fetch_references = fetch_references
        self._unchecked = 0
        self._payer_normalized = ""
        self._plan_name = ""
        self._plan_id = ""

    # -- public ---------------------------------------------------------------------------
    def batches(self) -> Iterator[RowBatch]:
        """Yield row batches; :attr:`report` is complete once the iterator is exhausted."""
        yield from self._read()
        self._finish()

    # -- passes ---------------------------------------------------------------------------
    def _scanner(
        self, stream: Any, items_of: frozenset[str], skip: frozenset[str]
    ) -> TopLevelScanner:
        return TopLevelScanner(
            stream, str(self.path), items_of=items_of, skip=skip, block_size=self.block_size
        )

    def _load_references(self) -> None:
        """Side scan for ``provider_references`` found after ``in_network``."""
        with open_price_file(self.path) as stream:
            scanner = self._scanner(
                stream, frozenset({"provider_references"}), frozenset({"in_network"})
            )
            for item in scanner:
                self.refs.add(item)
        self.refs.loaded = True
        self._fetch_remote()

    def _fetch_remote(self) -> None:
        """With a fetcher, download remote references once they are all known."""
        if self._fetch_references is not None and self.refs.remote:
            self.refs.fetch_remote(self._fetch_references)

    def _read(self) -> Iterator[RowBatch]:
        rates = RowBatch.empty("rates")
        providers = RowBatch.empty("provider_groups")
        codes = (
            None
            if self.filter.billing_codes is None
            else frozenset(c.encode() for c in self.filter.billing_codes)
        )
        with ExitStack() as stack:
            stream = stack.enter_context(
                open_price_file(self.path, progress=self.progress, prefetch=self.block_size)
            )
            scanner = self._scanner(
                stream, frozenset({"provider_references", "in_network"}), frozenset()
            )
            header_done = False
            pending: list[ArrayItem] = []
            pending_bytes = 0
            pipeline = stack.enter_context(
                closing(ColumnarPipeline(self.filter, workers=self.workers))
            )
            for item in scanner:
                if item.key == "provider_references":
                    if not self.refs.loaded:  # else a side scan has read them already
                        self.refs.add(item)
                    continue
                if not header_done:
                    self._take_header(scanner.header)
                    header_done = True
                    self._fetch_remote()
                self.report.items += 1
                if codes is not None and not _mentions_code(item.raw, codes):
                    continue
                if self.columnar:
                    pending.append(item)
                    pending_bytes += len(item.raw)
                    if pending_bytes >= self.columnar_bytes:
                        for done, result in pipeline.submit(pending, self._constants()):
                            yield from self._absorb(done, result, rates, providers)
                        pending, pending_bytes = [], 0
                else:
                    self._add_item(item, rates, providers)
                if len(rates) >= self.batch_rows:
                    yield rates
                    rates = RowBatch.empty("rates")
                if len(providers) >= self.batch_rows:
                    yield providers
                    providers = RowBatch.empty("provider_groups")
            self._take_header(scanner.header)
            # references after in_network were read by the main pass itself (no side scan
            # ran): they are all known only now, before the last batches are accounted for
            self._fetch_remote()
            if pending:
                for done, result in pipeline.submit(pending, self._constants()):
                    yield from self._absorb(done, result, rates, providers)
            for done, result in pipeline.drain():
                yield from self._absorb(done, result, rates, providers)
            if "in_network" not in scanner.keys_seen:
                raise InputFileError(
                    "no 'in_network' array: not an in-network rate file", path=str(self.path)
                )
        if len(rates):
            yield rates
        if len(providers):
            yield providers
        yield from self.refs.batches(self.batch_rows)

    def _constants(self) -> dict[str, str | None]:
        return {
            "source_kind": "tic",
            "payer": self.report.payer,
            "payer_normalized": self._payer_normalized,
            "plan_name": self._plan_name,
            "plan_id": self._plan_id,
            "provider_name": "",
            "state": self.state,
        }

    def _absorb(
        self,
        items: list[ArrayItem],
        result: ColumnarResult | None,
        rates: RowBatch,
        providers: RowBatch,
    ) -> Iterator[RowBatch]:
        """Account for one columnar result, or read its items one by one if it declined."""
        if result is None:
            for item in items:
                self._add_item(item, rates, providers)
            return
        refs = self.refs
        if refs.none_seen and result.ref_uses:
            self._load_references()
        for ref, uses in result.ref_uses.items():
            if ref in refs.remote:
                refs.remote_rates[ref] += uses
            elif ref not in refs.groups:
                refs.unknown[ref] += uses
        refs.used |= result.used_refs
        if refs.remote and result.table.num_rows:
            refs.remote_rows += refs.rows_naming_remote(result.table)
        self.report.unknown_fields.update(result.unknown_fields)
        self.report.items_kept += result.items_kept
        self.report.rows += result.table.num_rows
        if result.table.num_rows:
            yield RowBatch("rates", {}, arrow=result.table)

    # -- pieces ---------------------------------------------------------------------------
    def _take_header(self, header: dict[str, Any]) -> None:
        self.report.header = {
            k: v
            for k, v in header.items()
            if not isinstance(v, list | dict) or k == "reporting_plans"
        }
        self.report.schema_version = str(header.get("version") or "")
        self.report.payer = str(header.get("reporting_entity_name") or "")
        self._payer_normalized = normalize_payer_name(self.report.payer)
        self._plan_name = str(header.get("plan_name") or "")
        self._plan_id = str(header.get("plan_id") or "")
        if not self._plan_name and isinstance(header.get("reporting_plans"), list):
            plans = header["reporting_plans"]
            self._plan_name = ";".join(
                str(p.get("plan_name", "")) for p in plans if isinstance(p, dict)
            )
            self._plan_id = ";".join(
                str(p.get("plan_id", "")) for p in plans if isinstance(p, dict)
            )

    def _provider_match(self, groups: list[Group]) -> bool:
        npis, tins = self.filter.npis, self.filter.tins
        for group_npis, _, tin in groups:
            if npis is not None and any(n in npis for n in group_npis):
                return True
            if tins is not None and tin in tins:
                return True
        return False

    def _add_item(self, item: ArrayItem, rates: RowBatch, providers: RowBatch) -> None:
        data = parse_item(item, str(self.path))
        if not isinstance(data, dict):
            raise InputFileError(
                "expected an in_network object", path=str(self.path), offset=item.offset
            )
        f = self.filter
        code = str(data.get("billing_code", ""))
        if f.billing_codes is not None and code not in f.billing_codes:
            return
        for key in data.keys() - _ITEM_FIELDS:
            self.report.unknown_fields[f"in_network.{key}"] += 1
        negotiated_rates = data.get("negotiated_rates")
        if not isinstance(negotiated_rates, list):
            raise InputFileError(
                f"expected 'negotiated_rates' to be a list for billing code {code!r}",
                path=str(self.path),
                offset=item.offset,
            )
        bundled = data.get("bundled_codes") or data.get("covered_services") or []
        bundled_codes = ",".join(
            str(b.get("billing_code", "")) for b in bundled if isinstance(b, dict)
        )
        kept_any = False
        for nr in negotiated_rates:
            if not isinstance(nr, dict):
                raise InputFileError(
                    "expected a negotiated rate object", path=str(self.path), offset=item.offset
                )
            for key in nr.keys() - _RATE_FIELDS:
                self.report.unknown_fields[f"negotiated_rates.{key}"] += 1
            prices = nr.get("negotiated_prices") or []
            refs, groups, remote = self._resolve(nr, item.offset, providers)
            if f.by_provider:
                if remote and not groups:
                    self._unchecked += len(prices)
                    continue
                if not self._provider_match(groups):
                    continue
            for ref in remote:
                self.refs.remote_rates[ref] += len(prices)
            joined = ",".join(refs)
            added = 0
            for price in prices:
                if self._add_price(data, code, price, joined, bundled_codes, rates, item.offset):
                    added += 1
            if added:
                kept_any = True
                self.refs.used.update(refs)
                if remote:
                    self.refs.remote_rows += added
        if kept_any:
            self.report.items_kept += 1

    def _resolve(
        self, nr: dict[str, Any], offset: int, providers: RowBatch
    ) -> tuple[list[str], list[Group], list[str]]:
        if "provider_groups" in nr:
            ref, inline = self.refs.inline(nr["provider_groups"], offset, providers)
            return [ref], inline, []
        refs = [ref_key(r) for r in nr.get("provider_references") or []]
        groups: list[Group] = []
        remote: list[str] = []
        known = self.refs
        for ref in refs:
            if ref in known.groups:
                groups.extend(known.groups[ref])
            elif ref in known.remote:
                remote.append(ref)
            elif known.none_seen:
                self._load_references()
                return self._resolve(nr, offset, providers)
            else:
                known.unknown[ref] += 1
        return refs, groups, remote

    def _add_price(
        self,
        item: dict[str, Any],
        code: str,
        price: Any,
        refs: str,
        bundled: str,
        rates: RowBatch,
        offset: int,
    ) -> bool:
        if not isinstance(price, dict):
            raise InputFileError(
                "expected a negotiated price object", path=str(self.path), offset=offset
            )
        f = self.filter
        ntype = str(price.get("negotiated_type", ""))
        bclass = str(price.get("billing_class", ""))
        if f.negotiated_types is not None and ntype not in f.negotiated_types:
            return False
        if f.billing_classes is not None and bclass not in f.billing_classes:
            return False
        for key in price.keys() - _PRICE_FIELDS:
            self.report.unknown_fields[f"negotiated_prices.{key}"] += 1
        value = price.get("negotiated_rate")
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise InputFileError(
                f"expected a number for negotiated_rate of {code!r}, found {value!r}",
                path=str(self.path),
                offset=offset,
            )
        c = rates.columns
        c["source_kind"].append("tic")
        c["payer"].append(self.report.payer)
        c["payer_normalized"].append(self._payer_normalized)
        c["plan_name"].append(self._plan_name)
        c["plan_id"].append(self._plan_id)
        c["billing_code"].append(code)
        c["billing_code_type"].append(str(item.get("billing_code_type", "")))
        c["modifier"].append(_joined(price.get("billing_code_modifier")))
        c["negotiation_arrangement"].append(str(item.get("negotiation_arrangement", "")))
        c["negotiated_type"].append(ntype)
        c["rate"].append(float(value))
        c["billing_class"].append(bclass)
        c["setting"].append(str(price.get("setting", "")))
        c["service_code"].append(_joined(price.get("service_code")))
        c["expiration_date"].append(str(price.get("expiration_date", "")))
        c["provider_refs"].append(refs)
        c["bundled_codes"].append(bundled)
        c["provider_name"].append("")
        c["state"].append(self.state)
        c["zip3"].append(None)
        self.report.rows += 1
        return True

    def _finish(self) -> None:
        r = self.report
        r.warnings.extend(self.refs.warnings())
        r.provider_rows = self.refs.rows_written
        r.references_fetched = self.refs.fetched_files
        if self._unchecked:
            r.warnings.append(
                f"{self._unchecked} negotiated prices were skipped: their provider references are "
                "remote, so the NPI/TIN filter could not be checked"
            )
        if r.unknown_fields:
            r.warnings.append(
                "unknown fields ignored: "
                + ", ".join(f"{k} ({n})" for k, n in sorted(r.unknown_fields.items()))
            )
