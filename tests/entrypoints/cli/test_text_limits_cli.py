"""The CLI refuses what no column holds, and prices that are not numbers."""

from __future__ import annotations

from accord.entrypoints.cli.context import get_app
from accord.services import negotiations
from tests.entrypoints.cli.conftest import Run
from tests.support.factories import rate_negotiation


def test_the_cli_refuses_a_100000_character_name_as_the_api_does(run: Run) -> None:
    code, out, err = run("org", "add", "n" * 100_000, "--kind", "payer")
    assert code == 2
    assert err.strip() == "error: name: at most 200 characters, got 100000"
    assert "Traceback" not in out + err
    code, out, _ = run("org", "list", "--json")
    assert code == 0 and out.strip() == "[]"


def test_checklist_price_refuses_nan_and_infinity(run: Run) -> None:
    nid = rate_negotiation(get_app()).id
    assert nid is not None
    for amount in ("nan", "inf", "NaN", "1e309"):
        code, out, err = run("checklist", "price", str(nid), "d", amount)
        assert code == 2, (amount, out, err)
        assert "amount: expected a finite number" in err
        assert "Traceback" not in out + err
    prices = negotiations.get_negotiation(get_app().store.unit_of_work(), nid)
    assert prices.checklist.competitor_prices == []
