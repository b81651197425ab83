"""The engine's analysis of a stored negotiation on the wire (``accord analyze ID``)."""

from __future__ import annotations

from pydantic import BaseModel

from accord.domain.engine import NegotiationAnalysis
from accord.domain.engine.advice import NextOffer, package_targets, reference_points
from accord.domain.engine.analysis import OfferPosition
from accord.domain.engine.scenario import Scenario
from accord.domain.offers import Side
from accord.services.package_money import PackagePricer, money_data
from accord.services.situation import Situation

__all__ = [
    "AdvicePublic",
    "AnalysisPublic",
    "CounterpartPublic",
    "MoneyLinePublic",
    "OfferPositionPublic",
    "PackageMoneyPublic",
    "PointPublic",
    "PricedTermPublic",
    "SituationPublic",
    "TermZonePublic",
    "TheirPriorityPublic",
]


TermValues = dict[str, str | float]
"""A package's value per term (``{"visit_cap": 24.0, "prior_auth": "no"}``)."""


def _values(sc: Scenario, index: int) -> TermValues:
    return sc.space.offer_of(index)


class MoneyLinePublic(BaseModel):
    """One priced part of a package (``$690.00/day × 21 days``), in dollars."""

    term: str
    label: str
    amount: float
    reference: float | None
    working: str


class PricedTermPublic(BaseModel):
    """A package's term under its label, with its % of Medicare when known."""

    term: str
    label: str
    text: str
    pct_medicare: float | None
    within_limit: bool


class PackageMoneyPublic(BaseModel):
    """A package in dollars. ``basis`` ``episode``: ``total`` is the episode cost,
    ``reference`` the potential cost, ``difference`` the saving. ``basis`` ``yearly``:
    ``total`` is the yearly revenue at the negotiation's volumes, ``reference`` the same
    at current rates, ``difference`` the change."""

    basis: str
    total: float | None
    reference: float | None
    difference: float | None
    headline: str
    notes: list[str]
    lines: list[MoneyLinePublic]
    terms: list[PricedTermPublic]
    within_limits: bool


def _money(pricer: PackagePricer | None, values: TermValues | None) -> PackageMoneyPublic | None:
    if pricer is None or values is None:
        return None
    return PackageMoneyPublic.model_validate(money_data(pricer.price(values)))


class PointPublic(BaseModel):
    """A package with its utility for us and for them (0..1).

    For a reference point (Nash, Kalai–Smorodinsky, max welfare) ``beyond_limits`` names
    the terms on which it crosses one of our walk-aways (empty when it crosses none).
    """

    label: str
    description: str | None
    values: TermValues | None = None
    ours: float | None
    theirs: float | None
    reference: bool = False
    beyond_limits: list[str] = []
    flag: str | None = None
    money: PackageMoneyPublic | None = None


class AdvicePublic(BaseModel):
    """An advised package: its values per term, both utilities and the reason."""

    description: str
    values: TermValues
    ours: float
    theirs: float
    reason: str
    money: PackageMoneyPublic | None = None

    @classmethod
    def of(cls, sc: Scenario, n: NextOffer, pricer: PackagePricer | None = None) -> AdvicePublic:
        values = _values(sc, n.index)
        return cls(description=n.description, values=values, ours=n.ours,
                   theirs=n.theirs, reason=n.reason, money=_money(pricer, values))  # fmt: skip


class TermZonePublic(BaseModel):
    term: str
    exists: bool | None
    low: str | None
    high: str | None
    conflict: float


class OfferPositionPublic(BaseModel):
    """An offer as made, with the grid package it was analysed as when that differs."""

    description: str
    snapped_to: str | None
    ours: float
    theirs: float
    distance_to_frontier: float
    distance_to_nash: float | None
    money: PackageMoneyPublic | None = None

    @classmethod
    def of(
        cls, p: OfferPosition, pricer: PackagePricer | None = None, side: Side = Side.OURS
    ) -> OfferPositionPublic:
        made = pricer.negotiation.latest_offer(side) if pricer is not None else None
        return cls(description=p.description, snapped_to=p.snapped_to, ours=p.ours,
                   theirs=p.theirs,
                   distance_to_frontier=p.distance_to_frontier,
                   distance_to_nash=p.distance_to_nash,
                   money=_money(pricer, dict(made.values)) if made else None)  # fmt: skip


class TheirPriorityPublic(BaseModel):
    """Their priority on a term: declared (1–5), read from their offers, and used."""

    term: str
    declared: int | None
    read_from_offers: float
    used: float


class SituationPublic(BaseModel):
    """The reading shared by every view: ZOPA state (yes / unproven / no) in words, the
    terms on which their latest offer is beyond our walk-away, any conflict."""

    zopa: str
    zopa_text: str
    their_latest_beyond: list[str]
    conflict: str | None


class CounterpartPublic(BaseModel):
    offers: int
    style: str
    confidence: float
    reasons: list[str]
    concession_rate: float
    estimated_weights: dict[str, float]
    settlement_low: float
    settlement_high: float
    walk_away_signal: str | None
    mediation_signal: str | None


class AnalysisPublic(BaseModel):
    """ZOPA, Pareto frontier, Nash and Kalai–Smorodinsky points, MESOs, where the latest
    offers lie, the counterpart's style and the advised next offer."""

    packages: int
    our_reservation: float
    their_reservation: float
    their_preferences_estimated: bool
    zopa_exists: bool
    acceptable_packages: int
    best_shortfall: float
    blocking_terms: list[str]
    terms: list[TermZonePublic]
    frontier_size: int
    disagreement_ours: float
    disagreement_theirs: float
    points: list[PointPublic]
    opening: AdvicePublic | None
    target: AdvicePublic | None
    conflict: str | None
    walk_away: str
    mesos: list[PointPublic]
    our_latest: OfferPositionPublic | None
    their_latest: OfferPositionPublic | None
    counterpart: CounterpartPublic
    their_priorities: list[TheirPriorityPublic]
    situation: SituationPublic | None
    next_offer: AdvicePublic
    notes: list[str]
    term_labels: dict[str, str] = {}
    """Each term's label by name (``rate_97110`` → ``97110 therapeutic exercise — …``)."""
    potential_source: str | None = None
    """Where a case's potential cost comes from, in words."""
    acceptance_hint: str | None = None
    """"Their offer is within all your limits: consider accepting", when it is."""

    @classmethod
    def of(
        cls, result: NegotiationAnalysis, situation: Situation | None = None,
        pricer: PackagePricer | None = None,
    ) -> AnalysisPublic:  # fmt: skip
        """The analysis; with ``pricer``, every package also in dollars."""
        an = result.analysis
        sc = an.scenario
        z = an.zopa

        points = [
            PointPublic(label=r.label, reference=True, description=None, ours=None, theirs=None)
            if r.point is None else
            PointPublic(label=r.label, reference=True, description=sc.space.describe(r.point.index),
                        values=_values(sc, r.point.index), ours=r.point.ours,
                        theirs=r.point.theirs, beyond_limits=[c.term for c in r.crossings],
                        flag=r.flag, money=_money(pricer, _values(sc, r.point.index)))
            for r in reference_points(an)
        ]  # fmt: skip
        advice = package_targets(an)
        c = result.counterpart
        return cls(
            packages=sc.space.cardinality, our_reservation=sc.ours.reservation,
            their_reservation=sc.theirs.reservation,
            their_preferences_estimated=sc.theirs.estimated, zopa_exists=z.exists,
            acceptable_packages=z.acceptable_outcomes, best_shortfall=z.best_shortfall,
            blocking_terms=list(z.blocking_terms),
            terms=[TermZonePublic(term=t.term, exists=t.exists, low=t.low, high=t.high,
                                  conflict=t.conflict) for t in z.terms],
            frontier_size=len(an.frontier),
            disagreement_ours=an.disagreement[0], disagreement_theirs=an.disagreement[1],
            points=points,
            opening=AdvicePublic.of(sc, advice.opening, pricer) if advice.opening else None,
            target=AdvicePublic.of(sc, advice.target, pricer) if advice.target else None,
            conflict=advice.conflict,
            walk_away=advice.walk_away.reason,
            mesos=[PointPublic(label="MESO", description=m.description,
                               values=_values(sc, m.index), ours=m.ours,
                               theirs=m.theirs, money=_money(pricer, _values(sc, m.index)))
                   for m in an.mesos],
            our_latest=OfferPositionPublic.of(result.our_offers[-1], pricer, Side.OURS)
            if result.our_offers else None,
            their_latest=OfferPositionPublic.of(result.their_offers[-1], pricer, Side.THEIRS)
            if result.their_offers else None,
            counterpart=CounterpartPublic(
                offers=c.offers, style=c.style, confidence=c.confidence,
                reasons=list(c.reasons), concession_rate=c.concession_rate,
                estimated_weights=dict(c.estimated_weights), settlement_low=c.settlement_low,
                settlement_high=c.settlement_high, walk_away_signal=c.walk_away_signal,
                mediation_signal=c.mediation_signal,
            ),
            their_priorities=[TheirPriorityPublic(term=p.term, declared=p.declared,
                                                  read_from_offers=p.read_from_offers,
                                                  used=p.used) for p in result.their_priorities],
            situation=SituationPublic(zopa=situation.zopa, zopa_text=situation.zopa_text,
                                      their_latest_beyond=list(situation.their_latest_beyond),
                                      conflict=situation.conflict) if situation else None,
            next_offer=AdvicePublic.of(sc, result.next_offer, pricer), notes=list(result.notes),
            term_labels={t.name: pricer.label(t.name) for t in pricer.negotiation.terms}
            if pricer else {},
            potential_source=pricer.potential_source or None if pricer else None,
            acceptance_hint=pricer.acceptance_hint() if pricer else None,
        )  # fmt: skip
