"""The brief's rate terms against Medicare, for ``accord brief``."""

from __future__ import annotations

from collections.abc import Sequence

from accord.entrypoints.cli.output import RecordTable, record_table
from accord.services.benchmarks import TermBenchmark

__all__ = ["medicare_table"]


def medicare_table(rows: Sequence[TermBenchmark]) -> RecordTable | None:
    """Medicare, our target and their last offer (with % of Medicare) of each rate term
    the fee schedule prices; ``None`` when there is none."""
    priced = [row for row in rows if row.medicare is not None]
    if not priced:
        return None
    table = record_table(
        "Against Medicare", ["term", "code", "Medicare", "our target", "their last"]
    )

    def share(row: TermBenchmark, value: float | None) -> str:
        if value is None:
            return "—"
        pct = row.pct_medicare(value)
        return f"${value:,.2f}" + (f" ({pct:.0f}% of Medicare)" if pct is not None else "")

    for row in priced:
        table.add_row(
            row.term.name,
            f"{row.term.billing_code} {row.region or 'national'}",
            f"${row.medicare:,.2f}",
            share(row, row.our_target),
            share(row, row.their_latest),
        )
    return table
