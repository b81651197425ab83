"""Write a table sorted by one key column into a Parquet file, in bounded memory.

Rows are buffered up to ``run_rows``; a full buffer is sorted and, if more rows follow,
spilled to a temporary Arrow IPC stream (LZ4) in a background thread while the next run
fills. At :meth:`SortedParquetWriter.finish` a file that fitted in one run is written
straight from memory; otherwise the spilled runs and the last one (still in memory) are
merged batch by batch (each run read once, front to back), so memory holds one run plus
one batch per run whatever the size of the input.

Sorting is cheap for price files because their rows come in long stretches with one
key (every price of an in-network item has the item's billing code): the key is
dictionary-encoded, the dictionary ranked, and the integer ranks put in order with a
stable argsort, so the permutation moves whole stretches and ``take`` copies mostly
contiguous memory. Equal keys keep their arrival order.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

__all__ = ["SortedParquetWriter", "sort_permutation"]

_SPILL_OPTIONS = pa.ipc.IpcWriteOptions(compression="lz4")


def sort_permutation(keys: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """The stable order of ``keys`` (strings; a null counts as ""), as row indices."""
    if isinstance(keys, pa.ChunkedArray):
        keys = keys.combine_chunks() if keys.num_chunks else pa.array([], keys.type)
    if len(keys) == 0:
        return np.empty(0, dtype=np.int64)
    encoded = keys if pa.types.is_dictionary(keys.type) else pc.dictionary_encode(keys)
    dictionary = encoded.dictionary
    order = pc.sort_indices(dictionary).to_numpy()
    rank = np.empty(len(dictionary) + 1, dtype=np.int32)
    rank[order] = np.arange(1, len(dictionary) + 1, dtype=np.int32)
    empty = pc.index(dictionary, "").as_py()
    rank[-1] = rank[empty] if empty >= 0 else 0  # nulls sort as ""
    indices = encoded.indices
    if indices.null_count:
        indices = pc.fill_null(indices, len(dictionary))
    ranks = rank[indices.to_numpy(zero_copy_only=False)]
    return np.argsort(ranks, kind="stable")


class SortedParquetWriter:
    """Streams tables of ``schema`` into ``path`` sorted by ``key`` (see the module docstring)."""

    def __init__(
        self,
        path: Path,
        schema: pa.Schema,
        key: str,
        *,
        spill_dir: Path,
        run_rows: int = 1 << 20,
        row_group_rows: int = 122_880,
        merge_batch_rows: int = 32_768,
        compression: str = "zstd",
        statistics: Sequence[str] = (),
    ) -> None:
        self.path = path
        self.schema = schema
        self.key = key
        self.spill_dir = spill_dir
        self.run_rows = run_rows
        self.row_group_rows = row_group_rows
        self.merge_batch_rows = merge_batch_rows
        self.compression = compression
        # min/max only where a reader can prune by them (the key always): statistics of
        # every string column cost as much to write as they save nowhere
        self.statistics = sorted({key, *statistics})
        self.rows = 0
        self._buffer: list[pa.Table] = []
        self._buffered = 0
        self._runs: list[Path] = []
        self._spiller: ThreadPoolExecutor | None = None
        self._spilling: Future[None] | None = None

    # -- input ----------------------------------------------------------------------------
    def add(self, table: pa.Table) -> None:
        """Buffer ``table`` (already of :attr:`schema`); spill a sorted run when full."""
        if not table.num_rows:
            return
        self._buffer.append(table)
        self._buffered += table.num_rows
        self.rows += table.num_rows
        if self._buffered >= self.run_rows:
            self._spill_buffer()

    def _take_buffer(self) -> list[pa.Table]:
        tables, self._buffer, self._buffered = self._buffer, [], 0
        return tables

    def _combined(self, tables: list[pa.Table]) -> pa.Table:
        """One chunk per column, built column by column so each column's pieces can go
        as soon as they are copied (a run is never held twice in memory)."""
        columns = []
        for f in self.schema:
            pieces = pa.chunked_array(
                [chunk for t in tables for chunk in t.column(f.name).chunks], f.type
            )
            columns.append(pieces.combine_chunks())
            del pieces
            # in place: whoever else holds the list (a queued spill) lets go too
            tables[:] = [t.drop_columns([f.name]) for t in tables]
        return pa.Table.from_arrays(columns, schema=self.schema)

    def _spill_buffer(self) -> None:
        self._wait_for_spill()  # at most one run sorted in the background at a time
        if self._spiller is None:
            self._spiller = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sorted-run")
            self.spill_dir.mkdir(parents=True, exist_ok=True)
        path = self.spill_dir / f"{self.path.stem}.run{len(self._runs):05d}.arrows"
        self._runs.append(path)
        self._spilling = self._spiller.submit(self._write_run, self._take_buffer(), path)

    def _write_run(self, tables: list[pa.Table], path: Path) -> None:
        table = self._combined(tables)
        with (
            pa.OSFile(str(path), "wb") as sink,
            pa.ipc.new_stream(sink, self.schema, options=_SPILL_OPTIONS) as writer,
        ):
            for part in _sorted_slices(table, self.key, self.merge_batch_rows):
                for batch in part.to_batches():
                    writer.write_batch(batch)

    def _wait_for_spill(self) -> None:
        if self._spilling is not None:
            spilling, self._spilling = self._spilling, None
            spilling.result()

    # -- output ---------------------------------------------------------------------------
    def finish(self) -> int:
        """Write the sorted Parquet file; return its row count.

        Row groups are encoded in a thread of their own while the next ones are sorted
        or merged, so the end of an ingest uses two cores too.
        """
        try:
            with _BackgroundParquet(
                self.path,
                self.schema,
                compression=self.compression,
                use_dictionary=[f.name for f in self.schema if pa.types.is_dictionary(f.type)],
                write_statistics=self.statistics,
            ) as out:
                if not self._runs:
                    table = self._combined(self._take_buffer())
                    for part in _sorted_slices(table, self.key, self.row_group_rows):
                        out.put(part)
                else:
                    # the last run is merged from memory, not spilled and read back
                    last_run = self._combined(self._take_buffer())
                    self._wait_for_spill()
                    pending: list[pa.RecordBatch] = []
                    pending_rows = 0
                    for batch in self._merged(last_run):
                        pending.append(batch)
                        pending_rows += batch.num_rows
                        if pending_rows >= self.row_group_rows:
                            pending_rows = self._put_groups(out, pending, final=False)
                    self._put_groups(out, pending, final=True)
        finally:
            self.close()
        return self.rows

    def _put_groups(
        self, out: _BackgroundParquet, pending: list[pa.RecordBatch], *, final: bool
    ) -> int:
        """Queue whole row groups from ``pending`` (all of it if ``final``); keep the rest."""
        if not pending:
            return 0
        table = pa.Table.from_batches(pending, self.schema)
        pending.clear()
        size = self.row_group_rows
        whole = table.num_rows if final else table.num_rows // size * size
        for start in range(0, whole, size):
            out.put(table.slice(start, min(size, whole - start)))
        rest = table.slice(whole)
        if rest.num_rows:
            pending.extend(rest.combine_chunks().to_batches())
        return int(rest.num_rows)

    def _merged(self, last_run: pa.Table) -> Iterator[pa.RecordBatch]:
        """The rows of every run in key order: a k-way merge, one batch per run in memory."""
        with contextlib.ExitStack() as stack:
            readers: list[Iterator[pa.RecordBatch]] = [
                _spilled_batches(stack, path) for path in self._runs
            ]
            if last_run.num_rows:
                readers.append(
                    batch
                    for part in _sorted_slices(last_run, self.key, self.merge_batch_rows)
                    for batch in part.to_batches()
                    if batch.num_rows
                )
            heads: list[pa.RecordBatch | None] = [next(r, None) for r in readers]
            while True:
                live = [i for i, h in enumerate(heads) if h is not None]
                if not live:
                    return
                # every row with a key below the smallest of the heads' last keys can go;
                # rows equal to it only from runs up to the first that may hold more of
                # them in its next batch (so equal keys keep their arrival order)
                last = {i: _last_key(heads[i], self.key) for i in live}
                frontier = min(last.values())
                first = min(i for i in live if last[i] == frontier)
                parts: list[pa.RecordBatch] = []
                for i in live:
                    head = heads[i]
                    assert head is not None
                    keys = _as_strings(head.column(self.key))
                    up_to = pc.less_equal if i <= first else pc.less
                    n = int(pc.sum(up_to(keys, frontier)).as_py() or 0)
                    if n:
                        parts.append(head.slice(0, n))
                    heads[i] = head.slice(n) if n < head.num_rows else next(readers[i], None)
                merged = pa.Table.from_batches(parts, self.schema)
                for part in _sorted_slices(merged, self.key, max(1, merged.num_rows)):
                    yield from part.to_batches()

    def close(self) -> None:
        """Stop the spill thread and delete the runs (the output file is left alone)."""
        if self._spiller is not None:
            with contextlib.suppress(Exception):
                self._wait_for_spill()
            self._spiller.shutdown(wait=True)
            self._spiller = None
        for run in self._runs:
            run.unlink(missing_ok=True)
        self._runs.clear()
        self._buffer, self._buffered = [], 0


def _sorted_slices(table: pa.Table, key: str, rows: int) -> Iterator[pa.Table]:
    """``table`` in key order, ``rows`` at a time (no sorted copy of the whole table)."""
    # one chunk per column first: a take from many chunks concatenates them every time
    table = table.combine_chunks()
    permutation = sort_permutation(table.column(key))
    for start in range(0, len(permutation), rows):
        yield table.take(permutation[start : start + rows])


class _BackgroundParquet:
    """A Parquet writer fed through a short queue and run in its own thread."""

    def __init__(self, path: Path, schema: pa.Schema, **options: object) -> None:
        self._writer = pq.ParquetWriter(path, schema, store_schema=False, **options)
        self._queue: queue.Queue[pa.Table | None] = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="parquet-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (table := self._queue.get()) is not None:
            if self._error is None:
                try:
                    # one call per row group: each table is exactly one row group
                    self._writer.write_table(table, row_group_size=max(1, table.num_rows))
                except BaseException as exc:  # raised in the caller's thread
                    self._error = exc

    def put(self, table: pa.Table) -> None:
        """Queue one row group (blocks while two are waiting)."""
        if self._error is not None:
            raise self._error
        if table.num_rows:
            self._queue.put(table)

    def __enter__(self) -> _BackgroundParquet:
        return self

    def __exit__(self, *exc: object) -> None:
        self._queue.put(None)
        self._thread.join()
        self._writer.close()
        if self._error is not None and exc[0] is None:
            raise self._error


def _spilled_batches(stack: contextlib.ExitStack, path: Path) -> Iterator[pa.RecordBatch]:
    """The non-empty batches of a spilled run, read front to back."""
    reader = stack.enter_context(pa.ipc.open_stream(stack.enter_context(pa.OSFile(str(path)))))
    for batch in reader:
        if batch.num_rows:
            yield batch


def _as_strings(keys: pa.Array) -> pa.Array:
    if pa.types.is_dictionary(keys.type):
        keys = keys.cast(keys.type.value_type)
    return pc.fill_null(keys, "")


def _last_key(batch: pa.RecordBatch, key: str) -> str:
    value = _as_strings(batch.column(key).slice(batch.num_rows - 1))[0].as_py()
    return str(value)
