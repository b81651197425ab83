"""The built-in library of healthcare scenarios (YAML files shipped with Accord)."""

from __future__ import annotations

from importlib import resources

from accord.adapters.scenarios.reader import parse_scenario
from accord.domain.engine.scenario import Scenario
from accord.errors import InputFileError, NotFoundError, ValidationError

__all__ = ["builtin_names", "builtin_scenarios", "load_builtin"]


def builtin_names() -> list[str]:
    """Names of the built-in scenarios (file stems), sorted."""
    folder = resources.files("accord.adapters.scenarios") / "library"
    return sorted(f.name[: -len(".yaml")] for f in folder.iterdir() if f.name.endswith(".yaml"))


def load_builtin(name: str) -> Scenario:
    """One built-in scenario by name."""
    import yaml

    if name not in builtin_names():
        raise NotFoundError(
            f"no built-in scenario {name!r} (available: {', '.join(builtin_names())})"
        )
    res = resources.files("accord.adapters.scenarios") / "library" / f"{name}.yaml"
    try:
        return parse_scenario(yaml.safe_load(res.read_text(encoding="utf-8")), default_name=name)
    except ValidationError as exc:
        raise InputFileError(exc.message, path=f"library/{name}.yaml") from exc


def builtin_scenarios() -> list[Scenario]:
    """Every built-in scenario."""
    return [load_builtin(n) for n in builtin_names()]
