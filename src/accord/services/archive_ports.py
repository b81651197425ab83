"""Archive files: the whole record (or one negotiation) as one portable file, written
and read by an adapter (JSON today) so that the transfer use cases never parse it::

    accord.archives.write(path, contents, exported_at=now)
    accord.archives.read(path)            # -> ArchiveContents

An import is prepared whole before anything is written (:class:`ImportPlan`), so that
the store can write it in one short transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from accord.domain.negotiation import Negotiation
from accord.domain.organisations import Contact, Organisation

__all__ = ["ArchiveContents", "Archives", "ImportPlan"]


@dataclass(frozen=True)
class ArchiveContents:
    """What an archive holds: organisations, contacts and whole negotiations."""

    organisations: list[Organisation]
    contacts: list[Contact]
    negotiations: list[Negotiation]


class Archives(Protocol):
    """Writes and reads archive files."""

    def write(self, path: Path, contents: ArchiveContents, *, exported_at: datetime) -> None:
        """Write atomically: to a temporary name, renamed when complete."""
        ...

    def read(self, path: Path) -> ArchiveContents:
        """Read and check an archive (InputFileError naming where it is wrong)."""
        ...


@dataclass
class ImportPlan:
    """An archive resolved against the store, ready to be written with no further check.

    Every new row carries a *provisional id*: ``-k`` names the k-th new row of its kind
    in this plan (organisations, contacts, negotiations, and each kind of a
    negotiation's rows in the order of the negotiations), and every reference between
    new rows uses those ids (a parent organisation, a negotiation's organisations and
    contacts, an interaction's contact, an ally's organisation, a correction's
    original). A positive id names a row the store holds already. The store swaps the
    provisional ids for real ones as it writes, so that parents and children need no
    round trip per row.
    """

    organisations: list[Organisation] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    negotiations: list[Negotiation] = field(default_factory=list)
    replaced: list[Negotiation] = field(default_factory=list)
    """Stored negotiations the import overwrites (same uid): deleted first."""
    organisations_matched: int = 0
