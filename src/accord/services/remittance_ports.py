"""What remittance ingest needs from the outside: a reader of X12 835 files, and the
demo practice's synthetic remittances and contracts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import Protocol

from accord.domain.economics.contracts import Contract
from accord.domain.remittance import Payment
from accord.domain.remittance_batch import RemittanceBatch

__all__ = ["DemoRemittances", "RemittanceFiles", "RemittanceReader"]


class RemittanceFiles(Protocol):
    """Reads 835 files into column batches (what ingest needs of a reader)."""

    def read_file_batches(self, path: Path) -> Iterator[RemittanceBatch]: ...
    def read_files_batches(self, paths: Sequence[Path]) -> list[Iterator[RemittanceBatch]]:
        """Each file's batches, in order, as :meth:`read_file_batches` gives them (each
        raising its file's error while iterating); small files may be parsed together."""
        ...


class RemittanceReader(Protocol):
    """Parses 835 files into domain payments, one per ST..SE transaction.

    Payments come one at a time, in file order, so that memory holds one transaction
    whatever the file's size. Raises :class:`accord.errors.InputFileError` (while
    iterating) naming the file, the segment (its 1-based position and id) and what was
    expected, for anything it cannot read; a caller that wants all or nothing writes
    in a transaction it rolls back on that error. Balancing is not the reader's job:
    the service checks it with the domain's rules.

    The ``*_batches`` methods give the same transactions as column batches of a few
    MB of 835 each (ingest's fast path); the others give them as objects.
    """

    def read_file(self, path: Path) -> Iterator[Payment]: ...
    def read_bytes(self, data: bytes, *, name: str) -> Iterator[Payment]: ...
    def read_file_batches(self, path: Path) -> Iterator[RemittanceBatch]: ...
    def read_bytes_batches(self, data: bytes, *, name: str) -> Iterator[RemittanceBatch]: ...
    def read_files_batches(self, paths: Sequence[Path]) -> list[Iterator[RemittanceBatch]]: ...
    def read_many_bytes_batches(
        self, files: Sequence[tuple[bytes, str]]
    ) -> list[Iterator[RemittanceBatch]]:
        """Each ``(data, name)``'s batches, in order, as :meth:`read_bytes_batches` gives
        them (each raising its own error while iterating); small ones may be parsed
        together."""
        ...

    def reading_ahead(self, paths: Sequence[Path]) -> AbstractContextManager[RemittanceFiles]:
        """A reader of ``paths``, in that order, that may parse the next files while the
        caller stores the current one (in other processes, on a machine with more than
        one core)."""
        ...


class DemoRemittances(Protocol):
    """Synthetic 835 files for the demo practice, clearly marked demo (no real patient)."""

    def files(self, until: date) -> Iterator[tuple[str, bytes]]:
        """(file name, 835 bytes) pairs of the year up to ``until``, the same on every
        call with the same day."""
        ...

    def contracts(self, until: date) -> list[Contract]:
        """The demo practice's contracts with the demo payers of :meth:`files`."""
        ...

    def code_labels(self) -> list[tuple[str, str, str]]:
        """``(list, code, meaning)`` of the adjustment codes :meth:`files` use, in plain
        words (facts written for Accord; an admin imports the full X12 lists)."""
        ...
