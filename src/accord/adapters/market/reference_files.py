"""The public reference files behind the market: CMS's fee schedule files and HUD's
ZIP → CBSA crosswalk, read by the readers of :mod:`accord.adapters.pricefiles.pfs` and
:mod:`accord.adapters.market.regions`: the services' ``ReferenceFiles`` port."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accord.adapters.market.regions import ZipCbsaTable
    from accord.adapters.pricefiles.pfs import LocalityCounties
    from accord.domain.market.pfs import Gpci, RelativeValues

# The readers (and pyarrow behind the crosswalk) are imported when a file is read, not
# when bootstrap() builds this object.

__all__ = ["CmsReferenceFiles"]


class CmsReferenceFiles:
    """Readers of CMS's RVU, GPCI, locality–county and ZIP5 files and HUD's crosswalk."""

    def rvu_year(self, path: Path) -> int | None:
        """The fee schedule year a PPRRVU file names, if it does."""
        from accord.adapters.pricefiles import pfs

        return pfs.rvu_year(path)

    def read_rvu(self, path: Path) -> Iterator[RelativeValues]:
        """The relative value units of each code."""
        from accord.adapters.pricefiles import pfs

        return pfs.read_rvu(path)

    def read_gpci(self, path: Path) -> list[Gpci]:
        """The geographic practice cost indices of each locality."""
        from accord.adapters.pricefiles import pfs

        return pfs.read_gpci(path)

    def read_locality_counties(self, path: Path) -> list[LocalityCounties]:
        """Which counties each locality covers."""
        from accord.adapters.pricefiles import pfs

        return pfs.read_locality_counties(path)

    def read_zip_localities(self, path: Path) -> Iterator[tuple[str, str, str]]:
        """(ZIP5, state, locality key) of each ZIP code."""
        from accord.adapters.pricefiles import pfs

        return pfs.read_zip_localities(path)

    def read_zip_cbsa(self, path: Path) -> ZipCbsaTable:
        """HUD's ZIP → CBSA crosswalk saved as CSV."""
        from accord.adapters.market import regions

        return regions.read_zip_cbsa(path)

    def demo_fee_schedule(self) -> tuple[Path, Path, Path]:
        """The demo subset of CMS's 2025 files shipped in ``demo_pfs/`` (see its README)."""
        folder = Path(str(resources.files("accord.adapters.market") / "demo_pfs"))
        return (
            folder / "PPRRVU2025-demo.csv",
            folder / "GPCI2025-demo.csv",
            folder / "25LOCCO-demo.csv",
        )
