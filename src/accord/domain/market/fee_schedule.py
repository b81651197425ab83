"""A whole fee schedule: every code's Medicare amount in every locality, as table columns.

Pure arithmetic over :mod:`accord.domain.market.pfs`; the caller stores the columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from accord.domain.market.pfs import NATIONAL, Gpci, RelativeValues, payment

__all__ = ["FEE_SCHEDULE_COLUMNS", "fee_schedule_columns", "whole_state_localities"]

FEE_SCHEDULE_COLUMNS: tuple[str, ...] = (
    "year",
    "code",
    "modifier",
    "status",
    "locality_key",
    "mac",
    "locality",
    "state",
    "locality_name",
    "whole_state",
    "nonfacility",
    "facility",
    "conversion_factor",
    "mult_proc",
    "nonfacility_pe_share",
)


def _pe_share(rvu: RelativeValues, gpci: Gpci) -> float | None:
    """The practice-expense share of the non-facility amount (the therapy MPPR cuts half
    of it), or ``None`` when the code is not paid in an office."""
    if rvu.pe_nonfacility is None:
        return None
    pe = rvu.pe_nonfacility * gpci.pe
    weighted = rvu.work * gpci.work + pe + rvu.malpractice * gpci.malpractice
    return float(pe / weighted) if weighted else 0.0


def whole_state_localities(gpcis: Sequence[Gpci]) -> set[str]:
    """Localities that stand for their state when no locality–county file is given:
    a state's only locality, or its "REST OF ..." one."""
    keys = {g.key for g in gpcis if "REST OF" in g.name.upper()}
    for state in {g.state for g in gpcis}:
        of_state = [g.key for g in gpcis if g.state == state]
        if len(of_state) == 1:
            keys.add(of_state[0])
    return keys


def fee_schedule_columns(
    year: int, rvus: Iterable[RelativeValues], gpcis: Sequence[Gpci], whole_state: set[str]
) -> dict[str, list[Any]]:
    """Non-facility and facility amounts of every code in every locality and nationally."""
    cols: dict[str, list[Any]] = {name: [] for name in FEE_SCHEDULE_COLUMNS}
    localities: list[tuple[str, Gpci]] = [("national", NATIONAL)]
    localities += [(g.key, g) for g in gpcis]
    for rvu in rvus:
        for key, gpci in localities:
            nf = payment(rvu, gpci, facility=False)
            fa = payment(rvu, gpci, facility=True)
            cols["year"].append(year)
            cols["code"].append(rvu.code)
            cols["modifier"].append(rvu.modifier)
            cols["status"].append(rvu.status)
            cols["locality_key"].append(key)
            cols["mac"].append(gpci.mac or None)
            cols["locality"].append(gpci.locality or None)
            cols["state"].append(gpci.state or None)
            cols["locality_name"].append(gpci.name)
            cols["whole_state"].append(key in whole_state)
            cols["nonfacility"].append(None if nf is None else float(nf))
            cols["facility"].append(None if fa is None else float(fa))
            cols["conversion_factor"].append(float(rvu.conversion_factor))
            cols["mult_proc"].append(rvu.mult_proc)
            cols["nonfacility_pe_share"].append(_pe_share(rvu, gpci))
    return cols
