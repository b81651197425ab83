"""A whole negotiation run from the command line, and its errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from accord.entrypoints.cli.context import reset_app
from tests.entrypoints.cli.conftest import Run


def setup_parties(run: Run) -> None:
    assert run("org", "add", "Summit PT", "--kind", "ours", "--state", "MT")[0] == 0
    assert run("org", "add", "Big Sky Health", "--kind", "payer", "--tin", "817654321")[0] == 0
    code, out, _ = run("contact", "add", "2", "Karen Lindqvist", "--role", "decision_maker",
                       "--title", "Network director")  # fmt: skip
    assert code == 0 and "contact 1" in out


def test_a_whole_negotiation_from_opening_to_agreement(run: Run) -> None:
    setup_parties(run)
    code, out, _ = run("negotiation", "new", "Big Sky rates", "--kind", "contract_rates",
                       "--ours", "1", "--counterparty", "2", "--deadline", "2026-12-31",
                       "--goal", "130% of Medicare")  # fmt: skip
    assert code == 0 and "negotiation 1" in out
    steps = [
        ("term", "add", "1", "rate_97110", "--kind", "rate_per_unit", "--min", "0",
         "--max", "200", "--opening", "42", "--target", "38", "--walk-away", "33",
         "--code", "97110", "--their-priority", "5", "--their-walk-away", "36"),
        ("term", "add", "1", "payment_days", "--kind", "payment_days", "--direction",
         "lower_better", "--opening", "21", "--target", "30", "--walk-away", "45"),
        ("checklist", "answer", "1", "what_ifs", "Go out of network"),
        ("leverage", "add", "1", "network_gap", "Only clinic in the county", "--strength", "5"),
        ("ally", "add", "1", "patients", "Members in Park County"),
        ("negotiation", "advance", "1", "goals_agreed"),
        ("negotiation", "goals", "1", "--goal", "Keep members in network"),
        ("negotiation", "advance", "1", "bargaining"),
        ("offer", "add", "1", "ours", "rate_97110=42", "payment_days=21"),
        ("interaction", "log", "1", "call", "--contact", "1", "--they-said",
         "Budget allows 3-5%", "--we-asked", "Is the cap negotiable?",
         "--follow-up", "2026-01-05"),
        ("offer", "add", "1", "theirs", "rate_97110=31,payment_days=45"),
        ("term", "status", "1", "payment_days", "agreed", "--value", "30"),
    ]  # fmt: skip
    for step in steps:
        code, out, err = run(*step)
        assert code == 0, (step, out, err)

    code, out, _ = run("term", "list", "1")
    assert code == 0 and "$36.00" in out  # their walk-away, as we believe it
    code, out, _ = run("analyze", "1")
    assert code == 0 and "their priorities declared for 1 of 2 terms" in out

    code, out, _ = run("brief", "1")
    assert code == 0
    assert "bargaining" in out and "rate_97110" in out and "$31.00" in out
    assert "OVERDUE" in out  # the follow-up of 2026-01-05 is past
    assert "Karen Lindqvist (decision maker)" in out

    code, out, _ = run("agreement", "record", "1", "rate_97110=37.5", "payment_days=30",
                       "--effective", "2027-01-01", "--rate", "97110:30.50:37.50:4200")  # fmt: skip
    assert code == 0
    assert "yearly revenue effect: $29,400.00" in out
    code, out, _ = run("negotiation", "list", "--stage", "agreed")
    assert code == 0 and "Big Sky rates" in out


def test_user_mistakes_get_one_line_errors_and_no_traceback(run: Run) -> None:
    setup_parties(run)
    run("negotiation", "new", "SCA", "--kind", "single_case_agreement", "--ours", "1",
        "--counterparty", "2")  # fmt: skip
    cases = [
        (("negotiation", "advance", "1", "mediation"), "cannot move from preparing"),
        (("negotiation", "advance", "1", "walked_away"), "say why"),
        (("brief", "99"), "no negotiation with id 99"),
        # the direction stated: its default now follows who pays in the negotiation
        (("term", "add", "1", "rate", "--kind", "rate_per_unit", "--direction",
          "higher_better", "--opening", "30", "--target", "38"),
         "target 38 is better for us than opening 30"),
        (("org", "add", "X", "--kind", "payer", "--npi", "1234567890"), "check digit"),
        (("offer", "add", "1", "ours", "nosuch=1"), "no term named 'nosuch'"),
        (("negotiation", "new", "Y", "--kind", "plan_of_care", "--ours", "1",
          "--counterparty", "2", "--patient-ref", "Jane Doe"), "not a name"),
    ]  # fmt: skip
    for args, message in cases:
        code, out, err = run(*args)
        assert code != 0, args
        assert message in err, (args, err)
        assert "Traceback" not in err + out


def test_demo_loads_two_marked_negotiations_and_prints_their_briefs(run: Run) -> None:
    code, out, _ = run("demo")
    assert code == 0
    assert out.count("╭") >= 2
    assert "[DEMO] SNF single case agreement" in out
    assert "[DEMO] Big Sky commercial rate increase" in out
    assert "per_diem" in out and "rate_97530" in out and "rate_97163" in out
    # Loading again does not duplicate.
    run("demo")
    code, out, _ = run("negotiation", "list")
    assert out.count("[DEMO]") == 2


def test_export_then_import_into_an_empty_database_is_lossless(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("demo")
    first = tmp_path / "all.json"
    assert run("export", str(first))[0] == 0
    monkeypatch.setenv("ACCORD_DATA_DIR", str(tmp_path / "other"))
    reset_app()
    code, out, _ = run("import", str(first))
    assert code == 0 and "imported 2 negotiations" in out
    second = tmp_path / "again.json"
    run("export", str(second))
    a, b = json.loads(first.read_text()), json.loads(second.read_text())
    a.pop("exported_at"), b.pop("exported_at")
    assert a == b
    code, _, err = run("import", str(first))
    assert code != 0 and "exist already" in err and "--replace" in err
    assert run("import", str(first), "--replace")[0] == 0


def test_a_damaged_archive_is_refused_with_where_and_what(run: Run, tmp_path: Path) -> None:
    run("demo")
    path = tmp_path / "one.json"
    run("export", str(path), "--negotiation", "1")
    document = json.loads(path.read_text())
    document["negotiations"][0]["terms"][0]["kind"] = "bogus"
    path.write_text(json.dumps(document))
    code, _, err = run("import", str(path))
    assert code != 0
    assert str(path) in err and "negotiations[0].terms[0].kind: " in err
    path.write_text('{"format": "accord-archive", ')
    code, _, err = run("import", str(path))
    assert code != 0 and "not valid JSON" in err and "line 1" in err


def test_the_installed_entry_point_runs_as_a_subprocess(tmp_path: Path) -> None:
    accord = Path(sys.executable).parent / "accord"
    env = {**os.environ, "ACCORD_DATA_DIR": str(tmp_path), "COLUMNS": "120"}
    env.pop("ACCORD_DATABASE_URL", None)
    result = subprocess.run([str(accord), "demo"], capture_output=True, text=True, env=env,
                            timeout=120, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "[DEMO] SNF single case agreement" in result.stdout
    assert (tmp_path / "accord.db").exists()
    result = subprocess.run([str(accord), "brief", "42"], capture_output=True, text=True,
                            env=env, timeout=60, check=False)  # fmt: skip
    assert result.returncode == 3
    assert "no negotiation with id 42" in result.stderr and "Traceback" not in result.stderr


def test_the_cli_works_the_same_on_postgresql(
    run: Run, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCORD_DATABASE_URL", postgres_url)
    reset_app()
    code, out, err = run("demo")
    assert code == 0, err
    assert "[DEMO] Big Sky commercial rate increase" in out
    code, out, _ = run("settings")
    assert "postgresql+psycopg" in out


def test_analyze_prints_the_frontier_the_counterpart_and_a_chart(run: Run, tmp_path: Path) -> None:
    run("demo")
    chart = tmp_path / "space.svg"
    code, out, err = run("analyze", "1", "--chart", str(chart))
    assert code == 0, err
    assert "Nash" in out and "counterpart" in out and "next offer" in out
    assert chart.read_text().startswith("<svg")
    code, _, err = run("analyze", "1", "--plan", "reckless")
    assert code != 0 and "unknown concession plan" in err


def test_bad_settings_and_a_damaged_database_get_clear_errors(
    run: Run, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCORD_DATABASE_URL", "mysql://somewhere/db")
    code, out, err = run("negotiation", "list")
    assert code == 78
    assert "ACCORD_DATABASE_URL" in err and "Traceback" not in err + out
    monkeypatch.delenv("ACCORD_DATABASE_URL")
    reset_app()
    data_dir.mkdir(parents=True)
    (data_dir / "accord.db").write_bytes(b"this is not a database" * 100)
    code, out, err = run("negotiation", "list")
    assert code == 5
    assert "file is not a database" in err and "Traceback" not in err + out


def test_terms_and_negotiations_can_be_corrected_and_stay_consistent(run: Run) -> None:
    setup_parties(run)
    run("negotiation", "new", "SCA", "--kind", "single_case_agreement", "--ours", "1",
        "--counterparty", "2")  # fmt: skip
    run("term", "add", "1", "per_diem", "--kind", "per_diem", "--direction", "lower_better",
        "--opening", "480", "--target", "560", "--walk-away", "640")  # fmt: skip
    code, out, err = run("term", "update", "1", "per_diem", "--walk-away", "600")
    assert code == 0, err
    assert "walk-away $600.00/day" in out
    code, _, err = run("term", "update", "1", "per_diem", "--target", "650")
    assert code != 0 and "walk_away" in err and "Traceback" not in err
    code, out, _ = run("term", "list", "1")
    assert "$560.00" in out and "$600.00" in out  # the refused change left nothing behind
    code, out, err = run("negotiation", "update", "1", "--deadline", "2026-12-01",
                         "--approach", "hardball", "--patient-ref", "CM-42")  # fmt: skip
    assert code == 0, err
    assert "hardball recorded" in out
    code, out, _ = run("negotiation", "show", "1")
    assert "deadline: 2026-12-01" in out and "CM-42" in out
    code, _, err = run("negotiation", "update", "1", "--patient-ref", "Jane Doe")
    assert code != 0 and "not a name" in err


def test_a_stored_negotiation_can_be_rehearsed_with_a_debrief(run: Run, tmp_path: Path) -> None:
    run("demo")
    moves = tmp_path / "moves.txt"
    moves.write_text("per_diem=500, length_of_stay=16, therapy_included=yes\nwalk\n")
    code, out, err = run("rehearse", "--negotiation", "1", "--against", "hardball",
                         "--moves", str(moves))  # fmt: skip
    assert code == 0, err
    assert "Debrief" in out and "no agreement" in out
    code, _, err = run("rehearse")
    assert code != 0 and "--negotiation" in err


def test_overflowing_date_times_and_superscript_digits_are_one_line_errors(run: Run) -> None:
    setup_parties(run)
    run("negotiation", "new", "Big Sky rates", "--kind", "contract_rates", "--ours", "1",
        "--counterparty", "2")  # fmt: skip
    for moment in ("9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"):
        code, out, err = run("interaction", "log", "1", "call", "--follow-up", moment)
        assert code == 2 and "out of range" in err and "Traceback" not in out + err
        assert len(err.strip().splitlines()) == 1
    code, _, err = run("agreement", "record", "1", "--effective", "2027-01-01",
                       "--rate", "97110:30.50:37.50:4²")  # fmt: skip
    assert code == 2 and "CODE:CURRENT:NEW:VOLUME" in err
    code, out, _ = run("interaction", "list", "1")
    assert code == 0 and "call" not in out  # nothing was logged
