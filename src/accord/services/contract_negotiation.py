"""A rate negotiation opened from a stored contract, its rate terms filled in.

For each code the contract prices (one rate per code, any modifier and place), a rate
term per unit in dollars with the contract's **current** rate (a % of Medicare rate
priced with Medicare's amount, a % of charges rate with the average charge per unit
billed) and the **yearly volume** — the units the payer paid for the code over the last
12 months of stored remittances (reversals netted, denials out). Each offer's yearly
value and change then come from the same pricing as every rate package
(:mod:`accord.services.package_money`), and its % of Medicare from the market::

    opened = open_from_contract(accord.store.unit_of_work, accord.clock,
                                accord.medicare_prices, contract_id=3, our_org_id=1)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from accord.domain.economics.fee_schedule import FeeScheduleEntry, RateBasis
from accord.domain.negotiation import Negotiation, NegotiationKind
from accord.domain.organisations import OrganisationKind
from accord.domain.terms import Term, TermKind
from accord.errors import ValidationError
from accord.services import negotiations
from accord.services.contract_ports import MedicarePriceSource
from accord.services.medicare_localities import LocalMedicare, practice_place
from accord.services.ports import Clock, UnitOfWorkFactory

__all__ = [
    "ContractNegotiation",
    "PrefilledRate",
    "describe_rate",
    "open_from_contract",
    "prefilled_rates",
]

_MAX_TERMS = 25  # a negotiation is about the codes that matter, not a whole schedule
_CENTS = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class PrefilledRate:
    """One code's rate term as filled from the contract and the remittances."""

    code: str
    basis: RateBasis
    contract_rate: Decimal
    current: Decimal | None
    yearly_volume: int
    medicare: Decimal | None

    @property
    def percent_of_medicare(self) -> Decimal | None:
        """The current rate as a % of Medicare's amount (``None``: unknown)."""
        if self.current is None or not self.medicare:
            return None
        return (self.current / self.medicare * 100).quantize(Decimal("0.1"))

    @property
    def yearly_revenue(self) -> Decimal | None:
        """Current rate × yearly volume."""
        return None if self.current is None else (self.current * self.yearly_volume)


@dataclass(frozen=True, slots=True)
class ContractNegotiation:
    """The negotiation opened, and how its rate terms were filled."""

    negotiation: Negotiation
    contract_id: int
    volume_from: date
    volume_to: date
    rates: list[PrefilledRate]


def describe_rate(r: PrefilledRate) -> str:
    """``97110: $31.50 now (110.0% of Medicare) × 1,200 units a year = $37,800.00``."""
    if r.current is None:
        return f"{r.code}: no current dollar rate (enter it), {r.yearly_volume:,} units a year"
    share = f" ({r.percent_of_medicare}% of Medicare)" if r.percent_of_medicare else ""
    return (f"{r.code}: ${r.current:,.2f} now{share} × {r.yearly_volume:,} units a year"
            f" = ${r.yearly_revenue or 0:,.2f}")  # fmt: skip


def _medicare(medicare: MedicarePriceSource, code: str, year: int, locality: str) -> Decimal | None:
    # the year's schedule, else the year before's (the new one may not be loaded yet)
    price = medicare.price(code, "", year, locality) or medicare.price(code, "", year - 1, locality)
    return None if price is None else price.total


def prefilled_rates(
    uow_factory: UnitOfWorkFactory, medicare: MedicarePriceSource, contract_id: int, today: date
) -> tuple[date, list[PrefilledRate]]:
    """The contract's code rates with the last 12 months' volumes (busiest first)."""
    start = today - timedelta(days=364)
    with uow_factory() as uow:
        contract = uow.contracts.get(contract_id)
        paid = uow.economics.paid_lines(start=start, end=today, payer=contract.payer)
        where = LocalMedicare(medicare, practice_place(uow)).for_contract(contract).key
    units: dict[str, int] = defaultdict(int)
    charges: dict[str, Decimal] = defaultdict(Decimal)
    for p in paid:
        if p.denied or p.line.allowed_or_derived == 0:
            continue
        units[p.line.code] += p.line.units
        charges[p.line.code] += p.line.charge
    entries: dict[str, FeeScheduleEntry] = {}
    for entry in contract.entries:
        # the code's own rate; a modifier's or a place's rate only when it has none
        if entry.code not in entries or (entry.modifier, entry.place_of_service) == ("", ""):
            entries[entry.code] = entry
    rates = []
    for code, entry in entries.items():
        amount = _medicare(medicare, code, today.year, where)
        current: Decimal | None = entry.value
        if entry.basis is RateBasis.PERCENT_OF_MEDICARE:
            year_amount = _medicare(medicare, code, entry.medicare_year or today.year, where)
            current = None if year_amount is None else entry.value / 100 * year_amount
        elif entry.basis is RateBasis.PERCENT_OF_CHARGES:
            current = (entry.value / 100 * charges[code] / units[code]) if units[code] else None
        if current is not None:
            current = current.quantize(_CENTS, rounding=ROUND_HALF_UP)
        rates.append(PrefilledRate(code, entry.basis, entry.value, current, units[code], amount))
    rates.sort(key=lambda r: (-r.yearly_volume, r.code))
    if any(r.yearly_volume for r in rates):
        rates = [r for r in rates if r.yearly_volume]
    return start, rates[:_MAX_TERMS]


def _rate_terms(rates: Sequence[PrefilledRate]) -> list[Term]:
    """A rate term per code, with its current rate and yearly volume (checked as built)."""
    return [
        Term(
            f"{r.code} rate",
            TermKind.RATE_PER_UNIT,
            billing_code=r.code,
            current=float(r.current) if r.current is not None else None,
            yearly_volume=r.yearly_volume,
        )
        for r in rates
    ]


def open_from_contract(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    medicare: MedicarePriceSource,
    *,
    contract_id: int,
    our_org_id: int,
    counterparty_id: int | None = None,
    title: str | None = None,
    deadline: date | None = None,
    lead: str | None = None,
) -> ContractNegotiation:
    """Open a contract-rates negotiation with the contract's payer, its rate terms filled.

    The other side is ``counterparty_id``, else the payer organisation of the contract's
    payer name, recorded as a new payer when there is none. Every term is checked before
    anything is stored.
    """
    now = clock.now()
    today = now.date()
    start, rates = prefilled_rates(uow_factory, medicare, contract_id, today)
    if not rates:
        raise ValidationError(f"contract {contract_id} has no rates to negotiate",
                              field="contract")  # fmt: skip
    with uow_factory() as uow:
        payer = uow.contracts.get(contract_id).payer
        found = uow.organisations.find(payer) if counterparty_id is None else None
    terms = _rate_terms(rates)  # checked here, so that a refused term stores nothing
    new_counterparty = None
    if counterparty_id is None:
        if found is not None:
            counterparty_id = found.id
        else:
            new_counterparty = (payer, OrganisationKind.PAYER)
    negotiation = negotiations.open_negotiation(
        uow_factory(), now, title=title or f"{payer} rates", kind=NegotiationKind.CONTRACT_RATES,
        our_org_id=our_org_id, counterparty_id=counterparty_id, new_counterparty=new_counterparty,
        problem_statement=f"Rates of contract {contract_id} with {payer}: current rates "
        f"from its fee schedule, yearly volumes from the units it paid {start:%Y-%m-%d} to "
        f"{today:%Y-%m-%d}. " + "; ".join(describe_rate(r) for r in rates) + ".",
        deadline=deadline, lead=lead,
    )  # fmt: skip
    if negotiation.id is None:  # pragma: no cover - the store always assigns one
        raise ValidationError("the negotiation was not stored", field="contract")
    for t in terms:
        negotiations.add_term(
            uow_factory(), now, negotiation.id, name=t.name, kind=t.kind,
            billing_code=t.billing_code, current=t.current, yearly_volume=t.yearly_volume,
        )  # fmt: skip
    with uow_factory() as uow:
        stored = uow.negotiations.get(negotiation.id)
    return ContractNegotiation(stored, contract_id, start, today, rates)
