"""Advice: opening, target and walk-away values; the next offer; packages to propose.

Market benchmarks come through the :class:`BenchmarkSource` protocol (the market-data
capability implements it; until then :class:`StaticBenchmarks` holds figures the user
typed). Every recommendation carries a one-line reason a negotiator can repeat.

>>> b = Benchmark(p25=80.0, p50=95.0, p75=110.0, medicare=70.0)
>>> t = price_targets(higher_better=True, cost=85.0, batna=None, benchmark=b)
>>> t.opening.value, t.walk_away.value
(110.0, 85.0)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from accord.domain.engine.analysis import ScenarioAnalysis
from accord.domain.engine.bargaining import BargainingPoint
from accord.domain.engine.limits import Crossing, limits_of
from accord.domain.engine.meso import Meso, mesos
from accord.domain.engine.scenario import Scenario
from accord.domain.engine.values import FloatArray
from accord.domain.market.benchmark import Benchmark
from accord.errors import ValidationError

__all__ = [
    "CONCESSION_PLANS",
    "BenchmarkSource",
    "NextOffer",
    "PackageTargets",
    "Recommendation",
    "ReferencePoint",
    "StaticBenchmarks",
    "TermTargets",
    "next_offer",
    "package_targets",
    "packages_to_propose",
    "price_targets",
    "reference_points",
]

CONCESSION_PLANS: dict[str, float | None] = {
    "boulware": 0.2,
    "linear": 1.0,
    "conceder": 3.0,
    "tit-for-tat": None,
}
"""Concession plans: the time-dependent exponent, or None for reciprocal tit-for-tat."""


class BenchmarkSource(Protocol):
    """Where market benchmarks come from (the market-data capability implements it)."""

    def benchmark(self, billing_code: str, *, region: str | None = None) -> Benchmark | None:
        """Percentiles for a billing code (in a region), or None when unknown."""
        ...

    def medicare(self, billing_code: str, *, region: str | None = None) -> float | None:
        """Medicare's amount for a billing code (in a region's locality), or None when
        unknown; known from a fee schedule alone, with no market percentiles."""
        ...


@dataclass(frozen=True, slots=True)
class StaticBenchmarks:
    """Benchmarks typed in by the user, by billing code."""

    figures: Mapping[str, Benchmark]

    def benchmark(self, billing_code: str, *, region: str | None = None) -> Benchmark | None:
        """The figure given for ``billing_code`` (region ignored)."""
        del region
        return self.figures.get(billing_code)

    def medicare(self, billing_code: str, *, region: str | None = None) -> float | None:
        """The Medicare amount given with ``billing_code``'s figure (region ignored)."""
        figure = self.benchmark(billing_code, region=region)
        return figure.medicare if figure is not None else None


@dataclass(frozen=True, slots=True)
class Recommendation:
    """A recommended value with the reason for it."""

    value: float
    reason: str


@dataclass(frozen=True, slots=True)
class TermTargets:
    """Opening, target and walk-away for one price term."""

    opening: Recommendation
    target: Recommendation
    walk_away: Recommendation


def price_targets(
    *,
    higher_better: bool,
    cost: float | None,
    batna: float | None,
    benchmark: Benchmark | None,
) -> TermTargets:
    """Opening, target and walk-away for a price from costs, BATNA and the market.

    ``higher_better`` is the provider's view (a rate we receive); otherwise we pay it.
    ``batna`` is the price of our best alternative (the rate another payer pays us, or
    what the out-of-network alternative would cost us).
    """
    if benchmark is None and cost is None and batna is None:
        raise ValidationError("need at least one of cost, BATNA or a market benchmark")
    if benchmark is not None and not benchmark.p25 <= benchmark.p50 <= benchmark.p75:
        raise ValidationError("percentiles must satisfy P25 ≤ P50 ≤ P75", field="benchmark")
    if higher_better:
        floor_parts = [x for x in (cost, batna) if x is not None]
        floor = max(floor_parts) if floor_parts else None
        if benchmark is not None:
            walk = (
                Recommendation(floor, "below this you lose money or do better with your BATNA")
                if floor is not None
                else Recommendation(benchmark.p25, "below the market's 25th percentile")
            )
            target_value = max(benchmark.p50, floor or benchmark.p50)
            target = Recommendation(target_value, "the market median, at least your floor")
            opening = Recommendation(
                max(benchmark.p75, target_value),
                "the market's 75th percentile: ambitious yet defensible with data",
            )
        else:
            assert floor is not None
            walk = Recommendation(floor, "your cost or BATNA, whichever is higher")
            target = Recommendation(floor * 1.15, "15% above your floor (no market data)")
            opening = Recommendation(floor * 1.3, "30% above your floor (no market data)")
        return TermTargets(opening, target, walk)
    ceil_parts = [x for x in (batna,) if x is not None]
    ceiling = min(ceil_parts) if ceil_parts else None
    if benchmark is not None:
        walk = (
            Recommendation(ceiling, "above this your BATNA is cheaper")
            if ceiling is not None
            else Recommendation(benchmark.p75, "above the market's 75th percentile")
        )
        target_value = min(benchmark.p50, ceiling if ceiling is not None else benchmark.p50)
        target = Recommendation(target_value, "the market median, at most your BATNA")
        low = benchmark.p25
        reason = "the market's 25th percentile"
        if benchmark.medicare is not None and benchmark.medicare > low:
            low, reason = benchmark.medicare, "the Medicare amount (the market's floor here)"
        opening = Recommendation(min(low, target_value), reason)
    else:
        base = ceiling if ceiling is not None else cost
        assert base is not None
        walk = Recommendation(base, "your BATNA's price")
        target = Recommendation(base * 0.85, "15% below your BATNA (no market data)")
        opening = Recommendation(base * 0.7, "30% below your BATNA (no market data)")
    return TermTargets(opening, target, walk)


@dataclass(frozen=True, slots=True)
class NextOffer:
    """The package to offer next, with utilities and the reason."""

    index: int
    description: str
    ours: float
    theirs: float
    reason: str


def next_offer(
    scenario: Scenario,
    our_offers: Sequence[int],
    their_offers: Sequence[int],
    *,
    t: float,
    plan: str = "boulware",
    window: float = 0.04,
) -> NextOffer:
    """Our next package under a concession plan at relative time ``t`` (0–1).

    The plan fixes how much utility we keep; among packages worth that much to us and
    within every walk-away of ours, the one best for them (declared or estimated) is
    chosen.
    """
    if plan not in CONCESSION_PLANS:
        raise ValidationError(
            f"unknown concession plan {plan!r} (choose from {', '.join(CONCESSION_PLANS)})",
            field="plan",
        )
    if not 0.0 <= t <= 1.0:
        raise ValidationError("time must lie in [0, 1]", field="t")
    u1, u2 = scenario.our_utilities, scenario.their_utilities
    limits = limits_of(scenario)
    ok = limits.mask() if limits.declared else np.ones(u1.shape[0], dtype=bool)
    best = float(u1[ok].max())
    floor = max(scenario.ours.reservation, float(u1[ok].min()))
    target, reason = _plan_target(plan, t, u1, floor, best, our_offers, their_offers)
    target = min(max(target, floor), best)
    if our_offers and target > float(u1[our_offers[-1]]):
        # never retreat: asking for more than last time reads as bad faith
        target = float(u1[our_offers[-1]])
        reason += f", capped at our last offer's {target:.2f} (never retreat)"
    upper = target + window
    if our_offers:
        upper = min(upper, max(target, float(u1[our_offers[-1]])))
    band = np.flatnonzero((u1 >= target - 1e-12) & (u1 <= upper + 1e-12) & ok)
    if band.size == 0:
        band = np.flatnonzero((u1 >= target - 1e-12) & ok)
    if band.size == 0:  # our last offer crossed a limit: the best within them
        band = np.flatnonzero(ok & (u1 >= float(u1[ok].max()) - 1e-12))
    i = int(band[np.argmax(u2[band] + 1e-6 * u1[band])])
    return NextOffer(
        i,
        scenario.space.describe(i),
        float(u1[i]),
        float(u2[i]),
        reason
        + "; of the packages worth that to us"
        + (" and within your walk-aways" if limits.declared else "")
        + " it is the best for them",
    )


def _plan_target(
    plan: str,
    t: float,
    u1: FloatArray,
    floor: float,
    best: float,
    our_offers: Sequence[int],
    their_offers: Sequence[int],
) -> tuple[float, str]:
    """(the utility the plan keeps for us at ``t``, why), before the limits apply."""
    exponent = CONCESSION_PLANS[plan]
    if exponent is not None:
        target = floor + (best - floor) * (1.0 - float(t ** (1.0 / exponent)))
        return target, f"{plan} plan at {t:.0%} of the time keeps {target:.2f} of our utility"
    if len(their_offers) >= 2 and our_offers:
        gave = float(u1[their_offers[-1]] - u1[their_offers[-2]])
        target = float(u1[our_offers[-1]]) - max(gave, 0.0)
        return target, f"tit-for-tat: they conceded {max(gave, 0.0):.2f}, so we concede as much"
    target = float(u1[our_offers[-1]]) if our_offers else best
    return target, "tit-for-tat: no concession from them yet, so we hold"


def packages_to_propose(scenario: Scenario, target: float, *, k: int = 3) -> tuple[Meso, ...]:
    """MESOs at our target utility: equal for us, as different as possible for them."""
    return mesos(scenario, target, k=k)


@dataclass(frozen=True, slots=True)
class PackageTargets:
    """Opening package, target package and walk-away utility for a whole scenario.

    Both packages lie within every walk-away of ours; ``conflict`` says in words why
    there is none (naming the terms in conflict) when no package within our limits
    can be advised.
    """

    opening: NextOffer | None
    target: NextOffer | None
    walk_away: Recommendation
    conflict: str | None = None


@dataclass(frozen=True, slots=True)
class ReferencePoint:
    """A bargaining solution shown for reference, flagged when it crosses our limits."""

    label: str
    point: BargainingPoint | None
    crossings: tuple[Crossing, ...]

    @property
    def flag(self) -> str | None:
        """``beyond your walk-away on visit_cap 20 (your walk-away 24)``, or None."""
        if not self.crossings:
            return None
        return "beyond your walk-away on " + ", ".join(c.text for c in self.crossings)


def reference_points(analysis: ScenarioAnalysis) -> tuple[ReferencePoint, ...]:
    """Nash, Kalai–Smorodinsky and maximum welfare over every package, each with the
    terms on which it crosses one of our walk-aways."""
    limits = analysis.limits
    return tuple(
        ReferencePoint(label, p, limits.crossings(p.index) if p is not None else ())
        for label, p in (
            ("Nash", analysis.nash),
            ("Kalai–Smorodinsky", analysis.kalai_smorodinsky),
            ("max welfare", analysis.max_welfare),
        )
    )


def package_targets(analysis: ScenarioAnalysis, *, margin: float = 0.05) -> PackageTargets:
    """Where to open, what to aim for and when to walk away, in packages.

    Among the packages within every walk-away of ours: open with the frontier package
    best for us that still clears their reservation value by ``margin`` (ambitious but
    credible); aim for the Nash point of those packages; walk away below our
    reservation value (our BATNA).
    """
    sc = analysis.scenario
    fr = analysis.within_frontier
    r1, r2 = sc.ours.reservation, sc.theirs.reservation
    walk = Recommendation(
        r1, f"below {r1:.2f} our BATNA is better" + (f" ({sc.ours.batna})" if sc.ours.batna else "")
    )
    n = analysis.within_nash
    if n is None:
        return PackageTargets(None, None, walk, _conflict(analysis))
    split = [t.term for t in analysis.zopa.terms if t.exists is False]
    ok = np.flatnonzero((fr.theirs >= r2 + margin) & (fr.ours >= r1))
    k = int(ok[np.argmax(fr.ours[ok])]) if ok.size else int(np.argmax(fr.ours))
    i = int(fr.indices[k])
    limited = analysis.limits.declared
    within = " within your walk-aways" if limited else ""
    opening = NextOffer(
        i,
        sc.space.describe(i),
        float(fr.ours[k]),
        float(fr.theirs[k]),
        f"the best frontier package for us{within} that still beats their BATNA: "
        "ambitious yet credible",
    )
    reason = "the Nash point: the split that maximises both sides' gains over their BATNAs"
    if limited:
        reason = (
            "the fair split within your walk-aways (the Nash point of the packages that "
            "respect every limit of yours)"
        )
    if split:  # their stated limit and ours do not meet: no fair split to aim for
        return PackageTargets(opening, None, walk, _conflict(analysis))
    target = NextOffer(n.index, sc.space.describe(n.index), n.ours, n.theirs, reason)
    return PackageTargets(opening, target, walk)


def _conflict(analysis: ScenarioAnalysis) -> str:
    """Why no package within our limits can be advised, naming the terms in conflict."""
    z = analysis.zopa
    sc = analysis.scenario
    split = []
    for i, t in enumerate(sc.space.terms):
        ours, theirs = sc.ours.walk_away.get(t.name), sc.theirs.walk_away.get(t.name)
        if ours is not None and theirs is not None and not z.terms[i].exists:
            split.append(f"{t.shown} (your walk-away {t.label(ours)}, theirs {t.label(theirs)})")
    if split:
        return (
            "no package is within your walk-away and their stated walk-away on "
            + ", ".join(split)
            + ": one of you must move there, or turn to your BATNA"
        )
    shown = {t.name: t.shown for t in sc.space.terms}
    terms = ", ".join(shown.get(name, name) for name in z.blocking_terms) or "every term"
    if analysis.limits.declared:
        return (
            "no package within your walk-aways is acceptable to them as far as we know; "
            f"in conflict: {terms}. Revisit a walk-away or their stated limits, or turn to "
            "your BATNA"
        )
    return (
        f"no package beats both sides' BATNAs; in conflict: {terms}. "
        "Revisit the reservation values or turn to your BATNA"
    )
