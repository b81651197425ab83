"""Provider references of a TiC in-network file: id → provider groups, or a remote file.

Rates name provider groups by ``provider_group_id`` (integers, or decimals such as
``690.65627`` compared as text) or carry them inline (schema 1.x ``provider_groups``).
Remote references (``location`` URLs) stay remote unless the caller passes a fetcher
(``accord market ingest --fetch-references``); the reader reports how many rates depend
on those that remain. Provider rows (one per NPI) are written
once, at the end, for the references that kept rates use.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.compute as pc

from accord.adapters.pricefiles.json_structure import ArrayItem, parse_item
from accord.adapters.pricefiles.rate_rows import RowBatch
from accord.errors import AccordError, InputFileError

__all__ = ["Group", "ProviderReferences", "ref_key"]

Group = tuple[list[int], str, str]
"""One provider group: its NPIs, TIN type and TIN."""

_NO_NPI: list[int | None] = [None]


def ref_key(value: Any) -> str:
    """A provider group id as text: ``1`` for 1 and 1.0, ``690.65627`` as written."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class ProviderReferences:
    """The references of one file, and which of them rates used."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.groups: dict[str, list[Group]] = {}
        self.remote: dict[str, str] = {}
        self.remote_rates: Counter[str] = Counter()
        self.unknown: Counter[str] = Counter()
        self.used: set[str] = set()
        self.loaded = False  # set once a side scan has read them all
        self.rows_written = 0
        self.fetch_failures: dict[str, str] = {}
        self.fetched_files = 0  # remote reference files downloaded and read
        self.remote_rows = 0  # rows (negotiated prices) kept that name a remote reference
        self._by_url: dict[str, list[Group] | None] = {}  # each URL fetched once (None: failed)
        self._inline = 0

    @property
    def none_seen(self) -> bool:
        """Whether no reference has been read (they may come after ``in_network``)."""
        return not self.loaded and not self.groups and not self.remote

    def add(self, item: ArrayItem) -> None:
        """Read one element of ``provider_references``."""
        ref = parse_item(item, self.path)
        if not isinstance(ref, dict) or "provider_group_id" not in ref:
            raise InputFileError(
                "expected a provider reference object with 'provider_group_id'",
                path=self.path,
                offset=item.offset,
            )
        key = ref_key(ref["provider_group_id"])
        if "location" in ref and not ref.get("provider_groups"):
            self.remote[key] = str(ref["location"])
            return
        self.groups[key] = self.groups_of(ref.get("provider_groups"), item.offset)

    def fetch_remote(self, fetch: Callable[[str], Path]) -> None:
        """Download the remote references (each URL once) and read their provider groups.

        May be called again as more references become known: a URL is never fetched
        twice. A reference whose file cannot be fetched or read stays remote and is
        reported, with the prices that depend on it, by :meth:`warnings`.
        """
        by_url = self._by_url
        for key, url in list(self.remote.items()):
            if url not in by_url:
                by_url[url] = self._fetch_one(fetch, url)
                if by_url[url] is not None:
                    self.fetched_files += 1
            groups = by_url[url]
            if groups is not None:
                self.groups[key] = groups
                del self.remote[key]

    def _fetch_one(self, fetch: Callable[[str], Path], url: str) -> list[Group] | None:
        try:
            path = fetch(url)
            data = orjson.loads(path.read_bytes())
            if not isinstance(data, dict):
                raise InputFileError("expected a provider reference object", path=str(path))
            return self.groups_of(data.get("provider_groups"), 0)
        except (AccordError, OSError, orjson.JSONDecodeError) as exc:
            self.fetch_failures[url] = str(exc)
            return None

    def rows_naming_remote(self, table: pa.Table) -> int:
        """How many rows of a rates ``table`` name at least one remote reference (in their
        comma-joined ``provider_refs``): each row counted once, however many it names."""
        ids = pc.split_pattern(table.column("provider_refs"), ",")
        hits = pc.is_in(pc.list_flatten(ids), pa.array(list(self.remote), pa.string()))
        return len(pc.unique(pc.list_parent_indices(ids).filter(hits)))

    def groups_of(self, raw: Any, offset: int) -> list[Group]:
        """Validate and convert a ``provider_groups`` list."""
        if not isinstance(raw, list):
            raise InputFileError(
                "expected 'provider_groups' to be a list", path=self.path, offset=offset
            )
        out = []
        for group in raw:
            if not isinstance(group, dict):
                raise InputFileError(
                    "expected a provider group object", path=self.path, offset=offset
                )
            tin = group.get("tin") or {}
            try:
                npis = [int(n) for n in group.get("npi") or []]
            except (TypeError, ValueError) as exc:
                raise InputFileError(
                    f"expected NPIs to be numbers: {exc}", path=self.path, offset=offset
                ) from exc
            out.append((npis, str(tin.get("type", "")), str(tin.get("value", ""))))
        return out

    def inline(self, raw: Any, offset: int, batch: RowBatch) -> tuple[str, list[Group]]:
        """Name and write inline provider groups; return ``(ref, groups)``."""
        self._inline += 1
        ref = f"inline-{self._inline}"
        groups = self.groups_of(raw, offset)
        for npis, tin_type, tin in groups:
            for npi in npis or _NO_NPI:
                self._row(batch, ref, npi, tin_type, tin, "")
        return ref, groups

    def batches(self, batch_rows: int) -> Iterator[RowBatch]:
        """Provider rows of the references rates used (remote ones with their URL)."""
        batch = RowBatch.empty("provider_groups")
        for key in sorted(self.used):
            if key in self.remote:
                self._row(batch, key, None, "", "", self.remote[key])
            for npis, tin_type, tin in self.groups.get(key, ()):
                for npi in npis or _NO_NPI:
                    self._row(batch, key, npi, tin_type, tin, "")
            if len(batch) >= batch_rows:
                yield batch
                batch = RowBatch.empty("provider_groups")
        if len(batch):
            yield batch

    def _row(
        self, batch: RowBatch, ref: str, npi: int | None, tin_type: str, tin: str, location: str
    ) -> None:
        c = batch.columns
        c["provider_ref"].append(ref)
        c["npi"].append(npi)
        c["tin_type"].append(tin_type)
        c["tin"].append(tin)
        c["location"].append(location)
        self.rows_written += 1

    def warnings(self) -> list[str]:
        """What the report should say about remote and undefined references."""
        out = []
        if self.remote:
            out.append(
                f"{len(self.remote)} provider references are remote files (location URLs) that "
                f"were not fetched; {self.remote_rows} of the negotiated prices kept (rows) "
                f"name {len(self.remote_rates)} of them and have no NPI/TIN detail"
            )
        if self.fetch_failures:
            url, error = next(iter(self.fetch_failures.items()))
            out.append(
                f"{len(self.fetch_failures)} remote provider reference files could not be "
                f"fetched or read (first: {url}: {error})"
            )
        if self.unknown:
            out.append(
                f"{len(self.unknown)} provider reference ids are used but never defined "
                f"({sum(self.unknown.values())} uses)"
            )
        return out
