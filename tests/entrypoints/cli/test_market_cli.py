"""``accord market ...`` through the real CLI entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord.entrypoints.cli.app import main


def test_pfs_ingest_query_and_status_work_end_to_end(
    shared_fixtures: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(tmp_path / "market")
    pfs = shared_fixtures / "pfs"
    assert (
        main(
            [
                "market",
                "pfs",
                "--rvu",
                str(pfs / "PPRRVU2025_Oct-subset.csv"),
                "--gpci",
                str(pfs / "GPCI2025.csv"),
                "--market-dir",
                root,
            ]
        )
        == 0
    )
    assert "conversion factor 32.3465" in " ".join(capsys.readouterr().out.split())  # Rich wraps
    tic = shared_fixtures / "tic/v2/in-network-rates-all-negotiated-types-sample.json"
    assert main(["market", "ingest", str(tic), "--state", "md", "--market-dir", root]) == 0
    assert "8 rates" in " ".join(capsys.readouterr().out.split())  # Rich wraps
    assert main(["market", "ingest", str(tic), "--state", "md", "--market-dir", root]) == 0
    assert "already ingested" in " ".join(capsys.readouterr().out.split())  # Rich wraps
    assert main(["market", "query", "99214", "--region", "MD", "--json", "--market-dir", root]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["market"]["p50"] == 150.0
    # Rest of Maryland: (1.92 × 1.012 + 1.80 × 1.016 + 0.15 × 0.973) × 32.3465
    assert payload["medicare"] == 126.73
    assert main(["market", "status", "--json", "--market-dir", root]) == 0
    assert json.loads(capsys.readouterr().out)["totals"]["rows"] == 8


def test_percentage_rates_are_left_out_of_dollar_percentiles(
    shared_fixtures: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(tmp_path / "market")
    tic = shared_fixtures / "tic/v2/in-network-rates-all-negotiated-types-sample.json"
    assert main(["market", "ingest", str(tic), "--market-dir", root]) == 0
    capsys.readouterr()
    assert main(["market", "query", "97110", "--market-dir", root]) == 1
    assert "no rates for 97110" in " ".join(capsys.readouterr().out.split())  # Rich wraps


def test_errors_print_one_line_and_exit_non_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"in_network": [')
    code = main(["market", "ingest", str(bad), "--market-dir", str(tmp_path / "m")])
    err = capsys.readouterr().err.replace("\n", "")  # Rich wraps long lines
    assert code == 2
    assert "bad.json" in err and "Traceback" not in err
    assert (
        main(["market", "query", "97110", "--region", "nowhere", "--market-dir", str(tmp_path)])
        == 2
    )


def test_a_chart_is_an_svg_with_a_box_per_payer_and_the_medicare_line(
    shared_fixtures: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import xml.etree.ElementTree as ET

    root = str(tmp_path / "market")
    pfs = shared_fixtures / "pfs"
    assert (
        main(
            [
                "market",
                "pfs",
                "--rvu",
                str(pfs / "PPRRVU2025_Oct-subset.csv"),
                "--gpci",
                str(pfs / "GPCI2025.csv"),
                "--market-dir",
                root,
            ]
        )
        == 0
    )
    tic = shared_fixtures / "tic/real/carefirst-in-network.json.gz"
    assert (
        main(
            ["market", "ingest", str(tic), "--state", "MD", "--code", "64483", "--market-dir", root]
        )
        == 0
    )
    out = tmp_path / "chart.svg"
    assert (
        main(
            [
                "market",
                "chart",
                "64483",
                "--region",
                "MD",
                "--my-rate",
                "300",
                "--out",
                str(out),
                "--market-dir",
                root,
            ]
        )
        == 0
    )
    svg = ET.parse(out).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    assert len(svg.findall(f"{ns}rect")) == 2  # all payers + CareFirst
    texts = "".join(t.text or "" for t in svg.iter(f"{ns}text"))
    assert "Medicare $239.44" in texts and "my rate $300.00" in texts
    assert main(["market", "chart", "00000", "--out", str(out), "--market-dir", root]) == 3


def test_several_files_ingest_at_once_by_default_with_one_line_each(
    shared_fixtures: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(tmp_path / "market")
    first = shared_fixtures / "tic/v2/in-network-rates-all-negotiated-types-sample.json"
    second = tmp_path / "copy.json"  # other bytes, same rates: a file of its own
    second.write_bytes(first.read_bytes() + b"\n")
    # no --jobs: one process per core
    assert main(["market", "ingest", str(first), str(second), "--market-dir", root]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert out.count("8 rates") == 2
    assert main(["market", "status", "--json", "--market-dir", root]) == 0
    assert json.loads(capsys.readouterr().out)["totals"]["rows"] == 16


def test_a_hospital_csv_with_a_renamed_payer_column_fails_unless_told_to_continue(
    shared_fixtures: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = (shared_fixtures / "hospital/v3/tall-example.csv").read_text().splitlines(True)
    lines[2] = lines[2].replace("payer_name", "payer", 1)
    path = tmp_path / "renamed.csv"
    path.write_text("".join(lines))
    root = str(tmp_path / "m")
    assert main(["market", "ingest", str(path), "--market-dir", root]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "line 3: no payer columns" in err
    assert "'payer'" in err and "\n" not in err
    assert not (tmp_path / "m" / "files").exists() or not any((tmp_path / "m/files").iterdir())
    assert (
        main(["market", "ingest", str(path), "--market-dir", root, "--ignore-column-errors"]) == 0
    )
    out = " ".join(capsys.readouterr().out.split())
    assert "0 rates" in out and "39 rows lost charges" in out


@pytest.mark.parametrize("region", ["XX", "county:XX:Park", "Montana"])
def test_market_query_refuses_a_region_the_web_refuses_with_the_same_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], region: str
) -> None:
    from accord.domain.market.rate_query import parse_region
    from accord.errors import ValidationError

    with pytest.raises(ValidationError) as rule:  # the rule the web page applies
        parse_region(region)
    args = ["market", "query", "97110", "--region", region, "--market-dir", str(tmp_path)]
    assert main(args) == 2
    assert capsys.readouterr().err.strip() == f"error: {rule.value}"


def test_ingest_refuses_a_state_that_is_not_a_us_state(
    shared_fixtures: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = shared_fixtures / "tic/v2/in-network-rates-no-npi.json"
    assert (
        main(["market", "ingest", str(path), "--state", "XX", "--market-dir", str(tmp_path)]) == 2
    )
    assert "state: unknown US state code 'XX'" in capsys.readouterr().err
