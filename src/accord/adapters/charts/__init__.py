"""Charts rendered by Accord itself (no plotting library needed)."""

from __future__ import annotations

from accord.adapters.charts.outcome_space import outcome_space_svg, write_outcome_space_svg

__all__ = ["outcome_space_svg", "write_outcome_space_svg"]
