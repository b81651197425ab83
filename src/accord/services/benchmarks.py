"""Use case: the market benchmark of each rate term of a negotiation, its Medicare amount
(from the fee schedule alone when there are no payer price files), and the opening,
target and walk-away the engine recommends from the market.

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
    medicare: float | None = None
    """Medicare's amount for the code in the region: from the fee schedule, even when no
    payer price file gives market percentiles (``benchmark`` is then ``None``)."""

    def pct_medicare(self, value: float | None) -> float | None:
        """``value`` as % of this term's Medicare amount (``None`` when either is unknown)."""
        return percent_of_medicare(value, self.medicare)

    @property
    def our_target(self) -> float | None:
        """Our target for the term, when it is a number."""
        value = self.term.target
        return (
            float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
        )


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
        medicare = bench.medicare if bench is not None else None
        if medicare is None:  # no market rates, or none priced: the fee schedule alone
            medicare = source.medicare(term.billing_code, region=region)
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
                medicare=medicare,
            )
        )
    return rows


def _provider_side(negotiation: Negotiation) -> int:
    """The organisation whose location prices the service: the practice in a contract
    negotiation, the provider or facility in a case manager's negotiation."""
    if negotiation.kind is NegotiationKind.CONTRACT_RATES:
        return negotiation.our_org_id
    return negotiation.counterparty_id
