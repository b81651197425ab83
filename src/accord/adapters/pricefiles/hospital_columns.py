"""Which columns of a hospital CSV header carry payer charges, and which are missing.

The CMS templates (2.x and 3.x) fix the column names. A renamed or misspelt column is
not a detail: a tall file whose ``payer_name`` is renamed has no payer charges at all to
the reader, and one whose ``standard_charge|negotiated_dollar`` is misspelt keeps only
its percentage charges. :func:`check_columns` names every column the reader needs and
cannot find, and every unknown column that looks like it carries charges, so that the
reader refuses the file (or, when asked to continue, counts the rows lost). Example::

    check = check_columns(["description", "code|1", "code|1|type", "payer", ...])
    check.problems  # ["no payer columns: expected 'payer_name' ... found 'payer'"]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["PAYER_FIELDS", "ColumnCheck", "check_columns"]

PAYER_FIELDS = (
    "negotiated_dollar",
    "negotiated_percentage",
    "negotiated_algorithm",
    "methodology",
)
"""The per-payer charge fields, as in ``standard_charge|negotiated_dollar``."""

_TALL_REQUIRED = ("plan_name", *(f"standard_charge|{f}" for f in PAYER_FIELDS))

# columns of either layout that the templates define (names as normalised by the reader)
_KNOWN = frozenset(
    {
        "description",
        "modifiers",
        "setting",
        "drug_unit_of_measurement",
        "drug_type_of_measurement",
        "standard_charge|gross",
        "standard_charge|discounted_cash",
        "standard_charge|min",
        "standard_charge|max",
        "additional_generic_notes",
        "additional_payer_notes",
        "estimated_amount",
        "median_amount",
        "10th_percentile",
        "90th_percentile",
        "count",
        "payer_name",
        "plan_name",
        *(f"standard_charge|{f}" for f in PAYER_FIELDS),
    }
)
_CODE = re.compile(r"code\|\d+(\|type)?")
# per-payer columns of a wide file: <field>|<payer>|<plan> or standard_charge|<p>|<p>|<f>
_WIDE_EXTRA = frozenset(
    {
        "estimated_amount",
        "median_amount",
        "10th_percentile",
        "90th_percentile",
        "count",
        "additional_payer_notes",
    }
)
# an unknown column with one of these words may hold charges the reader would miss
_CHARGE_WORDS = ("standard_charge", "negotiated", "payer", "dollar", "percentage", "algorithm")


@dataclass(slots=True)
class ColumnCheck:
    """What a header lacks (``problems``) and what it has that no template defines."""

    problems: list[str] = field(default_factory=list)
    unknown_names: list[str] = field(default_factory=list)
    suspects: list[int] = field(default_factory=list)  # unknown columns that may hold charges


def _is_known(name: str) -> bool:
    if name in _KNOWN or _CODE.fullmatch(name):
        return True
    parts = name.split("|")
    if len(parts) == 4 and parts[0] == "standard_charge" and parts[3] in PAYER_FIELDS:
        return True
    return len(parts) == 3 and parts[0] in _WIDE_EXTRA


def check_columns(names: list[str]) -> ColumnCheck:
    """Check a normalised header (lower case, no spaces around ``|``) of either layout."""
    check = ColumnCheck()
    suspects = []
    for i, name in enumerate(names):
        if name and not _is_known(name):
            check.unknown_names.append(name)
            if any(w in name for w in _CHARGE_WORDS):
                check.suspects.append(i)
                suspects.append(name)
    listed = ", ".join(repr(n) for n in suspects)
    found = f" (found {listed})" if suspects else ""
    unreadable = f"unknown column(s) {listed} may hold charges the template does not name"
    present = set(names)
    if "payer_name" in present:
        missing = [n for n in _TALL_REQUIRED if n not in present]
        if missing:
            check.problems.append(f"missing column(s) {', '.join(repr(n) for n in missing)}{found}")
        elif suspects:
            check.problems.append(unreadable)
        return check
    groups: dict[tuple[str, str], set[str]] = {}
    for name in names:
        parts = name.split("|")
        if len(parts) == 4 and parts[0] == "standard_charge" and parts[3] in PAYER_FIELDS:
            groups.setdefault((parts[1], parts[2]), set()).add(parts[3])
    if not groups:
        check.problems.append(
            "no payer columns: expected 'payer_name' (tall layout) or "
            f"'standard_charge|<payer>|<plan>|negotiated_dollar' (wide layout){found}"
        )
        return check
    missing = [
        f"standard_charge|{payer}|{plan}|{f}"
        for (payer, plan), fields in groups.items()
        for f in PAYER_FIELDS
        if f not in fields
    ]
    if missing:
        check.problems.append(f"missing column(s) {', '.join(repr(n) for n in missing)}{found}")
    elif suspects:
        check.problems.append(unreadable)
    return check
