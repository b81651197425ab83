"""What ingesting 835 files did: one outcome per file, and their sum."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["FileOutcome", "FileStatus", "IngestSummary"]


class FileStatus(StrEnum):
    INGESTED = "ingested"
    ALREADY_INGESTED = "already ingested"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """What happened to one file; ``error`` is one line naming the segment at fault."""

    name: str
    status: FileStatus
    payments: int = 0
    claims: int = 0
    lines: int = 0
    amount_cents: int = 0
    skipped_payments: int = 0
    message: str | None = None


@dataclass(frozen=True, slots=True)
class IngestSummary:
    files: list[FileOutcome] = field(default_factory=list)

    def count(self, status: FileStatus) -> int:
        return sum(1 for outcome in self.files if outcome.status is status)

    @property
    def payments(self) -> int:
        return sum(outcome.payments for outcome in self.files)

    @property
    def claims(self) -> int:
        return sum(outcome.claims for outcome in self.files)

    @property
    def lines(self) -> int:
        return sum(outcome.lines for outcome in self.files)

    @property
    def amount_cents(self) -> int:
        return sum(outcome.amount_cents for outcome in self.files)
