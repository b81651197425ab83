"""The negotiation engine: preferences, analysis, counterpart model, advice, simulator.

Pure Python + numpy. The main entry points:

* :func:`analyze` — ZOPA, Pareto frontier, Nash / Kalai–Smorodinsky / max-welfare
  points and MESOs of a :class:`Scenario`;
* :func:`analyze_negotiation` — the same plus the counterpart model and the next offer,
  from a negotiation record's terms (:class:`TermSpec`) and offers (:class:`OfferSpec`);
* :func:`negotiate` / :func:`run_tournament` — the alternating-offers simulator.
"""

from __future__ import annotations

from accord.domain.engine.advice import (
    BenchmarkSource,
    StaticBenchmarks,
    next_offer,
    price_targets,
)
from accord.domain.engine.analysis import ScenarioAnalysis, analyze
from accord.domain.engine.opponent import CounterpartReading, read_counterpart
from accord.domain.engine.pareto import pareto_frontier
from accord.domain.engine.record import (
    NegotiationAnalysis,
    OfferSpec,
    TermSpec,
    analyze_negotiation,
    preferences_from_terms,
)
from accord.domain.engine.scenario import Scenario
from accord.domain.engine.simulator import NegotiationResult, negotiate
from accord.domain.engine.tournament import AGENT_STYLES, run_tournament

__all__ = [
    "AGENT_STYLES",
    "BenchmarkSource",
    "CounterpartReading",
    "NegotiationAnalysis",
    "NegotiationResult",
    "OfferSpec",
    "Scenario",
    "ScenarioAnalysis",
    "StaticBenchmarks",
    "TermSpec",
    "analyze",
    "analyze_negotiation",
    "negotiate",
    "next_offer",
    "pareto_frontier",
    "preferences_from_terms",
    "price_targets",
    "read_counterpart",
    "run_tournament",
]
