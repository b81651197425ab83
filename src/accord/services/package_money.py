"""Use case: what a package is worth in dollars for this negotiation, term by term.

Every view that shows a package (an offer, the advised opening, target and next offer,
the MESOs, the brief) prices it here, once: the episode cost and saving of a case, or the
yearly revenue and change of a rate negotiation (:mod:`accord.domain.money`), each term
under its label with its value and, for a rate with a code, its % of Medicare::

    pricer = package_pricer(uow, negotiation_id, benchmark_source)
    priced = pricer.price({"per_diem": 690, "length_of_stay": 21, "therapy_included": True})
    priced.money.headline   # 'episode cost $14,490.00 · saving $4,230.00 against ...'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from accord.domain.engine import BenchmarkSource
from accord.domain.market.benchmark import percent_of_medicare
from accord.domain.money import PackageMoney, dollars, episode_cost, yearly_revenue
from accord.domain.negotiation import Negotiation
from accord.domain.offers import Side
from accord.domain.term_labels import term_label
from accord.domain.terms import Term, TermValue
from accord.services.benchmarks import benchmark_negotiation
from accord.services.market_benchmarks import MarketBenchmarkSource
from accord.services.market_ports import MarketData
from accord.services.ports import UnitOfWork

__all__ = [
    "PackagePricer",
    "PricedPackage",
    "PricedTerm",
    "market_pricer",
    "money_data",
    "package_pricer",
]


@dataclass(frozen=True, slots=True)
class PricedTerm:
    """One term of a package as a person reads it."""

    term: str
    label: str
    value: TermValue | None
    text: str
    pct_medicare: float | None
    within_limit: bool


@dataclass(frozen=True, slots=True)
class PricedPackage:
    """A package in dollars, with each term labelled and its % of Medicare."""

    money: PackageMoney
    terms: tuple[PricedTerm, ...]

    @property
    def within_limits(self) -> bool:
        """True when every term of the package respects our walk-away."""
        return all(t.within_limit for t in self.terms)


@dataclass(frozen=True)
class PackagePricer:
    """Prices packages of one negotiation (built by :func:`package_pricer`)."""

    negotiation: Negotiation
    medicare: Mapping[str, float]
    """Medicare's amount per rate term name, where the fee schedule knows the code."""
    potential_cost: Decimal | None
    potential_source: str
    """Where the potential cost comes from, in words (for a case-management kind)."""

    def label(self, name: str) -> str:
        """The label of a term by name (its name when the term is unknown)."""
        for term in self.negotiation.terms:
            if term.name == name:
                return term_label(term)
        return name

    def price(self, values: Mapping[str, TermValue]) -> PricedPackage:
        """``values`` (term name → value) in dollars and in words."""
        terms = self.negotiation.terms
        if self.negotiation.kind.is_case_management:
            money = episode_cost(terms, values, potential=self.potential_cost)
        else:
            money = yearly_revenue(terms, values)
        return PricedPackage(money, tuple(self._term(t, values) for t in terms
                                          if t.name in values))  # fmt: skip

    def _term(self, term: Term, values: Mapping[str, TermValue]) -> PricedTerm:
        value = values[term.name]
        number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
        try:
            within = term.is_within_walk_away(value)
        except (ValueError, TypeError):
            within = True  # a value the term cannot order is not ours to judge here
        return PricedTerm(
            term=term.name, label=term_label(term), value=value, text=term.format(value),
            pct_medicare=percent_of_medicare(float(number), self.medicare.get(term.name))
            if number is not None else None,
            within_limit=within,
        )  # fmt: skip

    def targets(self) -> PricedPackage | None:
        """Our target for every term, as one package in dollars (``None``: no targets)."""
        values = {t.name: t.target for t in self.negotiation.terms if t.target is not None}
        return self.price(values) if values else None

    def acceptance_hint(self) -> str | None:
        """ "Their offer is within all your limits: consider accepting", when it is (and
        the negotiation is still open); ``None`` otherwise."""
        n = self.negotiation
        latest = n.latest_offer(Side.THEIRS)
        if latest is None or n.stage.is_closed:
            return None
        open_terms = [t for t in n.terms if t.agreed_value is None]
        if any(t.name not in latest.values for t in open_terms):
            return None  # a partial offer leaves terms open: not a package to accept
        if not self.price(latest.values).within_limits:
            return None
        return "Their offer is within all your limits: consider accepting."


def package_pricer(uow: UnitOfWork, negotiation_id: int, source: BenchmarkSource) -> PackagePricer:
    """A pricer for the negotiation's packages, with Medicare amounts from ``source``."""
    rows = benchmark_negotiation(uow, negotiation_id, source)
    with uow:
        negotiation = uow.negotiations.get(negotiation_id)
    medicare = {r.term.name: r.medicare for r in rows if r.medicare is not None}
    potential, where = _potential_cost(negotiation)
    return PackagePricer(negotiation, medicare, potential, where)


def market_pricer(uow: UnitOfWork, negotiation_id: int, market: MarketData) -> PackagePricer:
    """A pricer whose Medicare amounts come from the loaded market data (fee schedule)."""
    with MarketBenchmarkSource(market) as source:
        return package_pricer(uow, negotiation_id, source)


def _potential_cost(negotiation: Negotiation) -> tuple[Decimal | None, str]:
    """The agreement's recorded potential cost, else the cost of their first ask: what
    the episode would have cost had we taken it (the usual case-management baseline)."""
    if not negotiation.kind.is_case_management:
        return None, ""
    agreement = negotiation.agreement
    if agreement is not None and agreement.potential_cost is not None:
        return agreement.potential_cost, "the potential cost recorded with the agreement"
    for offer in negotiation.offers:
        if offer.side is Side.THEIRS:
            first = episode_cost(negotiation.terms, offer.values, potential=None)
            if first.total is not None:
                working = "; ".join(line.working for line in first.lines)
                return first.total, f"their first ask, {working} = {dollars(first.total)}"
    return None, "no potential cost yet (their first offer sets it)"


def _amount(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def money_data(priced: PricedPackage) -> dict[str, Any]:
    """A priced package as plain data (the API's ``PackageMoneyPublic`` and ``--json``)."""
    m = priced.money
    return {
        "basis": m.basis, "total": _amount(m.total), "reference": _amount(m.reference),
        "difference": _amount(m.difference), "headline": m.headline, "notes": list(m.notes),
        "lines": [{"term": x.term, "label": x.label, "amount": float(x.amount),
                   "reference": _amount(x.reference), "working": x.working} for x in m.lines],
        "terms": [{"term": t.term, "label": t.label, "text": t.text,
                   "pct_medicare": t.pct_medicare, "within_limit": t.within_limit}
                  for t in priced.terms],
        "within_limits": priced.within_limits,
    }  # fmt: skip
