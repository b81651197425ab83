"""The columnar fast path of the TiC in-network reader: many items parsed at once by Arrow.

The structural scanner hands over the raw bytes of ``in_network`` items; this module
joins a batch of them with newlines, parses them with Arrow's JSON reader against the
schema of the fields Accord keeps, and flattens ``negotiated_rates`` and
``negotiated_prices`` with list offsets — no Python loop per rate. Whenever a batch is
not plain (inline ``provider_groups``, a value of an unexpected type, a missing rate),
:class:`NeedsRowPath` is raised and the caller reads that batch item by item instead, which
gives the same rows or the precise error with its byte offset.

Batches are parsed by a pool of threads (Arrow parses and flattens without the GIL, so
two threads use two cores), each batch single-threaded inside Arrow. Items without line
breaks (minified files, and every file written one item a line) are parsed with Arrow's
line-delimited chunker, which is cheaper than the one that allows newlines in values.
Values repeated across the prices of an item (its code, code type, arrangement) and the
file's constants come out as dictionary arrays: four bytes a row instead of a string.
"""

from __future__ import annotations

import io
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj

from accord.adapters.pricefiles.json_structure import ArrayItem
from accord.adapters.pricefiles.rate_rows import RowFilter, constant_column

__all__ = ["ColumnarPipeline", "ColumnarResult", "NeedsRowPath", "rates_from_items"]

_PRICE = pa.struct(
    [
        ("negotiated_type", pa.string()),
        ("negotiated_rate", pa.float64()),
        ("expiration_date", pa.string()),
        ("service_code", pa.list_(pa.string())),
        ("billing_class", pa.string()),
        ("setting", pa.string()),
        ("billing_code_modifier", pa.list_(pa.string())),
        ("additional_information", pa.string()),
    ]
)
_RATE = pa.struct(
    [
        ("provider_references", pa.list_(pa.float64())),
        ("negotiated_prices", pa.list_(_PRICE)),
    ]
)
_CODE = pa.list_(pa.struct([("billing_code", pa.string())]))
_ITEM = pa.schema(
    [
        ("negotiation_arrangement", pa.string()),
        ("name", pa.string()),
        ("billing_code_type", pa.string()),
        ("billing_code_type_version", pa.string()),
        ("billing_code", pa.string()),
        ("description", pa.string()),
        ("negotiated_rates", pa.list_(_RATE)),
        ("bundled_codes", _CODE),
        ("covered_services", _CODE),
    ]
)
_KNOWN = {
    "in_network": set(_ITEM.names) | {"severity_of_illness"},
    "negotiated_rates": {f.name for f in _RATE} | {"provider_groups"},
    "negotiated_prices": {f.name for f in _PRICE},
}
_OPTIONS = {
    newlines: pj.ParseOptions(
        explicit_schema=_ITEM, unexpected_field_behavior="infer", newlines_in_values=newlines
    )
    for newlines in (False, True)
}
_READ_OPTIONS = {
    threads: pj.ReadOptions(use_threads=threads, block_size=1 << 20) for threads in (False, True)
}


class NeedsRowPath(Exception):
    """This batch must be read item by item (see the module docstring)."""


@dataclass(slots=True)
class ColumnarResult:
    """The rates of a batch and what the reader tracks besides rows."""

    table: pa.Table
    items_kept: int
    ref_uses: dict[str, int]  # reference id -> negotiated prices that name it
    used_refs: set[str]
    unknown_fields: Counter[str] = field(default_factory=Counter)


def _joined(lists: pa.Array) -> pa.Array:
    """list<string> → "a,b" strings ("" for null or empty lists)."""
    return pc.fill_null(pc.binary_join(lists, ","), "")


def _offsets(lists: pa.ListArray) -> pa.Array:
    """The offsets of ``lists`` rebased to 0, to pair with ``lists.flatten()``."""
    offsets = lists.offsets
    return pc.subtract(offsets, offsets[0])


def _ref_strings(refs: pa.ListArray) -> pa.ListArray:
    """Provider reference ids as text, integers without ".0" (as the row path writes them)."""
    values = refs.flatten()
    whole = values.null_count == 0 and len(values) > 0
    if whole:
        numbers = values.to_numpy()
        whole = bool(np.all(np.abs(numbers) < 2**53)) and bool(
            np.array_equal(numbers, np.floor(numbers))
        )
    if whole:  # the usual case: integer ids, and integers format much faster than floats
        as_text = pc.cast(pa.array(numbers.astype(np.int64)), pa.string())
    else:
        as_text = pc.cast(values, pa.string())  # Arrow writes 1.0 as "1"
    return pa.ListArray.from_arrays(_offsets(refs), as_text, mask=refs.is_null())


def _count_unknown(arr: pa.StructArray | pa.Table, level: str, out: Counter[str]) -> None:
    names = arr.schema.names if isinstance(arr, pa.Table) else [f.name for f in arr.type]
    for name in names:
        if name not in _KNOWN[level]:
            column = arr.column(name) if isinstance(arr, pa.Table) else arr.field(name)
            n = len(column) - column.null_count
            if n:
                out[f"{level}.{name}"] += n


def rates_from_items(
    raws: list[bytes],
    *,
    row_filter: RowFilter,
    constants: dict[str, str | None],
    threads: bool = True,
) -> ColumnarResult:
    """Parse ``raws`` (in_network items) into a rates table; see the module docstring.

    ``threads`` lets Arrow parse the batch on its own thread pool (for a lone caller).
    """
    unknown: Counter[str] = Counter()
    flat = _Flat.of(_parse(raws, threads), unknown)
    # references: how many prices name each one (before price filters, like the row path)
    ref_lists = _ref_strings(flat.rates.field("provider_references"))
    n_prices = pc.fill_null(pc.list_value_length(flat.price_lists), 0)
    ref_values = ref_lists.flatten()
    ref_rate = pc.list_parent_indices(ref_lists)
    uses = (
        pa.table({"ref": ref_values, "n": n_prices.take(ref_rate)})
        .group_by("ref")
        .aggregate([("n", "sum")])
    )
    ref_uses = dict(
        zip(uses.column("ref").to_pylist(), uses.column("n_sum").to_pylist(), strict=True)
    )
    keep = _kept_prices(row_filter, flat)
    if keep is None:  # every price kept: a reference is used if any of its rates has one
        used = [ref for ref, uses_of_ref in ref_uses.items() if uses_of_ref]
    else:
        flat = flat.filtered(keep)
        kept_rates = pc.unique(flat.price_rate)
        used = pc.unique(ref_values.filter(pc.is_in(ref_rate, kept_rates))).to_pylist()
    table = _rates_table(flat, ref_lists, constants)
    items_kept = len(pc.unique(flat.price_item))
    return ColumnarResult(table, items_kept, ref_uses, set(used), unknown)


def _parse(raws: list[bytes], threads: bool) -> pa.Table:
    """The items as one Arrow table (or :class:`NeedsRowPath` for what Arrow can't take)."""
    newlines = any(b"\n" in raw or b"\r" in raw for raw in raws)
    data = b"\n".join(raws)
    if b'"provider_groups"' in data:
        raise NeedsRowPath("inline provider groups")
    try:
        return pj.read_json(
            io.BytesIO(data),
            read_options=_READ_OPTIONS[threads],
            parse_options=_OPTIONS[newlines],
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError) as exc:
        raise NeedsRowPath(str(exc)) from exc


@dataclass(frozen=True, slots=True)
class _Flat:
    """The items' rates and prices flattened, each price with its rate and item index."""

    items: pa.Table
    rates: pa.StructArray
    price_lists: pa.ListArray
    prices: pa.StructArray
    price_rate: pa.Array
    price_item: pa.Array

    @classmethod
    def of(cls, items: pa.Table, unknown: Counter[str]) -> _Flat:
        """Flatten ``items``, counting unknown fields at each level into ``unknown``."""
        _count_unknown(items, "in_network", unknown)
        rate_lists = items.column("negotiated_rates").combine_chunks()
        if rate_lists.null_count:
            raise NeedsRowPath("an item without negotiated_rates")
        rates = rate_lists.flatten()
        if rates.null_count:
            raise NeedsRowPath("a null negotiated rate")
        rate_item = pc.list_parent_indices(rate_lists)
        _count_unknown(rates, "negotiated_rates", unknown)
        price_lists = rates.field("negotiated_prices")
        prices = price_lists.flatten()
        if prices.null_count:
            raise NeedsRowPath("a null negotiated price")
        price_rate = pc.list_parent_indices(price_lists)
        _count_unknown(prices, "negotiated_prices", unknown)
        if prices.field("negotiated_rate").null_count:
            raise NeedsRowPath("a price without a negotiated_rate")
        return cls(items, rates, price_lists, prices, price_rate, rate_item.take(price_rate))

    def filtered(self, keep: pa.Array) -> _Flat:
        """Only the prices ``keep`` marks (rates and items stay whole)."""
        return _Flat(
            self.items,
            self.rates,
            self.price_lists,
            self.prices.filter(keep),
            self.price_rate.filter(keep),
            self.price_item.filter(keep),
        )


def _kept_prices(f: RowFilter, flat: _Flat) -> pa.Array | None:
    """Which prices the filter keeps (codes, billing classes, negotiated types), or
    ``None`` when it keeps them all."""
    item_codes = flat.items.column("billing_code").combine_chunks()
    prices = flat.prices
    conditions = []
    if f.billing_codes is not None:
        conditions.append(
            pc.is_in(item_codes.take(flat.price_item), pa.array(sorted(f.billing_codes)))
        )
    if f.billing_classes is not None:
        conditions.append(
            pc.is_in(prices.field("billing_class"), pa.array(sorted(f.billing_classes)))
        )
    if f.negotiated_types is not None:
        conditions.append(
            pc.is_in(prices.field("negotiated_type"), pa.array(sorted(f.negotiated_types)))
        )
    keep = None
    for condition in conditions:
        keep = condition if keep is None else pc.and_(keep, condition)
    return None if keep is None else pc.fill_null(keep, False)


def _rates_table(
    flat: _Flat, ref_lists: pa.ListArray, constants: dict[str, str | None]
) -> pa.Table:
    """One row per kept price, in the columns of the ``rates`` table."""
    items, prices, price_item = flat.items, flat.prices, flat.price_item
    n = len(prices)

    def col(name: str) -> pa.Array:
        return _per_item(items.column(name).combine_chunks(), price_item)

    bundled = items.column("bundled_codes").combine_chunks()
    covered = items.column("covered_services").combine_chunks()
    bundle_text = pc.coalesce(
        pc.if_else(
            pc.greater(pc.fill_null(pc.list_value_length(bundled), 0), 0),
            _joined(_codes_of(bundled)),
            None,
        ),
        _joined(_codes_of(covered)),
    )

    def const(name: str) -> pa.Array:
        return constant_column(constants[name], n)

    return pa.table(
        {
            "source_kind": const("source_kind"),
            "payer": const("payer"),
            "payer_normalized": const("payer_normalized"),
            "plan_name": const("plan_name"),
            "plan_id": const("plan_id"),
            "billing_code": col("billing_code"),
            "billing_code_type": col("billing_code_type"),
            "modifier": _repeated(_joined(prices.field("billing_code_modifier"))),
            "negotiation_arrangement": col("negotiation_arrangement"),
            "negotiated_type": _repeated(prices.field("negotiated_type")),
            "rate": prices.field("negotiated_rate"),
            "billing_class": _repeated(prices.field("billing_class")),
            "setting": _repeated(prices.field("setting")),
            "service_code": _repeated(_joined(prices.field("service_code"))),
            "expiration_date": _repeated(prices.field("expiration_date")),
            "provider_refs": _joined(ref_lists).take(flat.price_rate),
            "bundled_codes": _per_item(bundle_text, price_item),
            "provider_name": const("provider_name"),
            "state": const("state"),
            "zip3": pa.nulls(n, pa.string()),
        }
    )


def _repeated(values: pa.Array) -> pa.DictionaryArray:
    """Strings with few distinct values (nulls as ""), dictionary-encoded."""
    encoded: pa.DictionaryArray = pc.dictionary_encode(pc.fill_null(values, ""))
    return encoded


def _per_item(values: pa.Array, price_item: pa.Array) -> pa.DictionaryArray:
    """One value per item repeated on each of its prices: indices into the items' values."""
    per_item = _repeated(values)
    return pa.DictionaryArray.from_arrays(per_item.indices.take(price_item), per_item.dictionary)


def _codes_of(codes: pa.ListArray) -> pa.ListArray:
    """list<struct{billing_code}> → list<string>."""
    values = codes.flatten().field("billing_code")
    return pa.ListArray.from_arrays(_offsets(codes), values, mask=codes.is_null())


class ColumnarPipeline:
    """Parses batches in worker threads while the caller scans the next ones.

    Arrow parses and flattens without the GIL, so with ``workers`` threads on as many
    cores the structural scan of later batches overlaps the parsing of earlier ones.
    Results come back in submission order; ``None`` marks a batch the caller must read
    item by item. At most ``workers + 1`` batches are in flight, which bounds memory.
    """

    def __init__(self, row_filter: RowFilter, *, workers: int = 1) -> None:
        self._filter = row_filter
        self._workers = max(1, workers)
        self._depth = self._workers + 1
        self._pool = ThreadPoolExecutor(
            max_workers=self._workers, thread_name_prefix="tic-columnar"
        )
        self._inflight: deque[tuple[list[ArrayItem], Future[ColumnarResult]]] = deque()

    def submit(
        self, items: list[ArrayItem], constants: dict[str, str | None]
    ) -> Iterator[tuple[list[ArrayItem], ColumnarResult | None]]:
        """Queue a batch; yield the results that are due (oldest first)."""
        future = self._pool.submit(
            rates_from_items,
            [i.raw for i in items],
            row_filter=self._filter,
            constants=constants,
            threads=self._workers == 1,
        )
        self._inflight.append((items, future))
        while len(self._inflight) > self._depth:
            yield self._pop()

    def drain(self) -> Iterator[tuple[list[ArrayItem], ColumnarResult | None]]:
        """Yield every remaining result."""
        while self._inflight:
            yield self._pop()

    def _pop(self) -> tuple[list[ArrayItem], ColumnarResult | None]:
        items, future = self._inflight.popleft()
        try:
            return items, future.result()
        except NeedsRowPath:
            return items, None

    def close(self) -> None:
        """Stop the workers (pending batches are dropped)."""
        self._pool.shutdown(wait=True, cancel_futures=True)
