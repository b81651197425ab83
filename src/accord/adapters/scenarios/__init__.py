"""Scenario files: Accord's YAML/JSON format, Genius XML domains, the built-in library."""

from __future__ import annotations

from accord.adapters.scenarios.genius import load_genius_domain
from accord.adapters.scenarios.library import builtin_scenarios, load_builtin
from accord.adapters.scenarios.reader import load_scenario, parse_scenario

__all__ = [
    "builtin_scenarios",
    "load_builtin",
    "load_genius_domain",
    "load_scenario",
    "parse_scenario",
]
