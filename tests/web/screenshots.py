"""Screenshots of the main pages with the demo data, into docs/screenshots/.

Run with ``bash scripts/screenshots`` (needs Debian's chromium).
"""

from __future__ import annotations

import sys
import tempfile
from decimal import Decimal
from pathlib import Path

from playwright.sync_api import sync_playwright

from accord.bootstrap import Accord, bootstrap
from accord.config import Settings
from accord.domain.agreements import SoftSaving, SoftSavingCategory
from accord.services import agreements, demo
from tests.web.server import CHROMIUM_ARGS, chromium_path, live_server

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
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
        accord = bootstrap(Settings(data_dir=Path(tmp)))
        sca, rates = demo.load_demo(accord.store.unit_of_work, accord.clock.now())
        with live_server(accord) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
            for width, suffix in ((1366, ""), (820, "-tablet")):
                page = browser.new_page(viewport={"width": width, "height": 900})
                for name, path in PAGES.items():
                    if suffix and name not in ("pipeline", "workspace-rates"):
                        continue
                    if name == "outcomes" and not suffix:
                        agree_sca(accord, sca)
                    page.goto(base + path.format(sca=sca, rates=rates))
                    target = OUT / f"{name}{suffix}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(f"wrote {target.relative_to(OUT.parents[1])}")
                page.close()
            browser.close()
        accord.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
