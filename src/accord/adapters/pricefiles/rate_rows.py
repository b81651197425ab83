"""The flat row shape every price-file reader produces, and the filters applied while reading.

Readers yield :class:`RowBatch` objects: column name → list of values, for the ``rates``
table (one row per negotiated price) or the ``provider_groups`` table (one row per NPI of
a provider group). The market dataset writer turns them into Parquet.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

from accord.domain.market.row_filter import RowFilter  # re-exported: readers import it here

__all__ = [
    "PROVIDER_COLUMNS",
    "RATE_COLUMNS",
    "ReadReport",
    "RowBatch",
    "RowFilter",
    "constant_column",
]

RATE_COLUMNS: tuple[str, ...] = (
    "source_kind",  # "tic" | "hospital"
    "payer",  # raw payer (TiC: reporting entity; hospital: payer_name)
    "payer_normalized",
    "plan_name",
    "plan_id",
    "billing_code",
    "billing_code_type",
    "modifier",  # modifiers joined with ","
    "negotiation_arrangement",  # ffs | bundle | capitation
    "negotiated_type",  # negotiated | derived | fee schedule | percentage | per diem
    "rate",  # dollars (or a percentage when negotiated_type is "percentage")
    "billing_class",  # professional | institutional | both
    "setting",  # inpatient | outpatient | both
    "service_code",  # place-of-service codes joined with ","
    "expiration_date",
    "provider_refs",  # provider reference ids joined with ","
    "bundled_codes",  # codes of bundled or covered services joined with ","
    "provider_name",
    "state",
    "zip3",
)

PROVIDER_COLUMNS: tuple[str, ...] = ("provider_ref", "npi", "tin_type", "tin", "location")


def constant_column(value: str | None, rows: int) -> pa.DictionaryArray:
    """``rows`` copies of ``value`` as a dictionary array: four bytes a row, no strings."""
    indices = np.zeros(rows, dtype=np.int32)
    if value is None:
        mask = np.ones(rows, dtype=bool)
        return pa.DictionaryArray.from_arrays(
            pa.array(indices, mask=mask), pa.array([], pa.string())
        )
    return pa.DictionaryArray.from_arrays(pa.array(indices), pa.array([value], pa.string()))


@dataclass(slots=True)
class RowBatch:
    """Columns of one batch of rows for ``table`` (``"rates"`` or ``"provider_groups"``)."""

    table: str
    columns: dict[str, list[Any]]
    arrow: Any = None  # a pyarrow Table of the same columns, from the columnar fast path

    @classmethod
    def empty(cls, table: str) -> RowBatch:
        """A batch with no rows and the table's columns."""
        names = RATE_COLUMNS if table == "rates" else PROVIDER_COLUMNS
        return cls(table, {name: [] for name in names})

    def as_columns(self) -> dict[str, list[Any]]:
        """Column name → values, whichever path produced the batch."""
        if self.arrow is not None:
            return dict(self.arrow.to_pydict())
        return self.columns

    def __len__(self) -> int:
        if self.arrow is not None:
            return int(self.arrow.num_rows)
        first = next(iter(self.columns.values()), [])
        return len(first)


@dataclass(slots=True)
class ReadReport:
    """What a reader saw: counts, schema version, warnings and ignored fields."""

    path: str
    kind: str = ""
    schema_version: str = ""
    payer: str = ""
    items: int = 0
    items_kept: int = 0
    rows: int = 0
    provider_rows: int = 0
    references_fetched: int = 0  # remote provider reference files downloaded and read
    unknown_fields: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    header: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (for the manifest)."""
        return {
            "kind": self.kind,
            "schema_version": self.schema_version,
            "payer": self.payer,
            "items": self.items,
            "items_kept": self.items_kept,
            "rows": self.rows,
            "provider_rows": self.provider_rows,
            "references_fetched": self.references_fetched,
            "unknown_fields": dict(self.unknown_fields),
            "warnings": list(self.warnings),
        }
