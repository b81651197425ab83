"""What hospital CSV and JSON readers share: versions, addresses, one normalised row shape.

Hospital rows go into the same ``rates`` table as TiC rows (``source_kind = "hospital"``):
one row per billing code × payer × plan of a standard charge, with the payer and plan
names kept raw and normalised, the hospital's state and ZIP3 from its first address, and
``billing_class = "institutional"`` (hospital charges are facility charges). A charge
given only as a percentage is kept with ``negotiated_type = "percentage"``; one given only
as an algorithm has no amount and is counted in the report instead.
"""

from __future__ import annotations

import re
from typing import Any

from accord.adapters.pricefiles.rate_rows import ReadReport, RowBatch, RowFilter
from accord.domain.market.payers import normalize_payer_name

__all__ = [
    "SUPPORTED_MAJOR_VERSIONS",
    "HospitalContext",
    "add_charge_rows",
    "location_of",
]

SUPPORTED_MAJOR_VERSIONS = ("2", "3")
_STATE_ZIP = re.compile(r"\b([A-Z]{2})\s+(\d{5})(?:-\d{4})?\b")
_PREFERRED_CODE_TYPES = ("CPT", "HCPCS", "MS-DRG", "APR-DRG", "NDC", "RC")


def location_of(addresses: list[str] | str | None) -> tuple[str | None, str | None]:
    """``(state, zip3)`` from the first address that has ``ST 12345`` in it."""
    if addresses is None:
        return None, None
    items = addresses if isinstance(addresses, list) else str(addresses).split("|")
    for address in items:
        match = _STATE_ZIP.search(str(address))
        if match:
            return match.group(1), match.group(2)[:3]
    return None, None


class HospitalContext:
    """The file-level facts every row of one hospital file carries."""

    def __init__(
        self,
        hospital: str,
        state: str | None,
        zip3: str | None,
        report: ReadReport,
        row_filter: RowFilter,
    ) -> None:
        self.hospital = hospital
        self.state = state
        self.zip3 = zip3
        self.report = report
        self.filter = row_filter
        self.algorithm_only = 0

    def keep_code(self, code: str) -> bool:
        """Whether the filter keeps this billing code."""
        codes = self.filter.billing_codes
        return codes is None or code in codes

    def keep_file(self) -> bool:
        """Whether the filter's states keep this hospital."""
        states = self.filter.states
        return states is None or (self.state or "") in states


def add_charge_rows(
    ctx: HospitalContext,
    batch: RowBatch,
    *,
    codes: list[tuple[str, str]],
    payer: str,
    plan: str,
    dollar: float | None,
    percentage: float | None,
    algorithm: Any,
    methodology: str,
    setting: str,
    modifiers: str,
) -> int:
    """Append one row per code for a payer-specific charge; return the rows added."""
    if dollar is not None:
        ntype, rate = "negotiated", dollar
    elif percentage is not None:
        ntype, rate = "percentage", percentage
    else:
        if algorithm:
            ctx.algorithm_only += 1
        return 0
    f = ctx.filter
    if f.negotiated_types is not None and ntype not in f.negotiated_types:
        return 0
    if f.billing_classes is not None and "institutional" not in f.billing_classes:
        return 0
    added = 0
    c = batch.columns
    for code, code_type in codes:
        if not ctx.keep_code(code):
            continue
        c["source_kind"].append("hospital")
        c["payer"].append(payer)
        c["payer_normalized"].append(normalize_payer_name(payer))
        c["plan_name"].append(plan)
        c["plan_id"].append("")
        c["billing_code"].append(code)
        c["billing_code_type"].append(code_type)
        c["modifier"].append(modifiers)
        c["negotiation_arrangement"].append(methodology)
        c["negotiated_type"].append(ntype)
        c["rate"].append(float(rate))
        c["billing_class"].append("institutional")
        c["setting"].append(setting)
        c["service_code"].append("")
        c["expiration_date"].append("")
        c["provider_refs"].append("")
        c["bundled_codes"].append("")
        c["provider_name"].append(ctx.hospital)
        c["state"].append(ctx.state)
        c["zip3"].append(ctx.zip3)
        added += 1
    ctx.report.rows += added
    return added


def sort_codes(codes: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Codes in a stable order: CPT/HCPCS first, then DRGs, NDC, revenue codes, others."""

    def rank(item: tuple[str, str]) -> int:
        kind = item[1].upper()
        return _PREFERRED_CODE_TYPES.index(kind) if kind in _PREFERRED_CODE_TYPES else 99

    return sorted(codes, key=rank)
