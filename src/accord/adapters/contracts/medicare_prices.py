"""Medicare amounts per unit from CMS's own RVU and GPCI files, for one locality.

A Medicare price port straight from the files (tests and benchmarks; Accord itself serves
the market's loaded schedule): ``price("97110", "", 2025, "03202-01")`` is the
non-facility amount of one unit in that locality (national by default), with its
practice-expense part.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

from accord.adapters.pricefiles.pfs import read_gpci, read_rvu, rvu_year
from accord.domain.economics.expected import MedicarePrice
from accord.domain.economics.medicare_locality import (
    NATIONAL_LOCALITY,
    MedicareLocality,
    PracticePlace,
)
from accord.domain.market.pfs import NATIONAL, RelativeValues, payment
from accord.errors import InputFileError, NotFoundError

__all__ = ["NoMedicarePrices", "PfsMedicarePrices"]


class PfsMedicarePrices:
    """Non-facility Medicare prices of one PPRRVU year, in every locality of the GPCI file.

    ``locality`` (``MAC-locality``) is where every practice is taken to be; without it,
    places get the national amount (this reader has no ZIP or county tables).
    """

    def __init__(self, rvu_path: Path, gpci_path: Path, *, locality: str | None = None) -> None:
        year = rvu_year(rvu_path)
        if year is None:
            raise InputFileError(
                "expected the fee schedule year in the banner or name", path=str(rvu_path)
            )
        self.year = year
        digest = hashlib.sha256(rvu_path.read_bytes())
        digest.update(gpci_path.read_bytes())
        self._fingerprint = f"pfs {year} {locality or 'national'} {digest.hexdigest()[:16]}"
        self._rvus: dict[tuple[str, str], RelativeValues] = {
            (r.code, r.modifier): r for r in read_rvu(rvu_path)
        }
        self._gpcis = {g.key: g for g in read_gpci(gpci_path)}
        self._place = MedicareLocality(
            NATIONAL_LOCALITY, "national", note="national amount: no locality chosen"
        )
        if locality is not None:
            if locality not in self._gpcis:
                raise NotFoundError(f"no Medicare locality {locality} in {gpci_path.name}")
            gpci = self._gpcis[locality]
            self._place = MedicareLocality(locality, gpci.name, "chosen")

    @property
    def fingerprint(self) -> str:
        """The year, locality and a digest of the files."""
        return self._fingerprint

    def locality(self, place: PracticePlace) -> MedicareLocality:
        """The locality given when built (national when none was)."""
        return self._place

    def price(
        self, code: str, modifier: str, year: int, locality: str = NATIONAL_LOCALITY
    ) -> MedicarePrice | None:
        """One unit's amount in ``locality``, or ``None`` for another year, an unknown
        locality or a code not paid in an office."""
        rvu = self._rvus.get((code, modifier))
        if year != self.year or rvu is None or rvu.pe_nonfacility is None:
            return None
        g = NATIONAL if locality == NATIONAL_LOCALITY else self._gpcis.get(locality)
        if g is None:
            return None
        total = payment(rvu, g, facility=False)
        if total is None:
            return None
        weighted = rvu.work * g.work + rvu.pe_nonfacility * g.pe + rvu.malpractice * g.malpractice
        # The practice-expense part is the PE share of the rounded amount, so a rate that is
        # a % of Medicare keeps the same share.
        share = rvu.pe_nonfacility * g.pe / weighted if weighted else Decimal(0)
        return MedicarePrice(total, total * share, rvu.mult_proc == "5")


class NoMedicarePrices:
    """No Medicare fee schedule configured: every lookup is ``None``.

    Lines priced as a % of Medicare, and visits whose MPPR share needs Medicare's
    practice-expense split, are then reported as not priced (never guessed).
    """

    @property
    def fingerprint(self) -> str:
        """``none``: no schedule."""
        return "none"

    def price(
        self, code: str, modifier: str, year: int, locality: str = NATIONAL_LOCALITY
    ) -> MedicarePrice | None:
        """Always ``None``."""
        return None

    def locality(self, place: PracticePlace) -> MedicareLocality:
        """National, with a note: no fee schedule is loaded."""
        return MedicareLocality(
            NATIONAL_LOCALITY, "national", note="no Medicare fee schedule loaded"
        )
