"""What ``accord demo`` and ``accord serve --demo`` say about the demo's market data."""

from __future__ import annotations

from accord.domain.counts import counted
from accord.entrypoints.cli.context import console
from accord.services.demo_economics import DemoEconomics
from accord.services.market_pfs import PfsLoadResult

__all__ = ["demo_market_note"]


def demo_market_note(loaded: PfsLoadResult | None) -> None:
    """One line on the demo fee schedule: loaded now, or a fee schedule already there."""
    if loaded is None:
        console.print("market data: the fee schedule already loaded is kept")
        return
    console.print(
        f"market data: demo Medicare fee schedule {loaded.year} loaded ({loaded.codes} "
        "therapy codes, Montana and national); load CMS's full files with `accord market pfs`",
        soft_wrap=True,
    )


def demo_economics_note(loaded: DemoEconomics) -> None:
    """Say what the demo practice's remittances and contracts added, in one line."""
    if loaded.files or loaded.contracts:
        console.print(
            f"demo practice economics: {counted(loaded.files, 'remittance file')}, "
            f"{counted(loaded.lines, 'service line')}, {counted(loaded.contracts, 'contract')} — "
            "see `accord underpayments`, "
            "`accord payer scorecard` and `accord contract model`",
            soft_wrap=True, markup=False, highlight=False,
        )  # fmt: skip
    else:
        console.print("demo practice economics: already loaded", soft_wrap=True)
