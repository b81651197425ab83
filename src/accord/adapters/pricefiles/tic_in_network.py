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
from collections.abc import Callable, Iterator
from contextlib import ExitStack, closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accord.adapters.pricefiles.json_structure import DEFAULT_BLOCK, ArrayItem, TopLevelScanner
from accord.adapters.pricefiles.rate_rows import ReadReport, RowBatch, RowFilter
from accord.adapters.pricefiles.source_files import ProgressCallback, open_price_file
from accord.adapters.pricefiles.tic_columnar import ColumnarPipeline, ColumnarResult
from accord.adapters.pricefiles.tic_items import ItemRows, mentions_code
from accord.adapters.pricefiles.tic_provider_references import ProviderReferences
from accord.errors import InputFileError

__all__ = ["InNetworkReader"]


@dataclass(slots=True)
class _Output:
    """The batches being filled, and the kept items waiting for the columnar path."""

    rates: RowBatch = field(default_factory=lambda: RowBatch.empty("rates"))
    providers: RowBatch = field(default_factory=lambda: RowBatch.empty("provider_groups"))
    pending: list[ArrayItem] = field(default_factory=list)
    pending_bytes: int = 0

    def full(self, rows: int) -> Iterator[RowBatch]:
        """Hand over each batch that reached ``rows`` and start a new one."""
        if len(self.rates) >= rows:
            yield self.rates
            self.rates = RowBatch.empty("rates")
        if len(self.providers) >= rows:
            yield self.providers
            self.providers = RowBatch.empty("provider_groups")

    def rest(self) -> Iterator[RowBatch]:
        """The last, partly filled batches."""
        if len(self.rates):
            yield self.rates
        if len(self.providers):
            yield self.providers


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
        self.items = ItemRows(
            str(path),
            row_filter=self.filter,
            report=self.report,
            refs=self.refs,
            state=state,
            load_references=self._load_references,
        )
        self._fetch_references = fetch_references
        self._codes = (
            None
            if self.filter.billing_codes is None
            else frozenset(c.encode() for c in self.filter.billing_codes)
        )

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
        out = _Output()
        with ExitStack() as stack:
            stream = stack.enter_context(
                open_price_file(self.path, progress=self.progress, prefetch=self.block_size)
            )
            scanner = self._scanner(
                stream, frozenset({"provider_references", "in_network"}), frozenset()
            )
            pipeline = stack.enter_context(
                closing(ColumnarPipeline(self.filter, workers=self.workers))
            )
            yield from self._main_pass(scanner, pipeline, out)
            self.items.take_header(scanner.header)
            # references after in_network were read by the main pass itself (no side scan
            # ran): they are all known only now, before the last batches are accounted for
            self._fetch_remote()
            if out.pending:
                yield from self._submit(pipeline, out)
            for done, result in pipeline.drain():
                yield from self._absorb(done, result, out)
            if "in_network" not in scanner.keys_seen:
                raise InputFileError(
                    "no 'in_network' array: not an in-network rate file", path=str(self.path)
                )
        yield from out.rest()
        yield from self.refs.batches(self.batch_rows)

    def _main_pass(
        self, scanner: TopLevelScanner, pipeline: ColumnarPipeline, out: _Output
    ) -> Iterator[RowBatch]:
        """Every top-level item: references noted, rate items kept by the pre-filter
        read (columnar in batches of bytes, else one by one)."""
        header_done = False
        for item in scanner:
            if item.key == "provider_references":
                if not self.refs.loaded:  # else a side scan has read them already
                    self.refs.add(item)
                continue
            if not header_done:
                self.items.take_header(scanner.header)
                header_done = True
                self._fetch_remote()
            self.report.items += 1
            if self._codes is not None and not mentions_code(item.raw, self._codes):
                continue
            if self.columnar:
                out.pending.append(item)
                out.pending_bytes += len(item.raw)
                if out.pending_bytes >= self.columnar_bytes:
                    yield from self._submit(pipeline, out)
            else:
                self.items.add(item, out.rates, out.providers)
            yield from out.full(self.batch_rows)

    def _submit(self, pipeline: ColumnarPipeline, out: _Output) -> Iterator[RowBatch]:
        """Hand the pending items to the columnar pipeline; account for what is done."""
        pending, out.pending, out.pending_bytes = out.pending, [], 0
        for done, result in pipeline.submit(pending, self.items.constants()):
            yield from self._absorb(done, result, out)

    def _absorb(
        self, items: list[ArrayItem], result: ColumnarResult | None, out: _Output
    ) -> Iterator[RowBatch]:
        """Account for one columnar result, or read its items one by one if it declined."""
        if result is None:
            for item in items:
                self.items.add(item, out.rates, out.providers)
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

    def _finish(self) -> None:
        r = self.report
        r.warnings.extend(self.refs.warnings())
        r.provider_rows = self.refs.rows_written
        r.references_fetched = self.refs.fetched_files
        if self.items.unchecked:
            r.warnings.append(
                f"{self.items.unchecked} negotiated prices were skipped: their provider "
                "references are remote, so the NPI/TIN filter could not be checked"
            )
        if r.unknown_fields:
            r.warnings.append(
                "unknown fields ignored: "
                + ", ".join(f"{k} ({n})" for k, n in sorted(r.unknown_fields.items()))
            )
