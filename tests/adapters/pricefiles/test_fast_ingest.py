"""The fast ingest paths give exactly the rows of the plain ones.

Parsing threads, the line-delimited chunker, the packed structural index and the sorted
runs merged at commit are all optimisations: each test here pins one of them to the
simple path it replaces.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import duckdb
import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.adapters.market.dataset import MarketDataset, PartitionWriter
from accord.adapters.market.market_data import ParquetMarket
from accord.adapters.market.sorted_runs import SortedParquetWriter
from accord.adapters.pricefiles.json_structure import TopLevelScanner
from accord.adapters.pricefiles.price_files import PriceFileReaders
from accord.adapters.pricefiles.tic_in_network import InNetworkReader
from accord.errors import InputFileError
from accord.services.market import ingest_price_file
from tests.support.clock import FixedClock

CAREFIRST = "tic/real/carefirst-in-network.json.gz"


def all_rows(reader: InNetworkReader) -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {"rates": [], "provider_groups": []}
    for batch in reader.batches():
        out[batch.table] += zip(*batch.as_columns().values(), strict=True)
    return out


@pytest.fixture(scope="module")
def carefirst_json(shared_fixtures: Path) -> bytes:
    return gzip.decompress((shared_fixtures / CAREFIRST).read_bytes())


def test_several_parsing_threads_give_the_rows_of_one(shared_fixtures: Path) -> None:
    path = shared_fixtures / CAREFIRST
    one = InNetworkReader(path, workers=1)
    one.columnar_bytes = 64 << 10  # many small batches, so several are in flight at once
    three = InNetworkReader(path, workers=3)
    three.columnar_bytes = 64 << 10
    rows = all_rows(one)
    assert all_rows(three) == rows
    assert len(rows["rates"]) == 122_310
    assert (three.report.rows, three.report.items_kept, three.report.warnings) == (
        one.report.rows,
        one.report.items_kept,
        one.report.warnings,
    )


def test_pretty_printed_items_give_the_rows_of_minified_ones(
    carefirst_json: bytes, tmp_path: Path
) -> None:
    # line breaks inside items send batches through Arrow's slower chunker: same rows
    doc = json.loads(carefirst_json)
    minified, pretty = tmp_path / "minified.json", tmp_path / "pretty.json"
    minified.write_bytes(orjson.dumps(doc))
    pretty.write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2))
    assert all_rows(InNetworkReader(pretty)) == all_rows(InNetworkReader(minified))


def _bad_file(carefirst_json: bytes, tmp_path: Path) -> tuple[Path, int]:
    """CareFirst with one price of a middle item turned into text; that item's offset."""
    doc = json.loads(carefirst_json)
    middle = len(doc["in_network"]) // 2
    doc["in_network"][middle]["negotiated_rates"][0]["negotiated_prices"][0]["negotiated_rate"] = (
        "ten"
    )
    path = tmp_path / "bad-price.json"
    path.write_bytes(orjson.dumps(doc))
    items = TopLevelScanner(
        path.open("rb"), str(path), items_of=frozenset({"in_network"}), skip=frozenset()
    )
    offset = next(item.offset for i, item in enumerate(items) if i == middle)
    return path, offset


def test_a_bad_value_in_a_parallel_batch_fails_with_its_items_byte_offset(
    carefirst_json: bytes, tmp_path: Path
) -> None:
    path, offset = _bad_file(carefirst_json, tmp_path)
    reader = InNetworkReader(path, workers=2)
    reader.columnar_bytes = 256 << 10
    with pytest.raises(InputFileError, match="expected a number for negotiated_rate") as info:
        all_rows(reader)
    assert info.value.path == str(path)
    assert info.value.offset == offset


def test_a_bad_value_found_by_a_parsing_thread_leaves_no_partition(
    carefirst_json: bytes, tmp_path: Path
) -> None:
    path, _ = _bad_file(carefirst_json, tmp_path)
    root = tmp_path / "market"
    with pytest.raises(InputFileError, match=r"bad-price\.json"):
        ingest_price_file(ParquetMarket(root), PriceFileReaders(), FixedClock(), path, state="MD")
    assert not (root / "files").exists() or not any((root / "files").iterdir())
    assert not any((root / ".incoming").iterdir())


def _partition_rows(path: Path) -> list[tuple[Any, ...]]:
    with duckdb.connect() as con:
        return con.execute(f"SELECT * FROM read_parquet('{path}')").fetchall()


def test_a_partition_sorted_in_many_runs_equals_one_sorted_in_memory(
    shared_fixtures: Path, tmp_path: Path
) -> None:
    results = []
    for run_rows in (1 << 20, 5_000):
        dataset = MarketDataset(tmp_path / f"runs-{run_rows}")
        writer = PartitionWriter(dataset, "carefirst", run_rows=run_rows)
        for batch in InNetworkReader(shared_fixtures / CAREFIRST, state="MD").batches():
            writer.write(batch)
        part = writer.commit({"source": "carefirst"})
        results.append(part)
    rates = [_partition_rows(p / "rates.parquet") for p in results]
    assert len(rates[0]) == 122_310
    assert rates[1] == rates[0]  # same rows in the same order (the sort is stable)
    codes = [r[5] for r in rates[0]]
    assert codes == sorted(codes)
    providers = [_partition_rows(p / "provider_groups.parquet") for p in results]
    assert providers[1] == providers[0]
    # readers see plain strings, not the dictionaries used while writing
    assert pq.read_schema(results[0] / "rates.parquet").field("billing_code").type == pa.string()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    keys=st.lists(
        st.one_of(st.none(), st.sampled_from(["", "a", "b", "ab", "é", "z9"])), max_size=80
    ),
    run_rows=st.integers(1, 30),
    row_group_rows=st.integers(1, 25),
    merge_batch_rows=st.integers(1, 9),
    chunk=st.integers(1, 20),
)
def test_sorted_runs_give_a_stable_sort_whatever_the_sizes(
    tmp_path: Path,
    keys: list[str | None],
    run_rows: int,
    row_group_rows: int,
    merge_batch_rows: int,
    chunk: int,
) -> None:
    schema = pa.schema([("key", pa.dictionary(pa.int32(), pa.string())), ("n", pa.int64())])
    table = pa.table(
        {"key": pa.array(keys, pa.string()).dictionary_encode(), "n": list(range(len(keys)))},
        schema=schema,
    )
    out = tmp_path / f"sorted-{len(list(tmp_path.iterdir()))}.parquet"
    writer = SortedParquetWriter(
        out,
        schema,
        "key",
        spill_dir=tmp_path / "spill",
        run_rows=run_rows,
        row_group_rows=row_group_rows,
        merge_batch_rows=merge_batch_rows,
    )
    for start in range(0, len(keys), chunk):
        writer.add(table.slice(start, chunk))
    assert writer.finish() == len(keys)
    got = pq.read_table(out)
    expected = sorted(range(len(keys)), key=lambda i: (keys[i] or "", i))  # null as ""
    assert got.column("n").to_pylist() == expected
    assert not list((tmp_path / "spill").glob("*")) if (tmp_path / "spill").exists() else True


_TEXT = st.text(alphabet='ab"\\[]{}:,\n é', max_size=12)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=12,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    before=_JSON,
    # array items are objects or arrays (a scalar item is refused, as the schema allows none)
    items=st.lists(
        st.dictionaries(_TEXT, _JSON, max_size=4) | st.lists(_JSON, max_size=3), max_size=6
    ),
    after=_JSON,
    block=st.sampled_from([1, 2, 3, 7, 64, 1 << 20]),
    indent=st.sampled_from([None, 1]),
)
def test_the_structural_index_finds_every_item_whatever_strings_hold(
    tmp_path: Path, before: Any, items: list[Any], after: Any, block: int, indent: int | None
) -> None:
    # strings full of quotes, backslashes and brackets, cut at every block boundary
    doc = {"before": before, "in_network": items, "after": after}
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc, indent=indent, ensure_ascii=False), encoding="utf-8")
    with path.open("rb") as stream:
        scanner = TopLevelScanner(
            stream, str(path), items_of=frozenset({"in_network"}), block_size=block
        )
        found = [orjson.loads(item.raw) for item in scanner]
    assert found == items
    assert scanner.header == {"before": before, "in_network": None, "after": after}
