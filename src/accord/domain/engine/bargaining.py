"""Bargaining solutions on the frontier: Nash, Kalai–Smorodinsky, maximum welfare.

* **Nash bargaining point** — maximises the product of both sides' gains over their
  reservation values: ``(u_us − r_us) · (u_them − r_them)``. It is the classic "fair"
  split: neither side can gain a larger share without the other losing more.
* **Kalai–Smorodinsky point** — gives both sides the same fraction of their best
  possible gain (``(u − r) / (u_max − r)`` equal for both, maximised).
* **Maximum welfare** — the outcome with the largest sum of utilities.

All are searched among outcomes at or above both reservation values; ``None`` when
there is no such outcome (no ZOPA).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.domain.engine.pareto import Frontier
from accord.domain.engine.values import FloatArray

__all__ = ["BargainingPoint", "kalai_smorodinsky_point", "max_welfare_point", "nash_point"]


@dataclass(frozen=True, slots=True)
class BargainingPoint:
    """An outcome index with both sides' utilities."""

    index: int
    ours: float
    theirs: float

    def distance(self, ours: float, theirs: float) -> float:
        """Euclidean distance in utility space to another point."""
        return float(np.hypot(self.ours - ours, self.theirs - theirs))


def _feasible(
    frontier: Frontier, r1: float, r2: float
) -> np.ndarray[tuple[int], np.dtype[np.bool_]]:
    return (frontier.ours >= r1) & (frontier.theirs >= r2)


def _pick(
    frontier: Frontier, score: FloatArray, ok: np.ndarray[tuple[int], np.dtype[np.bool_]]
) -> BargainingPoint | None:
    if not ok.any():
        return None
    masked = np.where(ok, score, -np.inf)
    i = int(np.argmax(masked))
    return BargainingPoint(
        int(frontier.indices[i]), float(frontier.ours[i]), float(frontier.theirs[i])
    )


def nash_point(frontier: Frontier, r_ours: float, r_theirs: float) -> BargainingPoint | None:
    """The frontier outcome maximising the product of gains over reservation values."""
    ok = _feasible(frontier, r_ours, r_theirs)
    return _pick(frontier, (frontier.ours - r_ours) * (frontier.theirs - r_theirs), ok)


def kalai_smorodinsky_point(
    frontier: Frontier, r_ours: float, r_theirs: float
) -> BargainingPoint | None:
    """The frontier outcome maximising the smaller of both sides' relative gains."""
    ok = _feasible(frontier, r_ours, r_theirs)
    if not ok.any():
        return None
    span1 = max(float(frontier.ours[ok].max()) - r_ours, 1e-12)
    span2 = max(float(frontier.theirs[ok].max()) - r_theirs, 1e-12)
    rel = np.minimum((frontier.ours - r_ours) / span1, (frontier.theirs - r_theirs) / span2)
    return _pick(frontier, rel, ok)


def max_welfare_point(frontier: Frontier, r_ours: float, r_theirs: float) -> BargainingPoint | None:
    """The frontier outcome with the largest sum of utilities."""
    ok = _feasible(frontier, r_ours, r_theirs)
    return _pick(frontier, frontier.ours + frontier.theirs, ok)
