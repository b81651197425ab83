"""Storing many small 835 files in few database transactions (ingest's small-file path).

A year of a billing company's remittances is mostly small files (tens of kB). Stored
one by one, each file costs a fixed few milliseconds — its own transaction and commit,
its queries for an earlier ingest (same SHA-256, same TRN), reserving ids, one insert
per table — about as much as writing its rows. So consecutive small files are stored in
groups of up to :data:`GROUP_FILES` files and :data:`GROUP_BYTES` bytes:

1. the group's SHA-256s are looked up in one query; a file seen before is not read;
2. every other file is read and balanced; a file that fails is reported with its
   segment and left out, before anything is written;
3. in one transaction: the TRN traces of the whole group in one query, then every
   file's rows with one statement per table, then one commit.

Each file stays all or nothing: a file that fails its checks is never written; if the
database refuses the group's rows, the group is rolled back and its files are written
again one by one, so that only the file at fault fails. A crash mid-group (the process
killed, the machine down) stores none of the group's files, because its transaction
never committed; the next run finds them not ingested and stores them.

    outcomes = store_group(accord.store.unit_of_work, reader, clock, paths[:64])
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from accord.domain.counts import counted
from accord.domain.remittance_batch import RemittanceBatch
from accord.domain.remittance_objects import first_imbalance
from accord.errors import AccordError, ConflictError, InputFileError, StoreError
from accord.services.ports import Clock, UnitOfWork, UnitOfWorkFactory
from accord.services.remittance_outcomes import FileOutcome, FileStatus
from accord.services.remittance_ports import RemittanceFiles

__all__ = [
    "BATCH_LINES",
    "GROUP_BYTES",
    "GROUP_FILES",
    "GroupSource",
    "balanced_batches",
    "file_groups",
    "sha256_of",
    "store_group",
    "store_sources",
]

#: Service lines gathered before they are written: a few bulk statements per batch
#: instead of several per payment, while memory stays bounded whatever the file's size.
BATCH_LINES = 20_000
#: Most files stored in one transaction.
GROUP_FILES = 64
#: Most bytes of 835 stored in one transaction; a bigger file is stored alone, streamed
#: (a group is held in memory as columns, about five times its size).
GROUP_BYTES = 4 << 20


def sha256_of(path: Path) -> str:
    """The file's SHA-256 in hex, read in 1 MB pieces."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def balanced_batches(batches: Iterator[RemittanceBatch], name: str) -> Iterator[RemittanceBatch]:
    """Balanced batches of about :data:`BATCH_LINES` lines; the first payment that does
    not balance stops the file with the domain's findings."""
    for batch in batches:
        findings = first_imbalance(batch)
        if findings:
            more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
            raise InputFileError(f"does not balance: {findings[0]}{more}", path=name)
        yield from batch.chunks(BATCH_LINES)


def file_groups(paths: Sequence[Path]) -> Iterator[list[Path]]:
    """Consecutive ``paths`` in groups of at most :data:`GROUP_FILES` files and
    :data:`GROUP_BYTES` bytes, in order; a file bigger than that is a group alone."""
    group: list[Path] = []
    size = 0
    for path in paths:
        bytes_ = path.stat().st_size
        if group and (len(group) >= GROUP_FILES or size + bytes_ > GROUP_BYTES):
            yield group
            group, size = [], 0
        group.append(path)
        size += bytes_
    if group:
        yield group


@dataclass(frozen=True, slots=True)
class _Checked:
    """A file read and balanced, not yet written."""

    name: str
    sha256: str
    size: int
    batches: list[RemittanceBatch]


@dataclass(frozen=True, slots=True)
class GroupSource:
    """One small file to store with others: a file on disk or bytes in memory (an upload,
    the demo's generated files), with what reads its balanced batches."""

    name: str
    sha256: str
    size: int
    read: Callable[[], Iterator[RemittanceBatch]]


def store_group(
    uow_factory: UnitOfWorkFactory,
    reader: RemittanceFiles,
    clock: Clock,
    paths: Sequence[Path],
) -> list[FileOutcome]:
    """Ingest ``paths`` (small files) in one transaction, each all or nothing; one
    outcome per path, in order (see the module's docstring). The files to read are
    handed to the reader together, which may parse them in one go."""
    return store_sources(
        uow_factory,
        clock,
        [
            GroupSource(str(path), sha256_of(path), path.stat().st_size,
                        partial(reader.read_file_batches, path))
            for path in paths
        ],
        read_together=lambda indices: reader.read_files_batches([paths[i] for i in indices]),
    )  # fmt: skip


#: Reads the sources at these indices at once: each one's batches, in the same order.
ReadTogether = Callable[[list[int]], list[Iterator[RemittanceBatch]]]


def store_sources(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    sources: Sequence[GroupSource],
    *,
    read_together: ReadTogether | None = None,
) -> list[FileOutcome]:
    """Ingest ``sources`` (small files) in one transaction, each all or nothing; one
    outcome per source, in order (see the module's docstring). ``read_together``, when
    given, reads the sources not ingested before in one call instead of one by one."""
    named = [(one.name, one.sha256, one.size) for one in sources]
    with uow_factory() as uow:
        earlier = uow.remittances.files_named_by_hashes([sha for _, sha, _ in named])
    outcomes: dict[int, FileOutcome] = {}
    first_with: dict[str, int] = {}  # SHA-256 → the index of the group's first file with it
    copy_of: dict[int, int] = {}  # a later file of the same content → that first file
    for index, (name, sha, _) in enumerate(named):
        if sha in first_with:
            copy_of[index] = first_with[sha]
        as_ = earlier.get(sha) or (named[copy_of[index]][0] if index in copy_of else None)
        if as_ is not None:
            message = f"already ingested (as {Path(as_).name})"
            outcomes[index] = FileOutcome(name, FileStatus.ALREADY_INGESTED, message=message)
            continue
        first_with[sha] = index
    to_read = [index for index in range(len(sources)) if index not in outcomes]
    if read_together is None:
        reads = [sources[index].read() for index in to_read]
    else:
        reads = read_together(to_read)
    checked: dict[int, _Checked] = {}
    for index, read in zip(to_read, reads, strict=True):
        _check(index, named[index], read, checked, outcomes)
    for index, first in list(copy_of.items()):
        if first not in checked:
            # its first copy failed its checks: this copy is read (and reported) itself
            del copy_of[index]
            _check(index, named[index], sources[index].read(), checked, outcomes)
    outcomes.update(_write(uow_factory, clock, checked))
    for index, first in copy_of.items():
        if outcomes[first].status is FileStatus.FAILED:
            # its first copy was refused by the database: this copy is not stored either
            outcomes[index] = FileOutcome(
                named[index][0], FileStatus.FAILED,
                message=f"the same content as {Path(named[first][0]).name}, which was not "
                f"stored: {outcomes[first].message}",
            )  # fmt: skip
    return [outcomes[index] for index in range(len(sources))]


def _check(
    index: int,
    named: tuple[str, str, int],
    read: Iterator[RemittanceBatch],
    checked: dict[int, _Checked],
    outcomes: dict[int, FileOutcome],
) -> None:
    """Read and balance one file: into ``checked``, or its failure into ``outcomes``."""
    name, sha, size = named
    try:
        batches = list(balanced_batches(read, name))
        if not any(len(batch) for batch in batches):
            raise InputFileError("expected at least one ST*835 transaction, found none", path=name)
    except AccordError as error:
        outcomes[index] = FileOutcome(name, FileStatus.FAILED, message=str(error))
        return
    checked[index] = _Checked(name, sha, size, batches)


def _write(
    uow_factory: UnitOfWorkFactory, clock: Clock, checked: dict[int, _Checked]
) -> dict[int, FileOutcome]:
    """Write the checked files in one transaction; if the database refuses them, one
    transaction per file, so that only the file at fault fails."""
    if not checked:
        return {}
    try:
        with uow_factory() as uow:
            outcomes, fresh = _without_stored_traces(uow, checked)
            if fresh:
                files = [(Path(c.name).name[:255], c.sha256, c.size) for c, _ in fresh]
                ids = uow.remittances.add_files(files, at=clock.now())
                uow.remittances.add_batches(
                    [(file_id, batch) for file_id, (_, kept) in zip(ids, fresh, strict=True)
                     for batch in kept]
                )  # fmt: skip
                uow.commit()
        return outcomes
    except (ConflictError, StoreError) as error:
        # The database refused a row (another writer stored the same trace meanwhile, a
        # constraint, a full disk): anything else (a refusal of the user's role) stops
        # the run as it would any file.
        if len(checked) > 1:
            alone: dict[int, FileOutcome] = {}
            for index, one in checked.items():
                alone.update(_write(uow_factory, clock, {index: one}))
            return alone
        [(index, one)] = checked.items()
        return {index: FileOutcome(one.name, FileStatus.FAILED, message=f"{one.name}: {error}")}


def _without_stored_traces(
    uow: UnitOfWork, checked: dict[int, _Checked]
) -> tuple[dict[int, FileOutcome], list[tuple[_Checked, list[RemittanceBatch]]]]:
    """Each file's outcome, and the files with payments left to store once the payments
    whose TRN trace is stored (or comes earlier in the group) are left out."""
    keys = [key for one in checked.values() for batch in one.batches for key in batch.trace_keys()]
    seen = uow.remittances.stored_traces(keys)
    outcomes: dict[int, FileOutcome] = {}
    fresh: list[tuple[_Checked, list[RemittanceBatch]]] = []
    for index, one in checked.items():
        kept_batches: list[RemittanceBatch] = []
        skipped = 0
        for batch in one.batches:
            keep: list[bool] = []
            for key in batch.trace_keys():
                keep.append(key not in seen)
                seen.add(key)
            kept = batch if all(keep) else batch.select(keep)
            skipped += len(batch) - len(kept)
            if len(kept):
                kept_batches.append(kept)
        if not kept_batches:
            outcomes[index] = FileOutcome(
                one.name, FileStatus.ALREADY_INGESTED, skipped_payments=skipped,
                message="already ingested: every TRN trace number in it is stored",
            )  # fmt: skip
            continue
        fresh.append((one, kept_batches))
        note = (
            f"skipped {counted(skipped, 'payment')} whose TRN trace was already stored"
            if skipped
            else None
        )
        outcomes[index] = FileOutcome(
            one.name, FileStatus.INGESTED,
            payments=sum(len(b) for b in kept_batches),
            claims=sum(b.claim_count for b in kept_batches),
            lines=sum(b.line_count for b in kept_batches),
            amount_cents=sum(b.amount_cents for b in kept_batches),
            skipped_payments=skipped, message=note,
        )  # fmt: skip
    return outcomes, fresh
