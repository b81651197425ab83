"""Medicare amounts for contracts from the market dataset's fee schedules.

Serves the services' :class:`~accord.services.contract_ports.MedicarePriceSource` from
the Physician Fee Schedules loaded into the market (``accord market pfs``, or the demo's
subset by ``accord demo``): the non-facility amount of one unit of a code in a locality
(national by default) and year, with its practice-expense part for the therapy MPPR.
The files are read on first use and again when a load replaces them; the fingerprint
(files, sizes and times) tells the economics read model to price again.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq

from accord.domain.economics.expected import MedicarePrice

__all__ = ["MarketMedicarePrices"]

_COLUMNS = ["year", "code", "modifier", "locality_key", "nonfacility", "mult_proc"]
_SHARE = "nonfacility_pe_share"


class MarketMedicarePrices:
    """Medicare prices by (code, modifier, year) from ``market_dir/pfs/year=*/``."""

    def __init__(self, market_dir: Path, *, locality: str = "national") -> None:
        self._root = market_dir / "pfs"
        self.locality = locality
        self._loaded_for: str | None = None
        self._prices: dict[tuple[str, str, int], MedicarePrice] = {}

    def _files(self) -> list[Path]:
        return sorted(self._root.glob("year=*/amounts.parquet"))

    @property
    def fingerprint(self) -> str:
        """The locality and each loaded year's file size and time."""
        parts = [f"market {self.locality}"]
        for path in self._files():
            stat = path.stat()
            parts.append(f"{path.parent.name}:{stat.st_size}:{stat.st_mtime_ns}")
        return " ".join(parts)

    def _load(self) -> None:
        fingerprint = self.fingerprint
        if fingerprint == self._loaded_for:
            return
        prices: dict[tuple[str, str, int], MedicarePrice] = {}
        for path in self._files():
            names = set(pq.read_schema(path).names)
            columns = _COLUMNS + ([_SHARE] if _SHARE in names else [])
            table = pq.read_table(path, columns=columns).to_pydict()
            shares = table.get(_SHARE, [None] * len(table["code"]))
            for year, code, modifier, key, amount, mult, share in zip(
                table["year"], table["code"], table["modifier"], table["locality_key"],
                table["nonfacility"], table["mult_proc"], shares, strict=True,
            ):  # fmt: skip
                if key != self.locality or amount is None:
                    continue
                therapy = mult == "5"
                if share is None and therapy:
                    # A fee schedule loaded before the share was kept: the reduction's
                    # part is unknown, so the code is not priced rather than guessed.
                    continue
                total = Decimal(str(amount))
                pe = total * Decimal(str(share)) if share is not None else Decimal(0)
                prices[code, modifier or "", int(year)] = MedicarePrice(total, pe, therapy)
        self._prices = prices
        self._loaded_for = fingerprint

    def price(self, code: str, modifier: str, year: int) -> MedicarePrice | None:
        """One unit's non-facility amount, or ``None`` when no loaded schedule prices it."""
        self._load()
        return self._prices.get((code, modifier, year))
