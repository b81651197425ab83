"""Use case: run a tournament of engine agents on scenarios and export it as CSV."""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Sequence
from pathlib import Path

from accord.domain.engine.tournament import AGENT_STYLES, TournamentResult, run_tournament
from accord.errors import ValidationError
from accord.services.rehearsal import resolve_scenario
from accord.services.scenario_ports import ScenarioLibrary

__all__ = ["play_tournament", "write_games_csv"]


def play_tournament(
    library: ScenarioLibrary,
    scenario_refs: Sequence[str],
    styles: Sequence[str] = tuple(AGENT_STYLES),
    *,
    rounds: int | None = None,
    seconds: float | None = None,
) -> TournamentResult:
    """Every style against every style on every referenced scenario."""
    scenarios = [resolve_scenario(library, r) for r in scenario_refs]
    return run_tournament(scenarios, styles, rounds=rounds, seconds=seconds)


def write_games_csv(result: TournamentResult, path: Path) -> None:
    """One row per game (written to a temporary name, then renamed)."""
    if path.is_dir() or not path.parent.is_dir():
        raise ValidationError(f"cannot write {path}: name a file in an existing folder")
    tmp = path.with_name(path.name + ".tmp")
    fields = [f.name for f in dataclasses.fields(result.games[0])] if result.games else []
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        for g in result.games:
            writer.writerow(dataclasses.asdict(g))
    tmp.replace(path)
