"""Remittance use cases: ingest X12 835 files, list and show the stored payments.

Each file is all or nothing: every transaction is balanced with the domain's rules
(:func:`accord.domain.remittance_batch.unbalanced_payments` on whole column batches,
worded by :func:`accord.domain.remittance.balance_findings`) before it is written, and
nothing of a file is kept unless all of it is: a big file is written in a transaction
of its own, small files in groups that share one (``remittance_groups``), a file that
fails being left out of its group. A file seen before (same
SHA-256) or a payment whose TRN trace is already stored is not counted twice::

    summary = ingest_remittances(accord.store.unit_of_work, reader, clock, [Path("era/")])
    for outcome in summary.files:
        print(outcome.name, outcome.status)

Nothing of a remittance is logged: outcomes carry counts, totals and error messages
that name segments, never patient data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from accord.domain.accounts import Permission
from accord.domain.audit import AuditAction, Change
from accord.domain.counts import counted
from accord.domain.remittance import (
    NetClaim,
    Payment,
    RemittanceRow,
    net_by_claim,
)
from accord.domain.remittance_batch import RemittanceBatch
from accord.errors import AccordError, InputFileError, ValidationError
from accord.services.permissions import require
from accord.services.ports import Clock, UnitOfWorkFactory
from accord.services.remittance_groups import (
    GROUP_BYTES,
    GROUP_FILES,
    GroupSource,
    balanced_batches,
    file_groups,
    sha256_of,
    store_group,
    store_sources,
)
from accord.services.remittance_outcomes import FileOutcome, FileStatus, IngestSummary
from accord.services.remittance_ports import DemoRemittances, RemittanceFiles, RemittanceReader

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_UPLOAD_BYTES",
    "FileOutcome",
    "FileStatus",
    "IngestSummary",
    "RemittanceDetail",
    "RemittanceRow",
    "collect_remittance_paths",
    "ingest_remittance_bytes",
    "ingest_remittance_uploads",
    "ingest_remittances",
    "list_remittances",
    "load_demo_remittances",
    "net_claims",
    "show_remittance",
]

#: Most bytes a file on disk may have (a payer's daily 835 is far smaller).
MAX_FILE_BYTES = 1 << 30
#: Most bytes an upload may have: it is held in memory while it is read.
MAX_UPLOAD_BYTES = 100 << 20


@dataclass(frozen=True, slots=True)
class RemittanceDetail:
    """One stored payment, whole, with its claims netted by claim number: over every
    stored remittance of the same payer, so that a reversal here of a claim paid in an
    earlier payment shows what was paid in the end."""

    row: RemittanceRow
    payment: Payment
    netted: list[NetClaim]


def collect_remittance_paths(paths: Sequence[Path]) -> list[Path]:
    """The files among ``paths``, each directory expanded (recursively, sorted).

    In a directory, hidden files and files that do not start like X12 (``ISA`` or a
    bare ``ST``: a licence, a CSV) are skipped; a named file is always read, and a path
    that does not exist is an error.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and _looks_like_x12(p)
            )
        elif path.is_file():
            found.append(path)
        else:
            raise ValidationError(f"{path}: no such file or directory")
    return found


def _looks_like_x12(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(16).lstrip()
    return head.startswith((b"ISA", b"ST"))


def _store(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    *,
    name: str,
    sha256: str,
    size: int,
    read: Callable[[], Iterator[RemittanceBatch]],
) -> FileOutcome:
    # Before the file is read: the commit would refuse a viewer anyway, after the work.
    require(Permission.EDIT_RECORD, "ingest remittances")
    with uow_factory() as uow:
        earlier = uow.remittances.file_named_by_hash(sha256)
        if earlier is not None:
            return FileOutcome(
                name, FileStatus.ALREADY_INGESTED, message=f"already ingested (as {earlier})"
            )
        # Written as the payments stream in; an error leaves the block without commit,
        # which rolls every row of this file back.
        file_id = uow.remittances.add_file(
            name=Path(name).name[:255], sha256=sha256, size_bytes=size, at=clock.now()
        )
        seen: set[tuple[str, str]] = set()
        stored = skipped = claims = lines = amount = 0
        for batch in balanced_batches(read(), name):
            keys = batch.trace_keys()
            known = uow.remittances.stored_traces(keys)
            keep: list[bool] = []
            for key in keys:
                fresh = key not in seen and key not in known
                keep.append(fresh)
                seen.add(key)
            kept = batch if all(keep) else batch.select(keep)
            skipped += len(batch) - len(kept)
            stored += len(kept)
            claims += kept.claim_count
            lines += kept.line_count
            amount += kept.amount_cents
            uow.remittances.add_batch(file_id, kept)
        if stored == 0 and skipped == 0:
            raise InputFileError("expected at least one ST*835 transaction, found none", path=name)
        if stored == 0:
            return FileOutcome(
                name,
                FileStatus.ALREADY_INGESTED,
                skipped_payments=skipped,
                message="already ingested: every TRN trace number in it is stored",
            )
        uow.commit()
    note = (
        f"skipped {counted(skipped, 'payment')} whose TRN trace was already stored"
        if skipped
        else None
    )
    return FileOutcome(name, FileStatus.INGESTED, payments=stored, claims=claims,
                       lines=lines, amount_cents=amount, skipped_payments=skipped,
                       message=note)  # fmt: skip


def ingest_remittance_file(
    uow_factory: UnitOfWorkFactory, reader: RemittanceFiles, clock: Clock, path: Path
) -> FileOutcome:
    """Ingest one 835 file; raises :class:`InputFileError` if it is malformed or unbalanced."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputFileError(f"file is larger than {MAX_FILE_BYTES} bytes", path=str(path))
    return _store(
        uow_factory,
        clock,
        name=str(path),
        sha256=sha256_of(path),
        size=size,
        read=lambda: reader.read_file_batches(path),
    )


def ingest_remittance_bytes(
    uow_factory: UnitOfWorkFactory,
    reader: RemittanceReader,
    clock: Clock,
    data: bytes,
    *,
    name: str,
) -> FileOutcome:
    """Ingest one uploaded 835 file; raises :class:`InputFileError` like a file on disk."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise InputFileError(f"file is larger than {MAX_UPLOAD_BYTES} bytes", path=name)
    if not data:
        raise InputFileError("the file is empty; expected an X12 835", path=name)
    return _store(
        uow_factory,
        clock,
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        read=lambda: reader.read_bytes_batches(data, name=name),
    )


def ingest_remittances(
    uow_factory: UnitOfWorkFactory,
    reader: RemittanceReader,
    clock: Clock,
    paths: Sequence[Path],
    *,
    progress: Callable[[FileOutcome], None] | None = None,
) -> IngestSummary:
    """Ingest every file of ``paths`` (directories expanded), each all or nothing.

    A file that fails is reported in the summary with its one-line error and leaves
    nothing behind; the other files are still ingested. Small files are committed in
    groups (:data:`~accord.services.remittance_groups.GROUP_FILES` files, at most
    :data:`~accord.services.remittance_groups.GROUP_BYTES` bytes): if the process stops
    mid-group, none of that group is stored and the next run stores it. ``progress``
    hears of each file once its group is committed.
    """
    require(Permission.EDIT_RECORD, "ingest remittances")  # one refusal, not one per file
    summary = IngestSummary()
    files = collect_remittance_paths(paths)
    # The next files are parsed while these are stored (in other processes when the
    # machine has the cores). Small files are stored in groups, one transaction each
    # (see remittance_groups); a big file alone, streamed. Each file all or nothing.
    with reader.reading_ahead(files) as ahead:
        for group in file_groups(files):
            if len(group) == 1 and group[0].stat().st_size > GROUP_BYTES:
                try:
                    outcomes = [ingest_remittance_file(uow_factory, ahead, clock, group[0])]
                except AccordError as error:
                    outcomes = [FileOutcome(str(group[0]), FileStatus.FAILED, message=str(error))]
            else:
                outcomes = store_group(uow_factory, ahead, clock, group)
            for outcome in outcomes:
                summary.files.append(outcome)
                if progress is not None:
                    progress(outcome)
    return summary


def load_demo_remittances(
    uow_factory: UnitOfWorkFactory,
    reader: RemittanceReader,
    clock: Clock,
    demo: DemoRemittances,
    *,
    progress: Callable[[FileOutcome], None] | None = None,
) -> IngestSummary:
    """Ingest the demo practice's last year of synthetic remittances, up to the clock's
    today (a second run finds every file already ingested; a later one adds the newer
    weeks). They go through the same checks as real files."""
    files = demo.files(clock.now().date())
    return ingest_remittance_uploads(uow_factory, reader, clock, files, progress=progress)


def ingest_remittance_uploads(
    uow_factory: UnitOfWorkFactory,
    reader: RemittanceReader,
    clock: Clock,
    files: Iterable[tuple[str, bytes]],
    *,
    progress: Callable[[FileOutcome], None] | None = None,
) -> IngestSummary:
    """Ingest 835 files held in memory (``(name, bytes)``), each all or nothing,
    consecutive ones stored in groups as :func:`ingest_remittances` stores files on disk:
    a file that is empty, too large or refused is reported and the others still go in."""
    require(Permission.EDIT_RECORD, "ingest remittances")  # one refusal, not one per file
    summary = IngestSummary()
    group: list[GroupSource] = []
    datas: list[tuple[bytes, str]] = []
    size = 0

    def flush() -> None:
        nonlocal group, datas, size
        if group:
            held = datas  # the files not ingested before are parsed together
            outcomes = store_sources(
                uow_factory, clock, group,
                read_together=lambda at: reader.read_many_bytes_batches([held[i] for i in at]),
            )  # fmt: skip
            for outcome in outcomes:
                summary.files.append(outcome)
                if progress is not None:
                    progress(outcome)
        group, datas, size = [], [], 0

    for name, data in files:
        if not data or len(data) > MAX_UPLOAD_BYTES:
            flush()  # outcomes stay in the order of the files
            why = "the file is empty; expected an X12 835" if not data else (
                f"file is larger than {MAX_UPLOAD_BYTES} bytes")  # fmt: skip
            refused = FileOutcome(name, FileStatus.FAILED, message=f"{name}: {why}")
            summary.files.append(refused)
            if progress is not None:
                progress(refused)
            continue
        if group and (len(group) >= GROUP_FILES or size + len(data) > GROUP_BYTES):
            flush()
        group.append(
            GroupSource(name, hashlib.sha256(data).hexdigest(), len(data),
                        partial(reader.read_bytes_batches, data, name=name))
        )  # fmt: skip
        datas.append((data, name))
        size += len(data)
    flush()
    return summary


def list_remittances(
    uow_factory: UnitOfWorkFactory, *, offset: int = 0, limit: int = 100
) -> tuple[int, list[RemittanceRow]]:
    """The number of stored payments and one page of them, newest payment first."""
    with uow_factory() as uow:
        return uow.remittances.count(), uow.remittances.rows(offset=offset, limit=limit)


def show_remittance(uow_factory: UnitOfWorkFactory, payment_id: int) -> RemittanceDetail:
    """One stored payment with its claims, lines, adjustments and netted claims."""
    with uow_factory() as uow:
        row, payment = uow.remittances.get(payment_id)
        numbers = [claim.claim_number for claim in net_by_claim(payment.claims)]
        # Only this payer's: the same claim number may carry another payer's payment.
        _, netted = uow.remittances.net_claims(
            claim_numbers=numbers, originator=payment.originator, limit=max(len(numbers), 1)
        )
        # Who opened a payment's claims is part of the audit trail (issue 13 §4).
        uow.audit.record(Change(AuditAction.READ, "remittance_payment", str(payment_id)))
        uow.commit()
    return RemittanceDetail(row=row, payment=payment, netted=netted)


def net_claims(
    uow_factory: UnitOfWorkFactory,
    *,
    claim_numbers: Sequence[str] | None = None,
    offset: int = 0,
    limit: int = 100,
) -> tuple[int, list[NetClaim]]:
    """Claims netted per payer and claim number over every stored remittance:
    originals, reversals (CLP02 = 22), corrections and split claims added up.

    A claim number asked for must say something: an empty one would find nothing and
    look like an answer."""
    for number in claim_numbers or ():
        if not number.strip():
            raise ValidationError(
                "a claim number to look for cannot be empty", field="claim_number"
            )
    with uow_factory() as uow:
        return uow.remittances.net_claims(claim_numbers=claim_numbers, offset=offset, limit=limit)
