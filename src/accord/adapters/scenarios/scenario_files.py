"""The built-in library and the scenario readers, as the services' ``ScenarioLibrary``."""

from __future__ import annotations

from pathlib import Path

from accord.adapters.scenarios.library import builtin_names, load_builtin
from accord.adapters.scenarios.reader import load_scenario
from accord.domain.engine.scenario import Scenario

__all__ = ["ScenarioFiles"]


class ScenarioFiles:
    """Scenarios from Accord's library (YAML shipped in the package) and from files."""

    def names(self) -> list[str]:
        """Names of the built-in scenarios, sorted."""
        return builtin_names()

    def builtin(self, name: str) -> Scenario:
        """One built-in scenario (NotFoundError for an unknown name)."""
        return load_builtin(name)

    def load(self, path: Path) -> Scenario:
        """A scenario file (YAML/JSON) or a Genius domain folder."""
        return load_scenario(path)
