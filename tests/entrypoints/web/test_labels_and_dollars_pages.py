"""The agreement form and the rehearsal pages name terms by label and show dollars
(issue 9): no ``rate_97110`` where a person reads, the pre-filled agreement priced, the
case's potential cost pre-filled from their first ask, their rehearsal offer in dollars."""

from __future__ import annotations

import re

import httpx

HTML = {"Accept": "text/html"}
RATE = "97110 therapeutic exercise — rate per unit"


def _section(html: str, section_id: str) -> str:
    match = re.search(rf'<section[^>]*id="{section_id}".*?</section>', html, re.S)
    assert match is not None, section_id
    return match.group(0)


def test_the_rate_agreement_form_shows_labels_and_the_yearly_revenue(
    demo_http: httpx.Client,
) -> None:
    form = _section(demo_http.get("/negotiations/2", headers=HTML).text, "agreement")
    assert f'for="final-1">{RATE} <span' in form
    assert f"{RATE}: current rate" in form
    assert ">rate_97110 " not in form and "rate_97110 (97110)" not in form
    # 31×4,200 + 28×2,600 + 33.5×3,100 + 98×180 + 98×140 + 102×40, as pre-filled
    assert "$342,290.00" in form and "yearly revenue" in form


def test_the_case_agreement_form_prices_the_episode_and_prefills_the_potential_cost(
    demo_http: httpx.Client,
) -> None:
    form = _section(demo_http.get("/negotiations/1", headers=HTML).text, "agreement")
    assert 'for="final-1">Per diem <span' in form
    assert "$14,490.00" in form and "episode cost" in form  # $690/day × 21 days
    assert re.search(r'name="potential_cost"[^>]*value="18720.00"', form)
    assert "their first ask, $780.00/day × 24 days = $18,720.00" in form


def test_the_rehearsal_of_a_stored_case_shows_labels_and_their_offer_in_dollars(
    demo_http: httpx.Client,
) -> None:
    page = demo_http.get(
        "/negotiations/1/rehearse",
        params={"style": "hardball", "opens": "them", "plan": "boulware"},
        headers=HTML,
    ).text
    play = _section(page, "play")
    assert "Per diem: 780 USD/day" in play and "Length of stay (days): 24 days" in play
    assert "per_diem=780" not in play.split("<form")[0]  # the package, not the move field
    assert "$18,720.00" in play and "episode cost" in play  # 780 × 24
    assert "coach: offer Per diem=" in play
    guide = page.split('id="terms-h"', 1)[1]  # the terms and their values, one line each
    assert "<dt><strong>Length of stay (days)</strong></dt><dd>from 10 to 24 days" in guide
    assert "length_of_stay" not in guide
    assert '<label for="move-term-2">Length of stay (days)' in play  # the move form's field


def test_the_snf_preparation_and_brief_say_why_there_is_no_medicare_figure(
    demo_http: httpx.Client,
) -> None:
    why = "Medicare figure: not applicable to a per diem"
    market = _section(demo_http.get("/negotiations/1/preparation", headers=HTML).text,
                      "market")  # fmt: skip
    assert "<strong>Per diem</strong> — " + why in market
    brief = demo_http.get("/negotiations/1/brief", headers=HTML).text
    assert why in brief
    assert why not in demo_http.get("/negotiations/2/brief", headers=HTML).text


def test_a_counterpart_whose_signals_balance_shows_no_zero_confidence(
    demo_http: httpx.Client,
) -> None:
    """The demo SNF's signals point both ways: the analysis says "mixed" and that the
    signals point both ways, without a "(0% confidence)" beside it."""
    analysis = demo_http.get("/negotiations/1/analysis", headers=HTML).text
    assert "<strong>mixed</strong>" in analysis
    assert "signals point both ways" in analysis
    assert "(0% confidence)" not in analysis
    workspace = demo_http.get("/negotiations/1", headers=HTML).text
    assert "(0% confidence)" not in workspace
