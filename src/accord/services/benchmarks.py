"""Use case: the market benchmark of each rate term of a negotiation, and the opening,
target and walk-away the engine recommends from it.

The benchmark source is a port (:class:`accord.domain.engine.BenchmarkSource`): the
market dataset in production, typed-in figures when there is no market data.
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.domain.engine import BenchmarkSource
from accord.domain.engine.advice import TermTargets, price_targets
from accord.domain.market.benchmark import Benchmark, percent_of_medicare
from accord.domain.negotiation import Negotiation, NegotiationKind
from accord.domain.offers import Side
from accord.domain.terms import Direction, Term
from accord.services.ports import UnitOfWork

__all__ = ["TermBenchmark", "benchmark_negotiation"]


@dataclass(frozen=True)
class TermBenchmark:
    """One priced term against its market."""

    term: Term
    region: str | None
    benchmark: Benchmark | None
    targets: TermTargets | None
    their_latest: float | None

    def pct_medicare(self, value: float | None) -> float | None:
        """``value`` as % of this term's Medicare amount (``None`` when either is unknown)."""
        medicare = self.benchmark.medicare if self.benchmark else None
        return percent_of_medicare(value, medicare)


def benchmark_negotiation(
    uow: UnitOfWork, negotiation_id: int, source: BenchmarkSource
) -> list[TermBenchmark]:
    """Benchmarks for every term that prices a billing code (rate per unit, per diem)."""
    with uow:
        negotiation = uow.negotiations.get(negotiation_id)
        provider = uow.organisations.get(_provider_side(negotiation))
    region = provider.state
    latest = negotiation.latest_offer(Side.THEIRS)
    rows = []
    for term in negotiation.terms:
        if not term.billing_code or not term.kind.is_money:
            continue
        bench = source.benchmark(term.billing_code, region=region)
        targets = None
        if bench is not None:
            targets = price_targets(
                higher_better=term.direction is Direction.HIGHER_BETTER,
                cost=None,
                batna=None,
                benchmark=bench,
            )
        theirs = latest.values.get(term.name) if latest is not None else None
        rows.append(
            TermBenchmark(
                term=term,
                region=region,
                benchmark=bench,
                targets=targets,
                their_latest=float(theirs) if isinstance(theirs, int | float) else None,
            )
        )
    return rows


def _provider_side(negotiation: Negotiation) -> int:
    """The organisation whose location prices the service: the practice in a contract
    negotiation, the provider or facility in a case manager's negotiation."""
    if negotiation.kind is NegotiationKind.CONTRACT_RATES:
        return negotiation.our_org_id
    return negotiation.counterparty_id
