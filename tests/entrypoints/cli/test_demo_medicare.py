"""``accord demo`` brings a demo fee schedule: Medicare and % of Medicare in the benchmark
command and the market commands, with no download and no price file."""

from __future__ import annotations

import json

from tests.entrypoints.cli.conftest import Run


def test_the_demo_benchmarks_each_rate_term_against_medicare(run: Run) -> None:
    code, out, _ = run("demo")
    assert code == 0 and "demo Medicare fee schedule 2025 loaded (8 therapy codes" in out
    code, out, _ = run("benchmark", "2")
    assert code == 0
    text = " ".join(out.split())
    assert "$28.78" in text  # 97110 in Montana: (0.45 + 0.43 + 0.01 × 0.978) × 32.3465
    assert "$31.00 (108%)" in text  # their latest offer as % of Medicare
    assert "$38.00 (132%)" in text  # our target
    assert "$97.98" in text  # 97161–97163


def test_the_demo_fee_schedule_is_marked_and_answers_market_queries(run: Run) -> None:
    assert run("demo")[0] == 0
    code, out, _ = run("market", "status", "--json")
    assert code == 0 and json.loads(out)["pfs_demo"] is True
    _, out, _ = run("market", "query", "97110")  # no payer rates: says so, with Medicare
    assert "Medicare: $28.79" in out  # the national amount, a known fact
    code, out, _ = run("demo")  # again: the loaded fee schedule is kept
    assert code == 0 and "the fee schedule already loaded is kept" in out


def test_the_brief_shows_each_rate_term_against_medicare(run: Run) -> None:
    assert run("demo")[0] == 0
    code, out, _ = run("brief", "2")
    text = " ".join(out.split())
    assert code == 0 and "Against Medicare" in text
    assert "$28.78" in text and "$31.00 (108% of Medicare)" in text
    _, out, _ = run("brief", "1")  # the SCA's per diem has no code: no such table
    assert "Against Medicare" not in out


def test_the_snf_per_diem_says_why_it_has_no_medicare_figure(run: Run) -> None:
    assert run("demo")[0] == 0
    why = "Medicare figure: not applicable to a per diem"
    code, out, _ = run("brief", "1")
    assert code == 0 and f"Per diem: {why}" in " ".join(out.split())
    _, out, _ = run("benchmark", "1")
    assert why in " ".join(out.split())
    _, out, _ = run("brief", "1", "--json")
    rows = {t["name"]: t for t in json.loads(out)["terms"]}
    assert rows["per_diem"]["medicare"] is None
    assert rows["per_diem"]["medicare_note"].startswith(why)
    assert rows["length_of_stay"]["medicare_note"] is None  # days have no money figure
    _, out, _ = run("brief", "2", "--json")
    assert all(t["medicare_note"] is None for t in json.loads(out)["terms"])  # coded rates
