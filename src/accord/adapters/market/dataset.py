"""The market dataset on disk: one partition directory per ingested file, written atomically.

Layout under the market directory::

    files/file_id=<id>/rates.parquet            one row per negotiated price, sorted by code
    files/file_id=<id>/provider_groups.parquet  one row per NPI of a provider group
    files/file_id=<id>/_manifest.json           source, sha256, schema version, counts, warnings
    pfs/year=<yyyy>/amounts.parquet             Medicare amounts per code x locality
    manifest.json                               every partition's manifest, for people and tools

A partition is written under ``.incoming/`` and renamed into ``files/`` only when complete,
so an interrupted ingest leaves nothing visible (and its work directory is removed by the
next ingest: :mod:`accord.adapters.market.incoming`); its manifest travels inside it, so the
data and its manifest appear together. ``<id>`` is derived from the file's SHA-256 and the
read options: re-ingesting the same file with the same options changes nothing.

Rows are sorted by billing code (what queries prune row groups by) as they stream in, in
bounded memory: see :mod:`accord.adapters.market.sorted_runs`. Repeated strings (the
file's payer and plan, codes, code types, arrangements) are kept dictionary-encoded from
the reader to the Parquet pages; the files' schema is plain strings all the same.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from accord.adapters.market.incoming import WorkDirectory, remove_dead
from accord.adapters.market.sorted_runs import SortedParquetWriter
from accord.adapters.pricefiles.rate_rows import RowBatch
from accord.errors import ConfigurationError, InputFileError

__all__ = [
    "PROVIDER_SCHEMA",
    "RATE_SCHEMA",
    "MarketDataset",
    "PartitionWriter",
    "partition_id",
]

RATE_SCHEMA = pa.schema(
    [
        ("source_kind", pa.string()),
        ("payer", pa.string()),
        ("payer_normalized", pa.string()),
        ("plan_name", pa.string()),
        ("plan_id", pa.string()),
        ("billing_code", pa.string()),
        ("billing_code_type", pa.string()),
        ("modifier", pa.string()),
        ("negotiation_arrangement", pa.string()),
        ("negotiated_type", pa.string()),
        ("rate", pa.float64()),
        ("billing_class", pa.string()),
        ("setting", pa.string()),
        ("service_code", pa.string()),
        ("expiration_date", pa.string()),
        ("provider_refs", pa.string()),
        ("bundled_codes", pa.string()),
        ("provider_name", pa.string()),
        ("state", pa.string()),
        ("zip3", pa.string()),
    ]
)

PROVIDER_SCHEMA = pa.schema(
    [
        ("provider_ref", pa.string()),
        ("npi", pa.int64()),
        ("tin_type", pa.string()),
        ("tin", pa.string()),
        ("location", pa.string()),
    ]
)

_SCHEMAS = {"rates": RATE_SCHEMA, "provider_groups": PROVIDER_SCHEMA}
_SORT_KEYS = {"rates": "billing_code", "provider_groups": "provider_ref"}
# min/max statistics where queries filter by equality on values that cluster by row group
# or by file (code, state, ZIP3, NPI); elsewhere they cost a quarter of the writing time
_STATISTICS = frozenset({"billing_code", "state", "zip3", "source_kind", "provider_ref", "npi"})
_DICTIONARY = pa.dictionary(pa.int32(), pa.string())
# columns with few distinct values per file, held as dictionaries in memory and on disk
_DICTIONARY_COLUMNS = frozenset(
    {
        "source_kind",
        "payer",
        "payer_normalized",
        "plan_name",
        "plan_id",
        "billing_code",
        "billing_code_type",
        "modifier",
        "negotiation_arrangement",
        "negotiated_type",
        "billing_class",
        "setting",
        "service_code",
        "expiration_date",
        "bundled_codes",
        "provider_name",
        "state",
        "zip3",
        "tin_type",
    }
)
_STORAGE = {
    name: pa.schema(
        [pa.field(f.name, _DICTIONARY if f.name in _DICTIONARY_COLUMNS else f.type) for f in schema]
    )
    for name, schema in _SCHEMAS.items()
}


def _conform(table: pa.Table, storage: pa.Schema) -> pa.Table:
    """``table``'s columns in storage order and types (strings or string dictionaries)."""
    columns = []
    for f in storage:
        column = table.column(f.name)
        if column.type != f.type:
            if pa.types.is_dictionary(f.type) and not pa.types.is_dictionary(column.type):
                column = pc.dictionary_encode(column.cast(pa.string()))
            else:
                column = column.cast(f.type)
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=storage)


def partition_id(sha256: str, options: dict[str, Any]) -> str:
    """The partition name of a file read with ``options`` (stable across runs)."""
    spec = orjson.dumps({"sha256": sha256, "options": options}, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(spec).hexdigest()[:20]


class PartitionWriter:
    """Streams row batches into Parquet files in a private temporary directory.

    Use :meth:`commit` to finish the files (sorted by billing code, or provider reference)
    and publish the partition with one rename; :meth:`abort` (or an exception inside
    ``with``) removes everything. ``run_rows`` bounds the rows held in memory per table.
    """

    def __init__(self, dataset: MarketDataset, file_id: str, *, run_rows: int = 1 << 20) -> None:
        self.dataset = dataset
        self.file_id = file_id
        incoming = dataset.root / ".incoming"
        # The leftovers of ingests killed earlier go now; live ones hold their lock.
        remove_dead(incoming)
        self._work = WorkDirectory(incoming, f"{file_id}-{uuid.uuid4().hex[:8]}")
        self.tmp = self._work.path
        self.run_rows = run_rows
        self._writers: dict[str, SortedParquetWriter] = {}
        self.rows: dict[str, int] = {"rates": 0, "provider_groups": 0}
        self.duplicates: dict[str, int] = {"rates": 0, "provider_groups": 0}

    def __enter__(self) -> PartitionWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is not None:
            self.abort()

    def write(self, batch: RowBatch) -> None:
        """Append one batch of rows to its table."""
        if not len(batch):
            return
        schema = _SCHEMAS[batch.table]
        if batch.arrow is not None:
            table = batch.arrow
        else:
            table = pa.Table.from_pydict(batch.columns, schema=schema)
        table = _conform(table, _STORAGE[batch.table])
        writer = self._writers.get(batch.table)
        if writer is None:
            writer = SortedParquetWriter(
                self.tmp / f"{batch.table}.parquet",
                _STORAGE[batch.table],
                _SORT_KEYS[batch.table],
                spill_dir=self.tmp / "spill",
                run_rows=self.run_rows,
                statistics=[n for n in schema.names if n in _STATISTICS],
            )
            self._writers[batch.table] = writer
        writer.add(table)
        self.rows[batch.table] += table.num_rows

    def commit(self, manifest: dict[str, Any], *, distinct: bool = False) -> Path:
        """Finish the files, write the manifest, and rename the partition into place.

        With ``distinct``, rows identical in every column are kept once (hospital wide
        files repeat a payer's charge on every line of another payer's variants).
        """
        for name, schema in _SCHEMAS.items():
            final = self.tmp / f"{name}.parquet"
            writer = self._writers.pop(name, None)
            if writer is None:
                pq.write_table(schema.empty_table(), final)
                continue
            writer.finish()
            if distinct:
                # the key first (what queries prune by), then every column: the same rows
                # in the same order on every run, so a partition is the same bytes
                key = _SORT_KEYS[name]
                columns = [key, *(c for c in schema.names if c != key)]
                order = ", ".join(f'"{c}"' for c in columns)
                self._distinct(final, order)
            kept = pq.read_metadata(final).num_rows
            self.duplicates[name] = self.rows[name] - kept
            self.rows[name] = kept
        shutil.rmtree(self.tmp / "spill", ignore_errors=True)
        manifest = {
            **manifest,
            "file_id": self.file_id,
            "rows": self.rows["rates"],
            "duplicate_rows_dropped": self.duplicates["rates"],
        }
        (self.tmp / "_manifest.json").write_bytes(
            orjson.dumps(manifest, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
        )
        target = self.dataset.partition_dir(self.file_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():  # another process got there first: same content by construction
            shutil.rmtree(self.tmp)
        else:
            os.rename(self.tmp, target)
        self._work.release()
        self.dataset.write_manifest()
        return target

    def _distinct(self, final: Path, order: str) -> None:
        """Rewrite ``final`` keeping identical rows once (DuckDB, out of core)."""
        unsorted = final.with_suffix(".all.parquet")
        final.rename(unsorted)
        con = duckdb.connect()
        try:
            con.execute(f"SET temp_directory='{self.tmp / 'spill'}'")
            # out of core: ingestion must fit a small machine whatever the file size
            con.execute("SET memory_limit='512MB'")
            con.execute(
                f"COPY (SELECT DISTINCT * FROM read_parquet('{unsorted}') ORDER BY {order}) "
                f"TO '{final}' (FORMAT parquet, ROW_GROUP_SIZE 122880, COMPRESSION zstd)"
            )
        finally:
            con.close()
        unsorted.unlink()

    def abort(self) -> None:
        """Discard everything written so far."""
        for writer in self._writers.values():
            with contextlib.suppress(Exception):
                writer.close()
        self._writers.clear()
        shutil.rmtree(self.tmp, ignore_errors=True)
        self._work.release()


@dataclass(frozen=True, slots=True)
class MarketDataset:
    """The market directory and what lives in it."""

    root: Path

    @property
    def files_dir(self) -> Path:
        """Where ingested files' partitions live."""
        return self.root / "files"

    def partition_dir(self, file_id: str) -> Path:
        """The directory of one ingested file."""
        return self.files_dir / f"file_id={file_id}"

    def has(self, file_id: str) -> bool:
        """Whether that partition is complete and visible."""
        return (self.partition_dir(file_id) / "_manifest.json").is_file()

    def writer(self, file_id: str) -> PartitionWriter:
        """A writer for a new partition (see :class:`PartitionWriter`)."""
        try:
            return PartitionWriter(self, file_id)
        except OSError as exc:
            raise ConfigurationError(
                f"cannot write to the market directory {self.root}: {exc.strerror}"
            ) from exc

    def manifests(self) -> Iterator[dict[str, Any]]:
        """The manifest of every visible partition, oldest first."""
        if not self.files_dir.is_dir():
            return
        entries = []
        for path in self.files_dir.glob("file_id=*/_manifest.json"):
            try:
                entries.append(orjson.loads(path.read_bytes()))
            except orjson.JSONDecodeError as exc:
                raise InputFileError(f"corrupt manifest: {exc}", path=str(path)) from exc
        yield from sorted(entries, key=lambda m: str(m.get("ingested_at", "")))

    def write_manifest(self) -> None:
        """Regenerate ``manifest.json`` from the partitions (atomic replace)."""
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.root / f".manifest-{uuid.uuid4().hex[:8]}.json"
        tmp.write_bytes(orjson.dumps({"files": list(self.manifests())}, option=orjson.OPT_INDENT_2))
        os.replace(tmp, self.root / "manifest.json")

    def rate_files(self) -> list[Path]:
        """Every visible rates file."""
        return sorted(self.files_dir.glob("file_id=*/rates.parquet"))

    def pfs_file(self, year: int | None = None) -> Path | None:
        """The Medicare amounts file of ``year`` (default: the latest loaded)."""
        years = sorted(self.root.glob("pfs/year=*/amounts.parquet"))
        if year is not None:
            years = [p for p in years if p.parent.name == f"year={year}"]
        return years[-1] if years else None

    def write_pfs(self, year: int, columns: dict[str, list[Any]], name: str = "amounts") -> Path:
        """Write a table of the fee schedule of ``year`` (``amounts`` or ``zip_localities``),
        replacing any earlier load atomically."""
        target_dir = self.root / "pfs" / f"year={year}"
        target_dir.mkdir(parents=True, exist_ok=True)
        tmp = target_dir / f".{name}-{uuid.uuid4().hex[:8]}.parquet"
        pq.write_table(pa.Table.from_pydict(columns), tmp)
        final = target_dir / f"{name}.parquet"
        os.replace(tmp, final)
        return final


def write_batches(dataset: MarketDataset, file_id: str, batches: Iterable[RowBatch]) -> None:
    """Convenience for tests and tools: write ``batches`` and commit with a bare manifest."""
    with dataset.writer(file_id) as w:
        for batch in batches:
            w.write(batch)
        w.commit({"source": file_id})
