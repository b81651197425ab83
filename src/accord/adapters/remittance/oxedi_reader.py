"""Reads X12 835 files with oxedi (a Rust parser with Arrow tables) into domain payments.

oxedi was chosen by measurement on the shared fixtures (see docs/economics.md): exact
counts on every file and about two orders of magnitude faster than pyx12. This module
is the only one that imports it; :class:`OxediRemittanceReader` satisfies
:class:`accord.services.remittance_ports.RemittanceReader`, so the parser can be
swapped without touching the services.

Patient names and member ids (NM1*QC, NM1*IL, NM1*74) are parsed by oxedi but never
read from its tables, and no error message quotes an NM1 segment.
"""

from __future__ import annotations

import json
import mmap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.adapters.remittance.chunks import chunks_of
from accord.adapters.remittance.read_ahead import ReadAhead, default_workers
from accord.adapters.remittance.segments import SegmentLocator
from accord.domain.remittance import Payment
from accord.domain.remittance_batch import RemittanceBatch
from accord.domain.remittance_objects import payments_of
from accord.errors import InputFileError
from accord.services.remittance_ports import RemittanceFiles

if TYPE_CHECKING:
    import oxedi

# oxedi and pyarrow are imported when a file is read, not when bootstrap() builds the
# reader: a command that never reads an 835 does not pay for them.

__all__ = ["OxediRemittanceReader"]

# Columns the built-in 5010 spec does not project and Accord needs: the SVC01
# modifiers, the claim's received date (DTM*050) and the line's remark codes (LQ).
_SPEC_PATCH: dict[str, Any] = {
    "tables": {
        "claims": {
            "columns": {"received_date": {"element": 2, "segment": "DTM", "where": {"1": "050"}}}
        },
        "services": {
            "columns": {
                f"modifier_{n}": {"element": 1, "component": n + 2, "segment": "SVC"}
                for n in range(1, 5)
            }
        },
        "remarks": {
            "loops": ["2110"],
            "segment": "LQ",
            "columns": {"qualifier": {"element": 1}, "code": {"element": 2}},
        },
    }
}

# Of the built-in tables' columns, the ones Accord reads (with row, segment and the
# parents' rows): the others — patients' and subscribers' names and ids, addresses,
# contacts — are not even projected (7% less of oxedi's parse, measured on generated
# files, and no patient data in the tables at all).
_READ_COLUMNS = {
    "payments": {
        "total_payment_amount", "trace_number", "payer_identifier", "credit_debit_flag",
        "payment_method", "handling_code", "payment_date", "production_date", "payer_name",
        "payer_id", "payee_name", "payee_id",
    },
    "claims": {
        "charge_amount", "payment_amount", "patient_responsibility", "claim_id",
        "claim_status", "filing_indicator", "facility_type", "frequency_code",
        "statement_from", "statement_to", "received_date",
    },
}  # fmt: skip

# A bare ST..SE set has no ISA to declare its delimiters: the findings that say so
# are expected, everything else about structure is still fatal.
_BARE_SET_FINDINGS = ("opened without its own trigger",)
_PRIVATE_SEGMENTS = {b"NM1"}


# Below this size a file is parsed whole (one batch of tables: 1.7× faster on files of
# many small transactions, measured with benchmarks/economics.py); above it, parsed
# a run of transactions at a time so that memory stays flat in the file's size.
WHOLE_FILE_BYTES = 16 << 20
# A bigger file is parsed in runs of whole transactions of about this many bytes: memory
# holds one run's parse (2 MB: 113 MB peak, 4 MB: 130 MB, whatever the file's size;
# the same speed as one parse of the whole file).
CHUNK_BYTES = 2 << 20
# Starting the read-ahead workers costs about a second of imports: not for a few files.
READ_AHEAD_MIN_FILES = 4


class OxediRemittanceReader:
    """Parse an 835 file into column batches or :class:`~accord.domain.remittance.Payment`
    objects.

    A file larger than ``whole_file_bytes`` is parsed in runs of whole transactions
    (ST..SE) of about ``chunk_bytes`` (see :mod:`chunks`): memory holds one run's
    tables and batch, whatever the file's size. ``workers`` processes read the next
    files ahead during :meth:`reading_ahead` (default: one per core but one).
    """

    def __init__(
        self,
        *,
        whole_file_bytes: int = WHOLE_FILE_BYTES,
        chunk_bytes: int = CHUNK_BYTES,
        workers: int | None = None,
    ) -> None:
        self._spec: oxedi.Spec | None = None
        self._whole_file_bytes = whole_file_bytes
        self._chunk_bytes = chunk_bytes
        self._workers = default_workers() if workers is None else workers
        #: CPU seconds that read-ahead workers spent for this reader (for benchmarks:
        #: this process's own CPU time does not include theirs).
        self.worker_cpu_seconds = 0.0

    @contextmanager
    def reading_ahead(self, paths: Sequence[Path]) -> Iterator[RemittanceFiles]:
        """A reader of ``paths`` that parses the next files in worker processes while the
        caller stores the current one (see :mod:`read_ahead`); this reader itself when
        there is one core, or too few files to pay for starting the workers."""
        small = [p for p in paths if p.stat().st_size <= self._whole_file_bytes]
        if self._workers < 1 or len(small) < READ_AHEAD_MIN_FILES:
            yield self
            return
        ahead = ReadAhead(small, workers=self._workers)
        try:
            yield _AheadReader(self, ahead)
        finally:
            ahead.close()
            self.worker_cpu_seconds += ahead.worker_cpu_seconds

    def oxedi_spec(self) -> oxedi.Spec:
        """What every parse projects: oxedi's 5010 tables with the columns Accord adds
        (:data:`_SPEC_PATCH`), less those it never reads (:data:`_READ_COLUMNS`)."""
        import oxedi

        if self._spec is None:
            spec = json.loads(oxedi.Spec.builtin("5010").patch(_SPEC_PATCH).to_json())
            for name, keep in _READ_COLUMNS.items():
                table = spec["tables"][name]
                table["columns"] = {k: v for k, v in table["columns"].items() if k in keep}
            spec["tables"]["claims"]["phi_seed"] = None  # its column is gone
            self._spec = oxedi.Spec.from_json(json.dumps(spec))
        return self._spec

    def read_file(self, path: Path) -> Iterator[Payment]:
        """Every transaction of the file at ``path``, in order; raises
        :class:`InputFileError` (while iterating) where the file is malformed."""
        for batch in self.read_file_batches(path):
            yield from payments_of(batch)

    def read_bytes(self, data: bytes | mmap.mmap, *, name: str) -> Iterator[Payment]:
        """Every transaction of ``data`` (named ``name`` in errors), in order."""
        for batch in self.read_bytes_batches(data, name=name):
            yield from payments_of(batch)

    def read_file_batches(self, path: Path) -> Iterator[RemittanceBatch]:
        """The transactions of the file at ``path`` as column batches, in order."""
        if path.stat().st_size == 0:
            raise InputFileError("the file is empty; expected an X12 835", path=str(path))
        with (
            path.open("rb") as handle,
            mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data,
        ):
            yield from self.read_bytes_batches(data, name=str(path))

    def read_files_batches(self, paths: Sequence[Path]) -> list[Iterator[RemittanceBatch]]:
        """Each file's batches, in order, as :meth:`read_file_batches` gives them; small
        files with the same delimiters are parsed together (see :mod:`joint`)."""
        from accord.adapters.remittance.joint import read_jointly

        small = [p.stat().st_size <= self._whole_file_bytes for p in paths]
        if sum(small) < 2:
            return [self.read_file_batches(path) for path in paths]
        items = [
            (path.read_bytes() if fits else None, partial(self.read_file_batches, path))
            for path, fits in zip(paths, small, strict=True)
        ]
        return read_jointly(items, spec=self.oxedi_spec())

    def read_many_bytes_batches(
        self, files: Sequence[tuple[bytes, str]]
    ) -> list[Iterator[RemittanceBatch]]:
        """Each ``(data, name)``'s batches, in order, as :meth:`read_bytes_batches` gives
        them; small ones with the same delimiters are parsed together."""
        from accord.adapters.remittance.joint import read_jointly

        items = [
            (data if len(data) <= self._whole_file_bytes else None,
             partial(self.read_bytes_batches, data, name=name))
            for data, name in files
        ]  # fmt: skip
        return read_jointly(items, spec=self.oxedi_spec())

    def read_bytes_batches(
        self, data: bytes | mmap.mmap, *, name: str
    ) -> Iterator[RemittanceBatch]:
        """The transactions of ``data`` as column batches of about ``chunk_bytes`` of
        835 each (a file up to ``whole_file_bytes`` is one batch)."""
        head = bytes(data[:64]).lstrip()
        bare = head.startswith(b"ST")
        if not head.startswith(b"ISA") and not bare:
            raise InputFileError(
                "expected an X12 file starting with ISA (or a bare ST*835 set), "
                f"found {head[:12]!r}",
                path=name,
                offset=0,
            )
        import oxedi

        from accord.adapters.remittance.oxedi_tables import batch_of_tables

        spec = self.oxedi_spec()
        delimiters = oxedi.Delimiters(element=head[2:3]) if bare else None
        located = SegmentLocator(data, name=name)
        try:
            if len(data) <= self._whole_file_bytes:
                whole = oxedi.parse(data, spec=spec, delimiters=delimiters)
                self._check_structure(whole.diagnostics, located, bare=bare)
                yield batch_of_tables([whole.tables], located)
                return
            # Bigger files are parsed a run of whole transactions at a time (oxedi
            # indexes all it is given first: memory would grow with the file).
            sets = oxedi.Delimiters(
                element=located.element, component=located.component,
                segment=located.terminator, repetition=located.repetition,
            )  # fmt: skip
            for chunk in chunks_of(data, located, chunk_bytes=self._chunk_bytes, bare=bare):
                _release(data)
                parsed = oxedi.parse(chunk.data, spec=spec, delimiters=sets)
                self._check_structure(parsed.diagnostics, located, bare=True, shift=chunk.shift)
                yield batch_of_tables([parsed.tables], located, shift=chunk.shift)
        except (oxedi.ParseError, ValueError) as exc:
            raise InputFileError(f"not a readable X12 835: {exc}", path=name) from exc

    @staticmethod
    def _check_structure(
        diagnostics: list[oxedi.Diagnostic],
        located: SegmentLocator,
        *,
        bare: bool,
        shift: int = 0,
    ) -> None:
        for finding in diagnostics:
            # Level 1 is the envelope and loop structure (missing SE, wrong counts,
            # segments out of place): such a file is truncated or malformed.
            if finding.level != 1:
                continue
            if bare and any(text in finding.rule for text in _BARE_SET_FINDINGS):
                continue
            index = None if finding.segment is None else finding.segment + shift
            private = located.segment_id(index) in _PRIVATE_SEGMENTS
            message = f"malformed ({finding.kind})" if private else finding.rule
            raise located.error(index, message)


class _AheadReader:
    """Takes a file's batches from the read-ahead workers, or reads it here."""

    def __init__(self, reader: OxediRemittanceReader, ahead: ReadAhead) -> None:
        self._reader = reader
        self._ahead = ahead

    def read_file_batches(self, path: Path) -> Iterator[RemittanceBatch]:
        found = self._ahead.batches(path)
        return self._reader.read_file_batches(path) if found is None else found

    def read_files_batches(self, paths: Sequence[Path]) -> list[Iterator[RemittanceBatch]]:
        found = [self._ahead.batches(path) for path in paths]
        here = [path for path, batches in zip(paths, found, strict=True) if batches is None]
        rest = iter(self._reader.read_files_batches(here))
        return [next(rest) if f is None else f for f in found]


def _release(data: bytes | mmap.mmap) -> None:
    """Let the system drop the pages of a mapped file read so far, so that memory stays
    flat in the file's size: the mapping is read-only and backed by the file, so a page
    read again (by the parse, or to locate an error) is simply read from disk again."""
    if isinstance(data, mmap.mmap) and hasattr(mmap, "MADV_DONTNEED"):
        data.madvise(mmap.MADV_DONTNEED)
