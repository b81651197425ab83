from __future__ import annotations

import csv
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from accord.entrypoints.cli.app import main

ROOT = Path(__file__).resolve().parents[3]


def test_scenarios_lists_the_builtin_library(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    assert "snf-sca" in out and "pt-contract" in out


def test_analyze_scenario_prints_zopa_nash_and_mesos_and_writes_a_chart(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    chart = tmp_path / "space.svg"
    assert main(["analyze-scenario", "snf-sca", "--chart", str(chart)]) == 0
    out = capsys.readouterr().out
    for word in ("ZOPA", "Nash", "Kalai", "MESOs", "Pareto frontier"):
        assert word in out
    root = ET.parse(chart).getroot()
    assert root.tag.endswith("svg")


def test_rehearse_reads_moves_from_a_file_and_prints_a_debrief(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    moves = tmp_path / "moves.txt"
    moves.write_text(
        "# opening\nper_diem=400, days=18, therapy_included=yes\nper_diem=450\naccept\n"
    )
    code = main(["rehearse", "snf-sca", "--against", "conceder", "--moves", str(moves)])
    out = capsys.readouterr().out
    assert code == 0
    assert "Debrief" in out and "distance to the Nash point" in out
    assert "agreement after" in out


def test_rehearse_with_too_few_moves_fails_with_a_clear_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    moves = tmp_path / "moves.txt"
    moves.write_text("per_diem=350\n")
    code = main(["rehearse", "snf-sca", "--against", "hardball", "--moves", str(moves)])
    assert code == 2
    assert "moves ran out" in capsys.readouterr().err


def test_rehearse_rejects_an_offer_outside_a_range(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    moves = tmp_path / "moves.txt"
    moves.write_text("per_diem=900\n")
    code = main(["rehearse", "snf-sca", "--moves", str(moves)])
    assert code == 2
    assert "move.per_diem" in capsys.readouterr().err


def test_rehearse_with_an_unknown_style_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rehearse", "snf-sca", "--against", "pushover", "--moves", "-"]) == 2
    assert "unknown agent style" in capsys.readouterr().err


def test_unknown_scenario_is_not_found(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze-scenario", "no-such-scenario"]) == 3
    assert "no scenario" in capsys.readouterr().err


def test_tournament_prints_a_table_and_writes_csv(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_csv = tmp_path / "games.csv"
    code = main(
        ["tournament", "snf-sca", "los-extension", "--agents", "hardball,win-win",
         "--rounds", "15", "--csv", str(out_csv)]
    )  # fmt: skip
    assert code == 0
    assert "win-win" in capsys.readouterr().out
    rows = list(csv.DictReader(out_csv.open()))
    assert len(rows) == 2 * 2 * 2
    assert {"agent_a", "agent_b", "agreed", "distance_nash"} <= set(rows[0])


def test_rehearse_runs_as_a_subprocess_with_moves_on_stdin(tmp_path: Path) -> None:
    env = {**os.environ, "ACCORD_DATA_DIR": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "accord.entrypoints.cli.app", "rehearse", "los-extension",
         "--against", "win-win", "--opens", "them", "--moves", "-"],
        input="accept\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "Debrief" in proc.stdout
    assert "agreement after 1 rounds" in proc.stdout


def test_price_targets_explain_each_figure(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["price-targets", "--side", "receive", "--cost", "85",
            "--p25", "80", "--p50", "95", "--p75", "110"]  # fmt: skip
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "110.00" in out and "75th percentile" in out and "85.00" in out


def test_price_targets_need_all_three_percentiles(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["price-targets", "--side", "pay", "--p25", "80"]) == 2
    assert "--p25, --p50 and --p75" in capsys.readouterr().err


def test_rehearse_with_a_coach_suggests_each_move_and_reads_their_style(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    moves = tmp_path / "moves.txt"
    moves.write_text(
        "per_diem=400, days=18, therapy_included=yes\n" + "per_diem=400\n" * 4 + "walk\n"
    )
    code = main(
        ["rehearse", "snf-sca", "--against", "hardball", "--coach", "linear", "--moves", str(moves)]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "coach: offer" in out and "linear plan" in out
    assert "they read as hardball" in out
    assert "no agreement (walk away)" in out


def test_rehearsing_a_discounted_genius_domain_shows_the_discounted_utilities(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, shared_fixtures: Path
) -> None:
    moves = tmp_path / "moves.txt"
    moves.write_text("accept\n")
    laptop = shared_fixtures / "anac/y2011/Laptop"
    code = main(["rehearse", str(laptop), "--against", "conceder", "--opens", "them",
                 "--moves", str(moves)])  # fmt: skip
    out = " ".join(capsys.readouterr().out.split())
    assert code == 0
    assert "utility: you 0.73, them 1.00" in out
    # Laptop's profiles carry discount factors: accepting at once still costs a little.
    assert "discounted for the time it took (u·d^t at t=0.03): you 0.71, them 0.98" in out


def test_an_undiscounted_scenario_shows_no_discounted_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    moves = tmp_path / "moves.txt"
    moves.write_text("accept\n")
    code = main(["rehearse", "snf-sca", "--against", "conceder", "--opens", "them",
                 "--moves", str(moves)])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0 and "agreement after" in out and "discounted" not in out
