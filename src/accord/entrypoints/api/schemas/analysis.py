"""The engine's analysis of a stored negotiation on the wire (``accord analyze ID``)."""

from __future__ import annotations

from pydantic import BaseModel

from accord.domain.engine import NegotiationAnalysis
from accord.domain.engine.advice import NextOffer, package_targets
from accord.domain.engine.analysis import OfferPosition
from accord.domain.engine.bargaining import BargainingPoint

__all__ = [
    "AdvicePublic",
    "AnalysisPublic",
    "CounterpartPublic",
    "OfferPositionPublic",
    "PointPublic",
    "TermZonePublic",
]


class PointPublic(BaseModel):
    """A package with its utility for us and for them (0..1)."""

    label: str
    description: str | None
    ours: float | None
    theirs: float | None


class AdvicePublic(BaseModel):
    description: str
    ours: float
    theirs: float
    reason: str

    @classmethod
    def of(cls, n: NextOffer) -> AdvicePublic:
        return cls(description=n.description, ours=n.ours, theirs=n.theirs, reason=n.reason)


class TermZonePublic(BaseModel):
    term: str
    exists: bool | None
    low: str | None
    high: str | None
    conflict: float


class OfferPositionPublic(BaseModel):
    description: str
    ours: float
    theirs: float
    distance_to_frontier: float
    distance_to_nash: float | None

    @classmethod
    def of(cls, p: OfferPosition) -> OfferPositionPublic:
        return cls(description=p.description, ours=p.ours, theirs=p.theirs,
                   distance_to_frontier=p.distance_to_frontier,
                   distance_to_nash=p.distance_to_nash)  # fmt: skip


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
    points: list[PointPublic]
    opening: AdvicePublic | None
    target: AdvicePublic | None
    walk_away: str
    mesos: list[PointPublic]
    our_latest: OfferPositionPublic | None
    their_latest: OfferPositionPublic | None
    counterpart: CounterpartPublic
    next_offer: AdvicePublic
    notes: list[str]

    @classmethod
    def of(cls, result: NegotiationAnalysis) -> AnalysisPublic:
        an = result.analysis
        sc = an.scenario
        z = an.zopa

        def point(label: str, p: BargainingPoint | None) -> PointPublic:
            if p is None:
                return PointPublic(label=label, description=None, ours=None, theirs=None)
            return PointPublic(label=label, description=sc.space.describe(p.index),
                               ours=p.ours, theirs=p.theirs)  # fmt: skip

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
            points=[point("Nash", an.nash), point("Kalai–Smorodinsky", an.kalai_smorodinsky),
                    point("max welfare", an.max_welfare)],
            opening=AdvicePublic.of(advice.opening) if advice.opening else None,
            target=AdvicePublic.of(advice.target) if advice.target else None,
            walk_away=advice.walk_away.reason,
            mesos=[PointPublic(label="MESO", description=m.description, ours=m.ours,
                               theirs=m.theirs) for m in an.mesos],
            our_latest=OfferPositionPublic.of(result.our_offers[-1]) if result.our_offers
            else None,
            their_latest=OfferPositionPublic.of(result.their_offers[-1])
            if result.their_offers else None,
            counterpart=CounterpartPublic(
                offers=c.offers, style=c.style, confidence=c.confidence,
                reasons=list(c.reasons), concession_rate=c.concession_rate,
                estimated_weights=dict(c.estimated_weights), settlement_low=c.settlement_low,
                settlement_high=c.settlement_high, walk_away_signal=c.walk_away_signal,
                mediation_signal=c.mediation_signal,
            ),
            next_offer=AdvicePublic.of(result.next_offer), notes=list(result.notes),
        )  # fmt: skip
