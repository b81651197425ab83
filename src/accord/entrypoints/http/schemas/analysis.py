"""The engine's analysis of a stored negotiation on the wire (``accord analyze ID``)."""

from __future__ import annotations

from pydantic import BaseModel

from accord.domain.engine import NegotiationAnalysis
from accord.services.analysis_data import negotiation_analysis_data
from accord.services.package_money import PackagePricer
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
        """The analysis (``services/analysis_data.py``'s shape); with ``pricer``, every
        package also in dollars."""
        return cls.model_validate(negotiation_analysis_data(result, situation, pricer))
