"""Medicare amounts for the stored worklist and scorecard come from the market's loaded
fee schedule: % of Medicare rates price, the MPPR splits, the scorecard shows paid as a
share of Medicare."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from accord.adapters.contracts.medicare_prices import PfsMedicarePrices
from accord.adapters.market.medicare_prices import MarketMedicarePrices
from accord.bootstrap import Accord
from accord.services import contract_store, scorecards
from accord.services import underpayment_worklist as worklist
from accord.services.demo_economics import load_demo_economics
from accord.services.demo_market import load_demo_market
from accord.services.market_pfs import load_pfs


def test_market_prices_equal_cms_files_priced_directly(
    sqlite_accord: Accord, shared_fixtures: Path
) -> None:
    """The market's stored schedule gives the same amount and PE part as the RVU file."""
    app, pfs = sqlite_accord, shared_fixtures / "pfs"
    assert app.medicare_prices.price("97110", "", 2025) is None  # nothing loaded yet
    before = app.medicare_prices.fingerprint
    load_pfs(app.market, app.reference_files, pfs / "PPRRVU2025_Oct-subset.csv",
             pfs / "GPCI2025.csv", pfs / "25LOCCO.csv")  # fmt: skip
    assert app.medicare_prices.fingerprint != before  # the read model prices again
    direct = PfsMedicarePrices(pfs / "PPRRVU2025_Oct-subset.csv", pfs / "GPCI2025.csv")
    for code in ("97110", "97140", "97530", "G0283"):
        ours, theirs = app.medicare_prices.price(code, "", 2025), direct.price(code, "", 2025)
        assert ours is not None and theirs is not None
        assert (ours.total, ours.therapy_reduction) == (theirs.total, theirs.therapy_reduction)
        assert abs(ours.practice_expense - theirs.practice_expense) < Decimal("0.000001")
    assert app.medicare_prices.price("97110", "", 2024) is None
    assert isinstance(app.medicare_prices, MarketMedicarePrices)


def test_the_demo_scorecard_shows_paid_as_a_share_of_medicare_and_percent_rates_price(
    accord: Accord, tmp_path: Path
) -> None:
    app = accord
    uow = app.store.unit_of_work
    load_demo_market(app.market, app.reference_files)
    load_demo_economics(uow, app.remittance_reader, app.clock, app.demo_remittances)
    card = scorecards.payer_scorecard(uow, app.medicare_prices)
    shares = {s.payer: s.medicare_share for s in card.payers}
    assert all(v is not None and Decimal("0.5") < v < Decimal(3) for v in shares.values()), shares
    row = scorecards.scorecard_rows(card)[0]
    assert row["percent_of_medicare"] != ""
    # a new 250% of Medicare contract with the MPPR, priced from the market's 2025 amounts
    path = tmp_path / "pom.csv"
    path.write_text(
        "payer,effective_date,units_policy,mppr,code,basis,rate,medicare_year\n"
        + "".join(
            f"DEMO BLUE PLAN,2026-01-01,per-code,yes,{code},percent_of_medicare,250,2025\n"
            for code in ("97110", "97112", "97116", "97140", "97530")
        ),
        encoding="utf-8",
    )
    w0 = worklist.underpayment_worklist(uow, app.medicare_prices)
    contract_store.import_contract_file(uow, app.contract_files, app.clock, path)
    w = worklist.underpayment_worklist(uow, app.medicare_prices)
    assert "no Medicare amount" not in w.unpriced
    assert w.priced >= w0.priced
    # DEMO BLUE PLAN pays 62% of charges, about twice Medicare: below 250%, flagged
    assert any(g.group.payer == "DEMO BLUE PLAN" for g in w.groups)
    blue = next(s for s in card.payers if s.payer == "DEMO BLUE PLAN")
    assert blue.medicare_share is not None and blue.medicare_share < Decimal("2.5")
