"""The demo's packages in dollars, on the real store (SQLite and PostgreSQL): the figures
below are worked out by hand from the demo's record."""

from __future__ import annotations

from decimal import Decimal

from accord.bootstrap import Accord
from accord.domain.engine import StaticBenchmarks
from accord.domain.market.benchmark import Benchmark
from accord.domain.offers import Side
from accord.services import activity, negotiations
from accord.services.demo import load_demo
from accord.services.package_money import money_data, package_pricer

# Typed-in Medicare amounts for two codes (the fee schedule's job in production).
MEDICARE = StaticBenchmarks({
    "97110": Benchmark(30.0, 35.0, 40.0, medicare=28.78),
    "97161": Benchmark(90.0, 100.0, 110.0, medicare=97.98),
})  # fmt: skip


def test_the_case_managers_offers_show_episode_cost_and_saving(accord: Accord) -> None:
    """Potential cost = their first ask: $780/day × 24 days = $18,720.
    Their latest: $690 × 21 = $14,490, saving $4,230; ours: $480 × 14 = $6,720, saving
    $12,000. Our targets: $560 × 18 = $10,080, saving $8,640."""
    snf, _ = load_demo(accord.store.unit_of_work, accord.clock.now())
    pricer = package_pricer(accord.store.unit_of_work(), snf, MEDICARE)
    assert pricer.potential_cost == Decimal("18720.00")
    assert pricer.potential_source == "their first ask, $780.00/day × 24 days = $18,720.00"
    n = pricer.negotiation
    theirs = pricer.price(n.latest_offer(Side.THEIRS).values)  # type: ignore[union-attr]
    ours = pricer.price(n.latest_offer(Side.OURS).values)  # type: ignore[union-attr]
    assert (theirs.money.total, theirs.money.difference) == (Decimal(14490), Decimal(4230))
    assert (ours.money.total, ours.money.difference) == (Decimal(6720), Decimal(12000))
    targets = pricer.targets()
    assert targets is not None
    assert (targets.money.total, targets.money.difference) == (Decimal(10080), Decimal(8640))
    # $690/day is beyond our $640 walk-away: no "consider accepting"
    assert not theirs.within_limits and pricer.acceptance_hint() is None


def test_the_practice_sees_yearly_revenue_change_and_percent_of_medicare(accord: Accord) -> None:
    """Their latest: 31×4,200 + 28×2,600 + 33.5×3,100 + 98×180 + 98×140 + 102×40
    = 130,200 + 72,800 + 103,850 + 17,640 + 13,720 + 4,080 = $342,290.
    Current: 29.6×4,200 + 27.2×2,600 + 32×3,100 + 95×180 + 95×140 + 99×40
    = 124,320 + 70,720 + 99,200 + 17,100 + 13,300 + 3,960 = $328,600; change +$13,690.
    97110 at $31 is 31 / 28.78 = 107.7% of Medicare."""
    _, pt = load_demo(accord.store.unit_of_work, accord.clock.now())
    pricer = package_pricer(accord.store.unit_of_work(), pt, MEDICARE)
    latest = pricer.negotiation.latest_offer(Side.THEIRS)
    assert latest is not None
    data = money_data(pricer.price(latest.values))
    assert (data["basis"], data["total"], data["reference"], data["difference"]) == (
        "yearly",
        342290.0,
        328600.0,
        13690.0,
    )
    by_term = {t["term"]: t for t in data["terms"]}
    assert by_term["rate_97110"]["label"] == "97110 therapeutic exercise — rate per unit"
    assert by_term["rate_97110"]["pct_medicare"] == 107.7
    assert by_term["rate_97161"]["pct_medicare"] == 100.0  # 98 / 97.98
    assert by_term["rate_97140"]["pct_medicare"] is None  # no Medicare amount given
    assert not data["within_limits"]


def test_an_offer_within_every_limit_is_worth_considering(accord: Accord) -> None:
    snf, _ = load_demo(accord.store.unit_of_work, accord.clock.now())
    activity.record_offer(
        accord.store.unit_of_work(), accord.clock.now(), snf, side=Side.THEIRS,
        values={"per_diem": 600, "length_of_stay": 20, "therapy_included": True},
    )  # fmt: skip
    pricer = package_pricer(accord.store.unit_of_work(), snf, MEDICARE)
    assert pricer.acceptance_hint() == (
        "Their offer is within all your limits: consider accepting."
    )
    # $600 × 20 = $12,000: saving 18,720 − 12,000 = $6,720
    priced = pricer.price({"per_diem": 600, "length_of_stay": 20, "therapy_included": True})
    assert priced.money.difference == Decimal(6720)


def test_the_current_rate_and_volume_of_a_term_are_stored_and_revised(accord: Accord) -> None:
    _, pt = load_demo(accord.store.unit_of_work, accord.clock.now())
    negotiations.revise_term(accord.store.unit_of_work(), accord.clock.now(), pt, "rate_97110",
                             {"current": 30.25, "yearly_volume": 5000})  # fmt: skip
    term = negotiations.get_negotiation(accord.store.unit_of_work(), pt).term("rate_97110")
    assert (term.current, term.yearly_volume) == (30.25, 5000)
