"""The brief's JSON carries its money like the analysis does (issue 9): our targets and
both sides' latest offers in dollars, each rate term's % of Medicare; and the API's brief
and analysis are the services' plain data (``accord brief|analyze --json``), field for
field."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from accord.bootstrap import Accord, bootstrap
from accord.config import Settings
from accord.services import analysis, briefs, demo
from accord.services.analysis_data import negotiation_analysis_data
from accord.services.brief_data import brief_data
from accord.services.demo_market import load_demo_market
from accord.services.package_money import market_pricer
from tests.support.clock import FixedClock
from tests.support.in_process import in_process_client


@pytest.fixture(scope="module")
def demo_market_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Accord]:
    """The demo with its fee schedule, as `accord demo` loads it."""
    app = bootstrap(Settings(data_dir=tmp_path_factory.mktemp("d") / "data"), clock=FixedClock())
    demo.load_demo(app.store.unit_of_work, app.clock.now())
    load_demo_market(app.market, app.reference_files)
    try:
        yield app
    finally:
        app.close()


@pytest.fixture(scope="module")
def client(demo_market_app: Accord) -> Iterator[httpx.Client]:
    with in_process_client(demo_market_app) as http:
        yield http


def _get(client: httpx.Client, path: str) -> Any:
    response = client.get(path)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_rate_brief_gives_yearly_revenue_and_percent_of_medicare(client: httpx.Client) -> None:
    brief = _get(client, "/api/negotiations/2/brief")
    their = brief["their_latest_money"]
    # the same figures as the analysis: $342,290 a year, +$13,690 against current rates
    assert (their["basis"], their["total"], their["difference"]) == ("yearly", 342290.0, 13690.0)
    pct = {t["term"]: t["pct_medicare"] for t in their["terms"]}
    assert pct["rate_97110"] == pytest.approx(31 / 28.78 * 100, abs=0.2)  # about 108%
    assert brief["target_money"]["basis"] == "yearly"
    assert brief["our_latest_money"]["total"] > 0
    rows = {t["name"]: t for t in brief["terms"]}
    assert rows["rate_97110"]["medicare"] == pytest.approx(28.78, abs=0.01)
    assert rows["visit_cap"]["medicare"] is None
    assert brief["term_labels"]["rate_97110"] == "97110 therapeutic exercise — rate per unit"


def test_the_case_brief_gives_episode_cost_and_saving(client: httpx.Client) -> None:
    brief = _get(client, "/api/negotiations/1/brief")
    their = brief["their_latest_money"]
    assert (their["basis"], their["total"], their["difference"]) == ("episode", 14490.0, 4230.0)
    assert brief["potential_source"].startswith("their first ask")
    assert brief["target_money"]["basis"] == "episode"


def _shape(value: Any) -> Any:
    """The field names of a JSON value, recursively (lists by their first item)."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return None


@pytest.mark.parametrize("negotiation_id", [1, 2])
def test_the_api_brief_and_analysis_have_the_fields_of_the_cli_json(
    client: httpx.Client, demo_market_app: Accord, negotiation_id: int
) -> None:
    app = demo_market_app
    pricer = market_pricer(app.store.unit_of_work(), negotiation_id, app.market)
    prepared = briefs.prepare_brief(app.store.unit_of_work(), app.clock.now(), negotiation_id)
    cli_brief = brief_data(prepared, pricer)
    api_brief = _get(client, f"/api/negotiations/{negotiation_id}/brief")
    assert set(api_brief) == set(cli_brief)
    for key in ("terms", "target_money", "their_latest_money", "days_to_deadline", "signals"):
        assert _shape(api_brief[key]) == _shape(cli_brief[key]), key
    assert api_brief["their_latest_money"] == cli_brief["their_latest_money"]

    stored = analysis.analyze_stored_negotiation(
        app.store.unit_of_work(), app.clock.now(), negotiation_id
    )
    cli_analysis = negotiation_analysis_data(stored.result, stored.situation, pricer)
    api_analysis = _get(client, f"/api/negotiations/{negotiation_id}/analysis")
    assert _shape(api_analysis) == _shape(cli_analysis)
    assert api_analysis["next_offer"]["values"] == cli_analysis["next_offer"]["values"]
