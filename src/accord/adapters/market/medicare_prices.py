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
from accord.domain.economics.medicare_locality import (
    NATIONAL_LOCALITY,
    LocalityTables,
    MedicareLocality,
    PracticePlace,
    choose_locality,
)
from accord.domain.market.localities import CountyLocality

__all__ = ["MarketMedicarePrices"]

_COLUMNS = ["year", "code", "modifier", "locality_key", "nonfacility", "mult_proc"]
_SHARE = "nonfacility_pe_share"


class MarketMedicarePrices:
    """Medicare prices by (code, modifier, year, locality) from ``market_dir/pfs/year=*/``."""

    def __init__(self, market_dir: Path) -> None:
        self._root = market_dir / "pfs"
        self._loaded_for: str | None = None
        self._prices: dict[str, dict[tuple[str, str, int], MedicarePrice]] = {}
        self._tables: LocalityTables | None = None

    def _files(self, name: str = "amounts") -> list[Path]:
        return sorted(self._root.glob(f"year=*/{name}.parquet"))

    @property
    def fingerprint(self) -> str:
        """Each loaded year's tables (amounts, counties, ZIP codes): size and time."""
        parts = ["market"]
        for path in sorted(self._root.glob("year=*/*.parquet")):
            stat = path.stat()
            parts.append(f"{path.parent.name}/{path.stem}:{stat.st_size}:{stat.st_mtime_ns}")
        return " ".join(parts)

    def _fresh(self) -> None:
        fingerprint = self.fingerprint
        if fingerprint != self._loaded_for:
            self._prices, self._tables = {}, None
            self._loaded_for = fingerprint

    def _load(self, locality: str) -> dict[tuple[str, str, int], MedicarePrice]:
        self._fresh()
        if locality in self._prices:
            return self._prices[locality]
        prices: dict[tuple[str, str, int], MedicarePrice] = {}
        for path in self._files():
            names = set(pq.read_schema(path).names)
            columns = _COLUMNS + ([_SHARE] if _SHARE in names else [])
            table = pq.read_table(
                path, columns=columns, filters=[("locality_key", "=", locality)]
            ).to_pydict()
            shares = table.get(_SHARE, [None] * len(table["code"]))
            for year, code, modifier, amount, mult, share in zip(
                table["year"], table["code"], table["modifier"],
                table["nonfacility"], table["mult_proc"], shares, strict=True,
            ):  # fmt: skip
                if amount is None:
                    continue
                therapy = mult == "5"
                if share is None and therapy:
                    # A fee schedule loaded before the share was kept: the reduction's
                    # part is unknown, so the code is not priced rather than guessed.
                    continue
                total = Decimal(str(amount))
                pe = total * Decimal(str(share)) if share is not None else Decimal(0)
                prices[code, modifier or "", int(year)] = MedicarePrice(total, pe, therapy)
        self._prices[locality] = prices
        return prices

    def price(
        self, code: str, modifier: str, year: int, locality: str = NATIONAL_LOCALITY
    ) -> MedicarePrice | None:
        """One unit's non-facility amount in ``locality``, or ``None`` when no loaded
        schedule prices it there."""
        return self._load(locality).get((code, modifier, year))

    def locality(self, place: PracticePlace) -> MedicareLocality:
        """The locality of ``place`` from the loaded ZIP5, county and GPCI tables."""
        self._fresh()
        if self._tables is None:
            self._tables = self._read_tables()
        return choose_locality(place, self._tables)

    def _read_tables(self) -> LocalityTables:
        # Later years come last and win: a locality's name or a ZIP's locality as of the
        # latest schedule loaded.
        zips: dict[str, str] = {}
        for path in self._files("zip_localities"):
            t = pq.read_table(path, columns=["zip5", "locality_key"]).to_pydict()
            zips.update(zip(t["zip5"], t["locality_key"], strict=True))
        counties: dict[tuple[str, str], CountyLocality] = {}
        for path in self._files("county_localities"):
            t = pq.read_table(path, columns=["state", "county", "locality_key"]).to_pydict()
            for state, county, key in zip(t["state"], t["county"], t["locality_key"], strict=True):
                counties[state, county] = CountyLocality(state, county, key)
        states: dict[str, set[str]] = {}
        names: dict[str, str] = {}
        for path in self._files():
            t = (
                pq.read_table(path, columns=["locality_key", "state", "locality_name"])
                .group_by(["locality_key", "state", "locality_name"])
                .aggregate([])
                .to_pydict()
            )
            for key, state, name in zip(
                t["locality_key"], t["state"], t["locality_name"], strict=True
            ):
                if key == NATIONAL_LOCALITY or not state:
                    continue
                states.setdefault(state, set()).add(key)
                names[key] = str(name)  # as CMS writes it: "DC + MD/VA SUBURBS"
        return LocalityTables(
            zips, list(counties.values()), {s: tuple(sorted(k)) for s, k in states.items()}, names
        )
