"""Where negotiation scenarios come from: the built-in library shipped with Accord and
scenario files (Accord's YAML/JSON, Genius XML folders)::

    accord.scenarios.names()                  # ["extra-contractual", "los-extension", ...]
    accord.scenarios.builtin("snf-sca")       # -> Scenario
    accord.scenarios.load(Path("my.yaml"))    # -> Scenario
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from accord.domain.engine.scenario import Scenario

__all__ = ["ScenarioLibrary"]


class ScenarioLibrary(Protocol):
    """The built-in scenarios and the readers of scenario files.

    A file that cannot be read is an :class:`~accord.errors.InputFileError` naming it.
    """

    def names(self) -> list[str]:
        """Names of the built-in scenarios, sorted."""
        ...

    def builtin(self, name: str) -> Scenario:
        """One built-in scenario (NotFoundError for an unknown name)."""
        ...

    def load(self, path: Path) -> Scenario:
        """A scenario file or a Genius domain folder."""
        ...
