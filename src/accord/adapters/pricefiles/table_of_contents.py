"""TiC table-of-contents (index) files: which in-network files cover which plans.

Streams ``reporting_structure`` with the structural scanner, so an index of any size is
read in constant memory, and yields one :class:`TocFile` per in-network file (and per
allowed-amount file) with the plans it covers. Filters match plan names or ids, EINs and
file descriptions case-insensitively.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.adapters.pricefiles.json_structure import TopLevelScanner, parse_item
from accord.adapters.pricefiles.source_files import ProgressCallback, open_price_file
from accord.errors import InputFileError

__all__ = ["TocFile", "read_table_of_contents"]

_ARRAY = "reporting_structure"


@dataclass(frozen=True, slots=True)
class TocFile:
    """One file listed in an index, with the plans it covers."""

    kind: str  # "in-network" | "allowed-amounts"
    description: str
    location: str
    plans: tuple[tuple[str, str, str], ...]  # (plan name, plan id type, plan id)

    def matches(self, *, plan: str | None, ein: str | None, name: str | None) -> bool:
        """Whether every given filter matches (plan name/id, EIN, name or description)."""
        if plan is not None:
            needle = plan.lower()
            if not any(needle in p[0].lower() or needle == p[2].lower() for p in self.plans):
                return False
        if ein is not None:
            digits = ein.replace("-", "")
            if not any(
                p[1].lower() == "ein" and p[2].replace("-", "") == digits for p in self.plans
            ):
                return False
        if name is not None:
            needle = name.lower()
            texts = [self.description.lower(), self.location.lower()]
            texts += [p[0].lower() for p in self.plans]
            if not any(needle in t for t in texts):
                return False
        return True


def _plans(structure: dict[str, Any]) -> tuple[tuple[str, str, str], ...]:
    out = []
    for p in structure.get("reporting_plans") or []:
        if isinstance(p, dict):
            out.append(
                (
                    str(p.get("plan_name", "")),
                    str(p.get("plan_id_type", "")),
                    str(p.get("plan_id", "")),
                )
            )
    return tuple(out)


def read_table_of_contents(
    path: Path,
    *,
    plan: str | None = None,
    ein: str | None = None,
    name: str | None = None,
    progress: ProgressCallback | None = None,
) -> Iterator[TocFile]:
    """Yield the files an index lists, keeping those that match the filters."""
    seen = False
    with open_price_file(path, progress=progress) as stream:
        scanner = TopLevelScanner(stream, str(path), items_of=frozenset({_ARRAY}))
        for item in scanner:
            seen = True
            structure = parse_item(item, str(path))
            if not isinstance(structure, dict):
                raise InputFileError(
                    f"expected an object in '{_ARRAY}'", path=str(path), offset=item.offset
                )
            plans = _plans(structure)
            files = [("in-network", f) for f in structure.get("in_network_files") or []]
            allowed = structure.get("allowed_amount_file")
            if isinstance(allowed, dict):
                files.append(("allowed-amounts", allowed))
            for kind, entry in files:
                if not isinstance(entry, dict) or "location" not in entry:
                    raise InputFileError(
                        "expected a file object with a 'location'",
                        path=str(path),
                        offset=item.offset,
                    )
                toc = TocFile(
                    kind, str(entry.get("description", "")), str(entry["location"]), plans
                )
                if toc.matches(plan=plan, ein=ein, name=name):
                    yield toc
        if not seen and _ARRAY not in scanner.keys_seen:
            raise InputFileError(
                f"no '{_ARRAY}' array: not a table-of-contents file", path=str(path)
            )
