"""The market's query vocabulary: which rates a question is about, and regions.

A region is a state (``MD``), a ZIP3 or ZIP (``212``, ``21201``: rates are kept by ZIP3),
a CBSA (``cbsa:12580``) or a county (``county:MD:Montgomery``). These are the words the
CLI, the web pages and the services use to ask the market a question; how a question is
answered (SQL over Parquet) is the market adapter's business::

    RateQuery("97110", region="MD", billing_class="professional")
    parse_region("cbsa:12580")        # -> ("cbsa", "12580")
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from accord.domain.market.localities import county_key
from accord.domain.organisations import us_state
from accord.errors import ValidationError

__all__ = ["DOLLAR_TYPES", "RateQuery", "parse_region"]

# Only dollar amounts enter a summary: "percentage" rates are left out unless asked for.
DOLLAR_TYPES: tuple[str, ...] = ("negotiated", "derived", "fee schedule", "per diem")


def parse_region(region: str | None) -> tuple[str, str] | None:
    """``("state", "MD")``, ``("zip3", "212")``, ``("cbsa", "12580")`` or
    ``("county", "MD:MONTGOMERY")`` from ``MD``, ``212`` or ``21201``, ``cbsa:12580`` or
    ``county:MD:Montgomery``; ``None`` for no region. Anything else, or a state that is
    not a US state code (``XX``), is a ValidationError: the same rule as an address's."""
    if region is None or not region.strip():
        return None
    value = region.strip().upper()
    if re.fullmatch(r"[A-Z]{2}", value):
        return ("state", us_state(value, field="region"))
    if re.fullmatch(r"\d{3}(\d{2})?", value):
        return ("zip3", value[:3])
    cbsa = re.fullmatch(r"CBSA:\s*(\d{5})", value)
    if cbsa:
        return ("cbsa", cbsa.group(1))
    county = re.fullmatch(r"COUNTY:\s*([A-Z]{2})\s*:\s*(\S.*)", value)
    if county:
        state = us_state(county.group(1), field="region")
        return ("county", f"{state}:{county_key(county.group(2))}")
    raise ValidationError(
        f"{region!r} is not a region: give a state (MD), a ZIP3/ZIP (212, 21201), "
        "a CBSA (cbsa:12580) or a county (county:MD:Montgomery)",
        field="region",
    )


@dataclass(frozen=True, slots=True)
class RateQuery:
    """Which rates to summarise. ``None`` means no condition on that field."""

    billing_code: str
    modifier: str | None = None
    region: str | None = None
    payer: str | None = None
    billing_class: str | None = None
    setting: str | None = None
    negotiated_types: tuple[str, ...] = DOLLAR_TYPES
