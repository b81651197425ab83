"""Screenshots of the main pages with the demo data, into docs/screenshots/.

Run with ``bash scripts/screenshots`` (needs Debian's chromium).
"""

from __future__ import annotations

import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

from playwright.sync_api import sync_playwright

from accord.adapters.market.market_data import ParquetMarket
from accord.adapters.market.reference_files import CmsReferenceFiles
from accord.adapters.pricefiles.price_files import PriceFileReaders
from accord.adapters.scenarios.scenario_files import ScenarioFiles
from accord.bootstrap import Accord, bootstrap
from accord.config import Settings
from accord.domain.agreements import SoftSaving, SoftSavingCategory
from accord.services import agreements, demo
from accord.services.market import ingest_price_file, load_pfs
from accord.services.rehearsal import resolve_scenario
from accord.services.rehearsal_web import play_move, replay
from tests.conftest import SHARED_FIXTURES
from tests.entrypoints.server import CHROMIUM_ARGS, chromium_path, live_server
from tests.support.clock import FixedClock
from tests.support.pricefiles import tic_file

OUT = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
PAGES = {
    "pipeline": "/",
    "workspace-sca": "/negotiations/{sca}",
    "workspace-rates": "/negotiations/{rates}",
    "preparation": "/negotiations/{rates}/preparation",
    "analysis": "/negotiations/{rates}/analysis",
    "brief": "/negotiations/{sca}/brief",
    "contacts": "/contacts",
    "new-negotiation": "/negotiations/new",
    "outcomes": "/outcomes",
    "market": "/market?{market}",
    "rehearse": "/rehearse?{rehearse}",
    "rehearse-debrief": "/rehearse?{debrief}",
}
MARKET_QUERY = {"code": "97110", "region": "MT", "billing_class": "professional", "my_rate": "38"}
REHEARSAL = {"scenario": "snf-sca", "style": "conceder", "plan": "boulware"}


def build_market(market: Path, work: Path) -> None:
    """A small market: CMS's fee schedule (public sample files) and three payers' rates."""
    pfs = SHARED_FIXTURES / "pfs"
    if pfs.is_dir():
        load_pfs(ParquetMarket(market), CmsReferenceFiles(), pfs / "PPRRVU2025_Oct-subset.csv",
                 pfs / "GPCI2025.csv", pfs / "25LOCCO.csv")  # fmt: skip
    for payer, rates in (
        ("Big Sky Commercial", [30.0, 32.0, 34.0, 36.0, 38.0, 40.0, 42.0, 44.0, 46.0]),
        ("Prairie Health Plan", [33.0, 35.5, 37.0, 39.5, 41.0, 52.0]),
        ("Treasure State Mutual", [28.5, 29.0, 31.0, 33.5, 36.0]),
    ):
        path = tic_file(work / f"{payer.split()[0].lower()}.json", payer, rates)
        ingest_price_file(ParquetMarket(market), PriceFileReaders(), FixedClock(), path, state="MT")


def rehearsal_moves(until_end: bool) -> list[str]:
    """Moves of a rehearsal: three offers, then (to the end) accept an offer worth 0.6."""
    scenario = resolve_scenario(ScenarioFiles(), REHEARSAL["scenario"])
    style, plan = REHEARSAL["style"], REHEARSAL["plan"]
    moves: list[str] = []
    for typed in ("per_diem=600, days=24", "per_diem=575", "per_diem=550, days=22"):
        moves = play_move(scenario, style, moves, typed, plan=plan)
    while until_end:
        state = replay(scenario, style, moves, plan=plan)
        if state.waiting is None:
            break
        worth = state.waiting.our_utility_of_their_offer or 0.0
        moves = play_move(scenario, style, moves, "accept" if worth >= 0.6 else "", plan=plan)
    return moves


def addresses() -> dict[str, str]:
    """The query strings of the market and rehearsal screenshots."""
    return {
        "market": urlencode(MARKET_QUERY),
        "rehearse": urlencode(
            [*REHEARSAL.items(), *(("moves", m) for m in rehearsal_moves(False))]
        ),
        "debrief": urlencode([*REHEARSAL.items(), *(("moves", m) for m in rehearsal_moves(True))]),
    }


def agree_sca(accord: Accord, sca: int) -> None:
    """Close the demo SCA so that the outcomes page has something to show."""
    now = accord.clock.now()
    agreements.record_agreement(
        accord.store.unit_of_work(), now, sca,
        final_terms={"per_diem": 600, "length_of_stay": 18, "therapy_included": True},
        effective=now.date(), potential_cost=Decimal("52200"), actual_cost=Decimal("10800"),
        case_management_cost=Decimal("350"),
        soft_savings=[SoftSaving(SoftSavingCategory.AVOIDED_READMISSION, Decimal("4800"))],
    )  # fmt: skip


def main() -> int:
    chromium = chromium_path()
    if chromium is None:
        print("chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        market = Path(tmp) / "market"
        build_market(market, Path(tmp))
        accord = bootstrap(Settings(data_dir=Path(tmp), market_dir=market))
        extra = addresses()
        sca, rates = demo.load_demo(accord.store.unit_of_work, accord.clock.now())
        with live_server(accord) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
            for width, suffix in ((1366, ""), (820, "-tablet")):
                page = browser.new_page(viewport={"width": width, "height": 900})
                for name, path in PAGES.items():
                    if suffix and name not in ("pipeline", "workspace-rates", "market", "rehearse"):
                        continue
                    if name == "outcomes" and not suffix:
                        agree_sca(accord, sca)
                    page.goto(base + path.format(sca=sca, rates=rates, **extra))
                    target = OUT / f"{name}{suffix}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(f"wrote {target.relative_to(OUT.parents[1])}")
                page.close()
            browser.close()
        accord.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
