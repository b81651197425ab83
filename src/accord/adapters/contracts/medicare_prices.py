"""Medicare amounts per unit from CMS's own RVU and GPCI files, for one locality.

Satisfies the services' Medicare price port until contracts read the market dataset's
fee schedule: ``price("97110", "", 2025)`` is the non-facility amount of one unit in
the chosen locality (national when none is given), with its practice-expense part.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

from accord.adapters.pricefiles.pfs import read_gpci, read_rvu, rvu_year
from accord.domain.economics.expected import MedicarePrice
from accord.domain.market.pfs import NATIONAL, Gpci, RelativeValues, payment
from accord.errors import InputFileError, NotFoundError

__all__ = ["NoMedicarePrices", "PfsMedicarePrices"]


class PfsMedicarePrices:
    """Non-facility Medicare prices of one PPRRVU year in one locality (``MAC-locality``)."""

    def __init__(self, rvu_path: Path, gpci_path: Path, *, locality: str | None = None) -> None:
        year = rvu_year(rvu_path)
        if year is None:
            raise InputFileError(
                "expected the fee schedule year in the banner or name", path=str(rvu_path)
            )
        self.year = year
        digest = hashlib.sha256(rvu_path.read_bytes())
        digest.update(gpci_path.read_bytes() if locality is not None else b"national")
        self._fingerprint = f"pfs {year} {locality or 'national'} {digest.hexdigest()[:16]}"
        self._rvus: dict[tuple[str, str], RelativeValues] = {
            (r.code, r.modifier): r for r in read_rvu(rvu_path)
        }
        self.gpci: Gpci = NATIONAL
        if locality is not None:
            found = {g.key: g for g in read_gpci(gpci_path)}
            if locality not in found:
                raise NotFoundError(f"no Medicare locality {locality} in {gpci_path.name}")
            self.gpci = found[locality]

    @property
    def fingerprint(self) -> str:
        """The year, locality and a digest of the files."""
        return self._fingerprint

    def price(self, code: str, modifier: str, year: int) -> MedicarePrice | None:
        """One unit's amount, or ``None`` for another year or a code not paid in an office."""
        rvu = self._rvus.get((code, modifier))
        if year != self.year or rvu is None or rvu.pe_nonfacility is None:
            return None
        total = payment(rvu, self.gpci, facility=False)
        if total is None:
            return None
        g = self.gpci
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

    def price(self, code: str, modifier: str, year: int) -> MedicarePrice | None:
        """Always ``None``."""
        return None
