"""The engine's analysis as plain data, in the shape of the API's ``AnalysisPublic``.

``accord analyze ID --json`` and ``accord analyze-scenario NAME --json`` print it, so a
script reads the same fields from the CLI as from ``GET /api/negotiations/{id}/analysis``
(a test compares the field names).
"""

from __future__ import annotations

from typing import Any

from accord.domain.engine import NegotiationAnalysis
from accord.domain.engine.advice import NextOffer, package_targets, reference_points
from accord.domain.engine.analysis import OfferPosition, ScenarioAnalysis
from accord.domain.engine.scenario import Scenario
from accord.domain.offers import Side
from accord.services.package_money import PackagePricer, money_data
from accord.services.situation import Situation

__all__ = ["negotiation_analysis_data", "scenario_analysis_data"]


def _money(pricer: PackagePricer | None, values: Any) -> dict[str, Any] | None:
    return None if pricer is None or values is None else money_data(pricer.price(values))


def _advice(
    sc: Scenario, n: NextOffer | None, pricer: PackagePricer | None = None
) -> dict[str, Any] | None:
    if n is None:
        return None
    values = sc.space.offer_of(n.index)
    return {"description": n.description, "values": values, "ours": n.ours,
            "theirs": n.theirs, "reason": n.reason, "money": _money(pricer, values)}  # fmt: skip


def _position(
    p: OfferPosition | None, pricer: PackagePricer | None, side: Side
) -> dict[str, Any] | None:
    if p is None:
        return None
    made = pricer.negotiation.latest_offer(side) if pricer is not None else None
    return {
        "description": p.description, "snapped_to": p.snapped_to, "ours": p.ours,
        "theirs": p.theirs, "distance_to_frontier": p.distance_to_frontier,
        "distance_to_nash": p.distance_to_nash,
        "money": _money(pricer, dict(made.values)) if made else None,
    }  # fmt: skip


def scenario_analysis_data(
    an: ScenarioAnalysis, pricer: PackagePricer | None = None
) -> dict[str, Any]:
    """ZOPA, per-term zones, reference points, package advice and MESOs of a scenario."""
    sc = an.scenario
    z = an.zopa
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
        "disagreement_ours": an.disagreement[0],
        "disagreement_theirs": an.disagreement[1],
        "points": _reference_points(an, pricer),
        "opening": _advice(sc, advice.opening, pricer),
        "target": _advice(sc, advice.target, pricer),
        "conflict": advice.conflict,
        "walk_away": advice.walk_away.reason,
        "mesos": _mesos(an, pricer),
    }


def _reference_points(an: ScenarioAnalysis, pricer: PackagePricer | None) -> list[dict[str, Any]]:
    """Nash, Kalai–Smorodinsky and the other reference points, with the limits they cross."""
    sc = an.scenario
    points = []
    for r in reference_points(an):
        point: dict[str, Any] = {
            "label": r.label, "reference": True, "description": None, "values": None,
            "ours": None, "theirs": None, "beyond_limits": [], "flag": None, "money": None,
        }  # fmt: skip
        if r.point is not None:
            point.update(
                description=sc.space.describe(r.point.index),
                values=sc.space.offer_of(r.point.index), ours=r.point.ours,
                theirs=r.point.theirs, beyond_limits=[c.term for c in r.crossings], flag=r.flag,
                money=_money(pricer, sc.space.offer_of(r.point.index)),
            )  # fmt: skip
        points.append(point)
    return points


def _mesos(an: ScenarioAnalysis, pricer: PackagePricer | None) -> list[dict[str, Any]]:
    """The win-win packages of equal value to us, in the shape of the reference points."""
    sc = an.scenario
    return [
        {
            "label": "MESO",
            "description": m.description,
            "values": sc.space.offer_of(m.index),
            "ours": m.ours,
            "theirs": m.theirs,
            "reference": False,
            "beyond_limits": [],
            "flag": None,
            "money": _money(pricer, sc.space.offer_of(m.index)),
        }
        for m in an.mesos
    ]


def negotiation_analysis_data(
    result: NegotiationAnalysis,
    situation: Situation | None = None,
    pricer: PackagePricer | None = None,
) -> dict[str, Any]:
    """The analysis of a stored negotiation: the scenario's, plus offers, counterpart,
    their priorities and the shared reading of the situation; with ``pricer``, every
    package also in dollars."""
    c = result.counterpart
    sc = result.analysis.scenario
    return {
        **scenario_analysis_data(result.analysis, pricer),
        "our_latest": _position(
            result.our_offers[-1] if result.our_offers else None, pricer, Side.OURS
        ),
        "their_latest": _position(
            result.their_offers[-1] if result.their_offers else None, pricer, Side.THEIRS
        ),
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
        "their_priorities": [
            {
                "term": p.term,
                "declared": p.declared,
                "read_from_offers": p.read_from_offers,
                "used": p.used,
            }
            for p in result.their_priorities
        ],
        "situation": None
        if situation is None
        else {
            "zopa": situation.zopa,
            "zopa_text": situation.zopa_text,
            "their_latest_beyond": list(situation.their_latest_beyond),
            "conflict": situation.conflict,
        },
        "next_offer": _advice(sc, result.next_offer, pricer),
        "notes": list(result.notes),
        "term_labels": {t.name: pricer.label(t.name) for t in pricer.negotiation.terms}
        if pricer
        else {},
        "potential_source": (pricer.potential_source or None) if pricer else None,
        "acceptance_hint": pricer.acceptance_hint() if pricer else None,
    }
