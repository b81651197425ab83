"""Results of use cases as plain data (dicts, lists, strings, numbers) ready for JSON.

The CLI's ``--json`` output uses it, so a command prints the same fields as the dataclass
its service returns (which are the field names the API's schemas use).

Example::

    >>> from datetime import date
    >>> plain_data({"due": date(2026, 1, 2), "ids": (1, 2)})
    {'due': '2026-01-02', 'ids': [1, 2]}
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from pathlib import PurePath
from typing import Any

__all__ = ["plain_data"]

_MAX_DEPTH = 50


def plain_data(value: object, *, _depth: int = 0) -> Any:
    """``value`` as JSON-ready data.

    Dataclasses become objects of their public fields; enums their value; dates and
    times ISO 8601; ``Decimal`` a string (exact money); non-finite floats ``None``;
    numpy arrays and scalars lists and numbers; anything else its ``str``.
    """
    if _depth > _MAX_DEPTH:  # a cycle or a pathological nesting: say so, do not recurse
        return "…"
    deeper = _depth + 1
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Enum):
        return plain_data(value.value, _depth=deeper)
    if isinstance(value, Decimal):
        return str(value) if value.is_finite() else None
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain_data(getattr(value, f.name), _depth=deeper)
            for f in dataclasses.fields(value)
            if not f.name.startswith("_")
        }
    if isinstance(value, Mapping):
        return {str(k): plain_data(v, _depth=deeper) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [plain_data(v, _depth=deeper) for v in items]
    tolist = getattr(value, "tolist", None)  # numpy arrays and scalars
    if callable(tolist):
        return plain_data(tolist(), _depth=deeper)
    return str(value)
