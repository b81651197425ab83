"""The built-in library and the scenario readers, as the services' ``ScenarioLibrary``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accord.domain.engine.scenario import Scenario

__all__ = ["ScenarioFiles"]

# The readers (YAML, Genius XML) and the engine are imported when a scenario is read,
# not when bootstrap() builds this object.


class ScenarioFiles:
    """Scenarios from Accord's library (YAML shipped in the package) and from files."""

    def names(self) -> list[str]:
        """Names of the built-in scenarios, sorted."""
        from accord.adapters.scenarios.library import builtin_names

        return builtin_names()

    def builtin(self, name: str) -> Scenario:
        """One built-in scenario (NotFoundError for an unknown name)."""
        from accord.adapters.scenarios.library import load_builtin

        return load_builtin(name)

    def load(self, path: Path) -> Scenario:
        """A scenario file (YAML/JSON) or a Genius domain folder."""
        from accord.adapters.scenarios.reader import load_scenario

        return load_scenario(path)
