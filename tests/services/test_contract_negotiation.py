"""A rate negotiation opened from a stored contract: its rate terms filled with the
contract's current rates and the last 12 months' volumes, and each offer's yearly value
from the same pricing as every rate package — on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

import pytest

from accord.bootstrap import Accord
from accord.domain.negotiation import NegotiationKind
from accord.domain.organisations import OrganisationKind
from accord.errors import NotFoundError
from accord.services import contract_store, organisations
from accord.services.contract_negotiation import open_from_contract
from accord.services.demo_economics import load_demo_economics
from accord.services.demo_market import load_demo_market
from accord.services.package_money import market_pricer


def test_a_negotiation_opens_with_the_contracts_rates_and_last_years_volumes(
    accord: Accord,
) -> None:
    app = accord
    uow = app.store.unit_of_work
    load_demo_market(app.market, app.reference_files)
    load_demo_economics(uow, app.remittance_reader, app.clock, app.demo_remittances)
    ours = organisations.create_organisation(uow(), name="Demo PT", kind=OrganisationKind.OURS)
    [row] = [r for r in contract_store.list_contracts(uow) if r.payer == "DEMO NATIONAL HEALTH"]
    assert ours.id is not None
    opened = open_from_contract(uow, app.clock, app.medicare_prices, contract_id=row.id,
                                our_org_id=ours.id)  # fmt: skip
    n = opened.negotiation
    assert n.kind is NegotiationKind.CONTRACT_RATES and n.title == "DEMO NATIONAL HEALTH rates"
    # the payer organisation was recorded from the contract's payer name
    with uow() as u:
        assert u.organisations.get(n.counterparty_id).name == "DEMO NATIONAL HEALTH"
    # volumes by hand: units of the payer's paid lines over the 365 days to today
    today = app.clock.now().date()
    with uow() as u:
        paid = u.economics.paid_lines(start=today - timedelta(days=364), end=today,
                                      payer="DEMO NATIONAL HEALTH")  # fmt: skip
    units: dict[str, int] = defaultdict(int)
    for p in paid:
        if not (p.denied or p.line.allowed_or_derived == 0):
            units[p.line.code] += p.line.units
    contract = contract_store.show_contract(uow, row.id, today=today).contract
    rates = {e.code: e.value for e in contract.entries}
    assert {t.billing_code: (t.current, t.yearly_volume) for t in n.terms} == {
        code: (float(rates[code]), volume) for code, volume in units.items()
    }
    assert all(r.percent_of_medicare is not None for r in opened.rates)  # the demo PFS
    # an offer 10% above every current rate is worth 10% more a year
    pricer = market_pricer(uow(), n.id or 0, app.market)
    offer = {t.name: round((t.current or 0) * 1.1, 2) for t in n.terms}
    money = pricer.price(offer).money
    current = sum((Decimal(str(t.current)) * (t.yearly_volume or 0) for t in n.terms), Decimal(0))
    assert money.reference == current.quantize(Decimal("0.01"))
    raised = sum((Decimal(str(offer[t.name])) * (t.yearly_volume or 0) for t in n.terms),
                 Decimal(0))  # fmt: skip
    assert money.total == raised.quantize(Decimal("0.01"))
    assert abs(money.total - current * Decimal("1.1")) < Decimal(5)  # rates rounded to cents


def test_an_unknown_contract_opens_nothing(accord: Accord) -> None:
    uow = accord.store.unit_of_work
    ours = organisations.create_organisation(uow(), name="Demo PT", kind=OrganisationKind.OURS)
    with pytest.raises(NotFoundError):
        open_from_contract(uow, accord.clock, accord.medicare_prices, contract_id=99,
                           our_org_id=ours.id or 0)  # fmt: skip
    with uow() as u:
        assert u.negotiations.list() == []
