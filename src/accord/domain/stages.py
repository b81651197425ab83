"""The stages a negotiation moves through, and which moves are allowed.

preparing → goals agreed → bargaining → agreed | walked away | mediation;
mediation → bargaining | agreed. Walking away is possible from any open stage.
A closed negotiation (agreed, walked away) may be reopened into bargaining; the
reopening is recorded as such in the stage history.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from accord.errors import InvalidTransitionError

__all__ = ["Stage", "StageChange", "allowed_next", "check_transition", "natural_next"]


class Stage(enum.StrEnum):
    PREPARING = "preparing"
    GOALS_AGREED = "goals_agreed"
    BARGAINING = "bargaining"
    MEDIATION = "mediation"
    AGREED = "agreed"
    WALKED_AWAY = "walked_away"

    @property
    def is_closed(self) -> bool:
        return self in (Stage.AGREED, Stage.WALKED_AWAY)

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")

    @property
    def is_ending(self) -> bool:
        """Moves into these stages end the negotiation: they need a confirmed reason."""
        return self.is_closed


_FORWARD: dict[Stage, tuple[Stage, ...]] = {
    # Goals agreed is worth doing but not a gate: offers may come before it.
    Stage.PREPARING: (Stage.GOALS_AGREED, Stage.BARGAINING, Stage.WALKED_AWAY),
    Stage.GOALS_AGREED: (Stage.BARGAINING, Stage.WALKED_AWAY),
    Stage.BARGAINING: (Stage.AGREED, Stage.WALKED_AWAY, Stage.MEDIATION),
    Stage.MEDIATION: (Stage.BARGAINING, Stage.AGREED, Stage.WALKED_AWAY),
    Stage.AGREED: (),
    Stage.WALKED_AWAY: (),
}
_REOPEN: dict[Stage, tuple[Stage, ...]] = {
    Stage.AGREED: (Stage.BARGAINING,),
    Stage.WALKED_AWAY: (Stage.BARGAINING,),
}


@dataclass(eq=False)
class StageChange:
    """One move in a negotiation's stage history."""

    from_stage: Stage | None
    to_stage: Stage
    at: datetime
    reopened: bool = False
    note: str = ""
    id: int | None = None


def allowed_next(stage: Stage) -> tuple[Stage, ...]:
    """The stages reachable from ``stage`` (reopening included)."""
    return _FORWARD[stage] + _REOPEN.get(stage, ())


def natural_next(stage: Stage) -> Stage | None:
    """The move a user most likely wants next: forward, never walking away.

    preparing → goals agreed → bargaining → agreed; mediation → bargaining; a closed
    negotiation has none (reopening is a deliberate choice).
    """
    return {
        Stage.PREPARING: Stage.GOALS_AGREED,
        Stage.GOALS_AGREED: Stage.BARGAINING,
        Stage.BARGAINING: Stage.AGREED,
        Stage.MEDIATION: Stage.BARGAINING,
    }.get(stage)


def check_transition(current: Stage, target: Stage) -> bool:
    """Return True when the move reopens a closed negotiation; raise when it is not allowed."""
    if target in _FORWARD[current]:
        return False
    if target in _REOPEN.get(current, ()):
        return True
    options = ", ".join(s.value for s in allowed_next(current)) or "none (closed)"
    raise InvalidTransitionError(
        f"a negotiation cannot move from {current.value} to {target.value}; allowed next: {options}"
    )
