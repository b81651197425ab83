"""What to keep while reading a price file: the question an ingest asks of its rows.

RowFilter(billing_codes=frozenset({"97110", "97140"}), states=frozenset({"MD"}))
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["RowFilter"]


@dataclass(frozen=True, slots=True)
class RowFilter:
    """What to keep while reading; ``None`` keeps everything for that field."""

    billing_codes: frozenset[str] | None = None
    npis: frozenset[int] | None = None
    tins: frozenset[str] | None = None
    states: frozenset[str] | None = None
    billing_classes: frozenset[str] | None = None
    negotiated_types: frozenset[str] | None = None

    @property
    def by_provider(self) -> bool:
        """Whether rows must be checked against NPIs or TINs."""
        return self.npis is not None or self.tins is not None
