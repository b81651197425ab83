"""A scenario: the terms at stake and both sides' preferences.

A :class:`Scenario` comes from a scenario file (see ``accord.adapters.scenarios``),
a Genius XML domain, or a negotiation record (:mod:`accord.domain.engine.record`).
Our side's preferences are declared; the counterparty's are declared or estimated
(``theirs.estimated``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from accord.domain.engine.preferences import Preferences
from accord.domain.engine.space import OutcomeSpace
from accord.domain.engine.values import FloatArray
from accord.errors import ValidationError

__all__ = ["Scenario"]


@dataclass(frozen=True, eq=False)
class Scenario:
    """Terms, both sides' preferences and a default deadline in rounds."""

    name: str
    space: OutcomeSpace
    ours: Preferences
    theirs: Preferences
    description: str = ""
    our_label: str = "us"
    their_label: str = "them"
    deadline_rounds: int = 20
    tags: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        k = len(self.space.terms)
        for side, prefs in (("ours", self.ours), ("theirs", self.theirs)):
            if len(prefs.values) != k or prefs.weights.shape != (k,):
                raise ValidationError(
                    f"preferences do not cover the {k} terms", field=f"sides.{side}"
                )
            for t, v in zip(self.space.terms, prefs.values, strict=True):
                if v.shape != (t.size,):
                    raise ValidationError(
                        f"{v.shape[0]} values for {t.size} levels",
                        field=f"sides.{side}.values.{t.name}",
                    )
        if self.deadline_rounds < 1:
            raise ValidationError("deadline must be at least one round", field="deadline_rounds")

    @cached_property
    def our_utilities(self) -> FloatArray:
        """Our utility of every outcome."""
        return self.space.utilities(self.ours)

    @cached_property
    def their_utilities(self) -> FloatArray:
        """The counterparty's (declared or estimated) utility of every outcome."""
        return self.space.utilities(self.theirs)

    def swapped(self) -> Scenario:
        """The same scenario seen from the other side."""
        return Scenario(
            name=self.name,
            space=self.space,
            ours=self.theirs,
            theirs=self.ours,
            description=self.description,
            our_label=self.their_label,
            their_label=self.our_label,
            deadline_rounds=self.deadline_rounds,
            tags=self.tags,
        )
