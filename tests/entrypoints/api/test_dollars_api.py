"""The API's analysis gives every package in dollars, as numbers a client can check
against the package's own values and the terms' volumes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest


def _get(client: httpx.Client, path: str) -> Any:
    response = client.get(path)
    assert response.status_code == 200, response.text
    return response.json()


def test_every_advised_rate_package_carries_its_yearly_revenue(demo_http: httpx.Client) -> None:
    analysis = _get(demo_http, "/api/negotiations/2/analysis")
    terms = {t["name"]: t for t in _get(demo_http, "/api/negotiations/2")["terms"]}
    assert terms["rate_97110"]["label"] == "97110 therapeutic exercise — rate per unit"
    assert (terms["rate_97110"]["current"], terms["rate_97110"]["yearly_volume"]) == (29.6, 4200)
    packages = [analysis["opening"], analysis["target"], analysis["next_offer"],
                *analysis["mesos"]]  # fmt: skip
    assert len(packages) >= 3
    current = sum(t["current"] * t["yearly_volume"] for t in terms.values()
                  if t["yearly_volume"] is not None)  # fmt: skip
    for package in packages:
        money = package["money"]
        assert money["basis"] == "yearly"
        # the client's own check: Σ rate × yearly volume, from the package's values
        revenue = sum(float(v) * terms[k]["yearly_volume"] for k, v in package["values"].items()
                      if terms[k]["yearly_volume"] is not None)  # fmt: skip
        assert money["total"] == pytest.approx(revenue, abs=0.01)
        assert money["reference"] == pytest.approx(current, abs=0.01)
        assert money["difference"] == pytest.approx(revenue - current, abs=0.01)
        assert {t["term"] for t in money["terms"]} == set(package["values"])
    their = analysis["their_latest"]["money"]
    # 31×4,200 + 28×2,600 + 33.5×3,100 + 98×180 + 98×140 + 102×40 = $342,290;
    # at current rates $328,600: +$13,690 a year
    assert (their["total"], their["reference"], their["difference"]) == (
        342290.0,
        328600.0,
        13690.0,
    )
    assert analysis["term_labels"]["visit_cap"] == "Visit cap (visits)"
    assert analysis["acceptance_hint"] is None  # their offer crosses our walk-aways


def test_the_case_analysis_gives_episode_cost_and_saving_per_package(
    demo_http: httpx.Client,
) -> None:
    analysis = _get(demo_http, "/api/negotiations/1/analysis")
    assert analysis["potential_source"] == ("their first ask, $780.00/day × 24 days = $18,720.00")
    for package in (analysis["opening"], analysis["target"], analysis["next_offer"]):
        values, money = package["values"], package["money"]
        cost = float(values["per_diem"]) * float(values["length_of_stay"])
        assert money["basis"] == "episode"
        assert money["total"] == pytest.approx(cost, abs=0.01)
        assert money["difference"] == pytest.approx(18720.0 - cost, abs=0.01)
    their = analysis["their_latest"]["money"]
    assert (their["total"], their["difference"]) == (14490.0, 4230.0)  # 690 × 21
