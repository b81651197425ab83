"""The engine's analysis as plain data, in the shape of the API's ``AnalysisPublic``.

``accord analyze ID --json`` and ``accord analyze-scenario NAME --json`` print it, so a
script reads the same fields from the CLI as from ``GET /api/negotiations/{id}/analysis``.
"""

from __future__ import annotations

from typing import Any

from accord.domain.engine import NegotiationAnalysis
from accord.domain.engine.advice import NextOffer, package_targets
from accord.domain.engine.analysis import OfferPosition, ScenarioAnalysis
from accord.domain.engine.bargaining import BargainingPoint

__all__ = ["negotiation_analysis_data", "scenario_analysis_data"]


def _advice(n: NextOffer | None) -> dict[str, Any] | None:
    if n is None:
        return None
    return {"description": n.description, "ours": n.ours, "theirs": n.theirs, "reason": n.reason}


def _position(p: OfferPosition | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "description": p.description, "ours": p.ours, "theirs": p.theirs,
        "distance_to_frontier": p.distance_to_frontier, "distance_to_nash": p.distance_to_nash,
    }  # fmt: skip


def scenario_analysis_data(an: ScenarioAnalysis) -> dict[str, Any]:
    """ZOPA, per-term zones, bargaining points, package advice and MESOs of a scenario."""
    sc = an.scenario
    z = an.zopa

    def point(label: str, p: BargainingPoint | None) -> dict[str, Any]:
        if p is None:
            return {"label": label, "description": None, "ours": None, "theirs": None}
        return {"label": label, "description": sc.space.describe(p.index),
                "ours": p.ours, "theirs": p.theirs}  # fmt: skip

    advice = package_targets(an)
    return {
        "packages": sc.space.cardinality,
        "our_reservation": sc.ours.reservation,
        "their_reservation": sc.theirs.reservation,
        "their_preferences_estimated": sc.theirs.estimated,
        "zopa_exists": z.exists,
        "acceptable_packages": z.acceptable_outcomes,
        "best_shortfall": z.best_shortfall,
        "blocking_terms": list(z.blocking_terms),
        "terms": [
            {
                "term": t.term,
                "exists": t.exists,
                "low": t.low,
                "high": t.high,
                "conflict": t.conflict,
            }
            for t in z.terms
        ],
        "frontier_size": len(an.frontier),
        "points": [
            point("Nash", an.nash),
            point("Kalai–Smorodinsky", an.kalai_smorodinsky),
            point("max welfare", an.max_welfare),
        ],
        "opening": _advice(advice.opening),
        "target": _advice(advice.target),
        "walk_away": advice.walk_away.reason,
        "mesos": [
            {"label": "MESO", "description": m.description, "ours": m.ours, "theirs": m.theirs}
            for m in an.mesos
        ],
    }


def negotiation_analysis_data(result: NegotiationAnalysis) -> dict[str, Any]:
    """The analysis of a stored negotiation: the scenario's, plus offers and counterpart."""
    c = result.counterpart
    return {
        **scenario_analysis_data(result.analysis),
        "our_latest": _position(result.our_offers[-1] if result.our_offers else None),
        "their_latest": _position(result.their_offers[-1] if result.their_offers else None),
        "counterpart": {
            "offers": c.offers,
            "style": c.style,
            "confidence": c.confidence,
            "reasons": list(c.reasons),
            "concession_rate": c.concession_rate,
            "estimated_weights": dict(c.estimated_weights),
            "settlement_low": c.settlement_low,
            "settlement_high": c.settlement_high,
            "walk_away_signal": c.walk_away_signal,
            "mediation_signal": c.mediation_signal,
        },
        "next_offer": _advice(result.next_offer),
        "notes": list(result.notes),
    }
