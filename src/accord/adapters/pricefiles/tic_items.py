"""One ``in_network`` item of a Transparency-in-Coverage rate file, read row by row.

The row path of :class:`~accord.adapters.pricefiles.tic_in_network.InNetworkReader`:
it parses an item whole, resolves its provider references, applies the row filter
(codes, negotiated types, billing classes, NPIs/TINs) and appends one rate row per
negotiated price. The reader takes it when the columnar path declines a batch or cannot
apply the filter (NPIs and TINs need each rate's providers).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from accord.adapters.pricefiles.json_structure import ArrayItem, parse_item
from accord.adapters.pricefiles.rate_rows import ReadReport, RowBatch, RowFilter
from accord.adapters.pricefiles.tic_provider_references import (
    Group,
    ProviderReferences,
    ref_key,
)
from accord.domain.market.payers import normalize_payer_name
from accord.errors import InputFileError

__all__ = ["ItemRows", "mentions_code"]

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


def mentions_code(raw: bytes, codes: frozenset[bytes]) -> bool:
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


class ItemRows:
    """The file's plan (from its header) and the rows of its items, one item at a time.

    ``load_references`` runs the reader's side scan when an item names references
    before any were seen; ``unchecked`` counts prices the NPI/TIN filter had to skip
    because their references are remote.
    """

    def __init__(
        self,
        path: str,
        *,
        row_filter: RowFilter,
        report: ReadReport,
        refs: ProviderReferences,
        state: str | None,
        load_references: Callable[[], None],
    ) -> None:
        self.path = path
        self.filter = row_filter
        self.report = report
        self.refs = refs
        self.state = state
        self.unchecked = 0
        self._load_references = load_references
        self._payer_normalized = ""
        self._plan_name = ""
        self._plan_id = ""

    def take_header(self, header: dict[str, Any]) -> None:
        """Note the reporting entity and plan(s) of the file's top-level fields."""
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
            plans = [p for p in header["reporting_plans"] if isinstance(p, dict)]
            self._plan_name = ";".join(str(p.get("plan_name", "")) for p in plans)
            self._plan_id = ";".join(str(p.get("plan_id", "")) for p in plans)

    def constants(self) -> dict[str, str | None]:
        """The columns every rate row of this file shares (for the columnar path)."""
        return {
            "source_kind": "tic",
            "payer": self.report.payer,
            "payer_normalized": self._payer_normalized,
            "plan_name": self._plan_name,
            "plan_id": self._plan_id,
            "provider_name": "",
            "state": self.state,
        }

    def add(self, item: ArrayItem, rates: RowBatch, providers: RowBatch) -> None:
        """Parse ``item`` and append the rows the filter keeps to ``rates`` (and inline
        provider groups to ``providers``)."""
        data = parse_item(item, self.path)
        if not isinstance(data, dict):
            raise InputFileError(
                "expected an in_network object", path=self.path, offset=item.offset
            )
        code = str(data.get("billing_code", ""))
        if self.filter.billing_codes is not None and code not in self.filter.billing_codes:
            return
        self._note_unknown("in_network", data, _ITEM_FIELDS)
        negotiated_rates = data.get("negotiated_rates")
        if not isinstance(negotiated_rates, list):
            raise InputFileError(
                f"expected 'negotiated_rates' to be a list for billing code {code!r}",
                path=self.path,
                offset=item.offset,
            )
        bundled = data.get("bundled_codes") or data.get("covered_services") or []
        bundled_codes = ",".join(
            str(b.get("billing_code", "")) for b in bundled if isinstance(b, dict)
        )
        kept = [
            self._add_rate(data, code, nr, bundled_codes, item.offset, rates, providers)
            for nr in negotiated_rates
        ]
        if any(kept):
            self.report.items_kept += 1

    def _note_unknown(self, where: str, data: dict[str, Any], known: frozenset[str]) -> None:
        for key in data.keys() - known:
            self.report.unknown_fields[f"{where}.{key}"] += 1

    def _add_rate(
        self,
        item: dict[str, Any],
        code: str,
        nr: Any,
        bundled: str,
        offset: int,
        rates: RowBatch,
        providers: RowBatch,
    ) -> bool:
        """Append the prices of one negotiated rate; whether any row was kept."""
        if not isinstance(nr, dict):
            raise InputFileError("expected a negotiated rate object", path=self.path, offset=offset)
        self._note_unknown("negotiated_rates", nr, _RATE_FIELDS)
        prices = nr.get("negotiated_prices") or []
        refs, groups, remote = self._resolve(nr, offset, providers)
        if self.filter.by_provider:
            if remote and not groups:
                self.unchecked += len(prices)
                return False
            if not self._provider_match(groups):
                return False
        for ref in remote:
            self.refs.remote_rates[ref] += len(prices)
        joined = ",".join(refs)
        added = sum(
            self._add_price(item, code, price, joined, bundled, rates, offset) for price in prices
        )
        if added:
            self.refs.used.update(refs)
            if remote:
                self.refs.remote_rows += added
        return added > 0

    def _provider_match(self, groups: list[Group]) -> bool:
        npis, tins = self.filter.npis, self.filter.tins
        for group_npis, _, tin in groups:
            if npis is not None and any(n in npis for n in group_npis):
                return True
            if tins is not None and tin in tins:
                return True
        return False

    def _resolve(
        self, nr: dict[str, Any], offset: int, providers: RowBatch
    ) -> tuple[list[str], list[Group], list[str]]:
        """The rate's reference keys, the groups they name, and those that are remote."""
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
                "expected a negotiated price object", path=self.path, offset=offset
            )
        f = self.filter
        ntype = str(price.get("negotiated_type", ""))
        bclass = str(price.get("billing_class", ""))
        if f.negotiated_types is not None and ntype not in f.negotiated_types:
            return False
        if f.billing_classes is not None and bclass not in f.billing_classes:
            return False
        self._note_unknown("negotiated_prices", price, _PRICE_FIELDS)
        value = price.get("negotiated_rate")
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise InputFileError(
                f"expected a number for negotiated_rate of {code!r}, found {value!r}",
                path=self.path,
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
