"""A rate term against its market, on the wire (the same data as ``accord benchmark``)."""

from __future__ import annotations

from pydantic import BaseModel

from accord.domain.engine.advice import Recommendation
from accord.domain.term_labels import term_label
from accord.services.benchmarks import TermBenchmark

__all__ = ["RecommendationPublic", "TermBenchmarkPublic"]


class RecommendationPublic(BaseModel):
    value: float
    reason: str


class TermBenchmarkPublic(BaseModel):
    term: str
    label: str = ""
    billing_code: str
    region: str | None
    p25: float | None
    p50: float | None
    p75: float | None
    medicare: float | None
    """From the loaded fee schedule, with or without market percentiles."""
    source: str | None
    their_latest: float | None
    their_latest_pct_medicare: float | None
    our_target: float | None
    our_target_pct_medicare: float | None
    opening: RecommendationPublic | None
    target: RecommendationPublic | None
    walk_away: RecommendationPublic | None

    @classmethod
    def of(cls, row: TermBenchmark) -> TermBenchmarkPublic:
        bench, targets, target = row.benchmark, row.targets, row.our_target

        def rec(r: Recommendation) -> RecommendationPublic:
            return RecommendationPublic(value=r.value, reason=r.reason)

        return cls(
            term=row.term.name, label=term_label(row.term),
            billing_code=row.term.billing_code or "", region=row.region,
            p25=bench.p25 if bench else None, p50=bench.p50 if bench else None,
            p75=bench.p75 if bench else None, medicare=row.medicare,
            source=bench.source if bench else None, their_latest=row.their_latest,
            their_latest_pct_medicare=row.pct_medicare(row.their_latest),
            our_target=target, our_target_pct_medicare=row.pct_medicare(target),
            opening=rec(targets.opening) if targets else None,
            target=rec(targets.target) if targets else None,
            walk_away=rec(targets.walk_away) if targets else None,
        )  # fmt: skip
