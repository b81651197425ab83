"""Which Medicare locality prices each contract, and Medicare's amounts there.

A contract's "% of Medicare" rates, its MPPR split and the scorecard's "paid as % of
Medicare" use the amounts of the contract's locality: its ZIP, else the practice's (our
organisation's) ZIP, county and state, as
:func:`accord.domain.economics.medicare_locality.choose_locality` orders them. Pages and
commands say which locality each contract used::

    with accord.store.unit_of_work() as uow:
        local = LocalMedicare(accord.medicare_prices, practice_place(uow))
    local.for_contract(contract).describe()   # 'Montana (locality 03202-01, ...)'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from accord.domain.economics.contracts import Contract, contract_in_force
from accord.domain.economics.expected import MedicarePrice
from accord.domain.economics.medicare_locality import (
    MedicareLocality,
    PracticePlace,
    contract_place,
)
from accord.domain.organisations import Organisation, OrganisationKind
from accord.services.contract_ports import MedicarePriceSource
from accord.services.ports import UnitOfWork, UnitOfWorkFactory

__all__ = [
    "ContractLocality",
    "LocalMedicare",
    "contract_localities",
    "locality_lines",
    "our_practice",
    "practice_place",
]


def our_practice(uow: UnitOfWork) -> Organisation | None:
    """Our organisation that negotiates rates (not case management), inside an open unit
    of work: with several of ours, the one on a rate negotiation."""
    ours = list(uow.organisations.list(OrganisationKind.OURS))
    if len(ours) > 1:
        practices = {n.our_org_id for n in uow.negotiations.list()
                     if not n.kind.is_case_management}  # fmt: skip
        ours = [o for o in ours if o.id in practices] or ours
    return ours[0] if ours else None


def practice_place(uow: UnitOfWork) -> PracticePlace:
    """The practice's ZIP, state and county (empty when unknown), inside an open unit of
    work."""
    org = our_practice(uow)
    if org is None:
        return PracticePlace()
    return PracticePlace(org.zip_code or "", org.state or "", org.county or "")


class LocalMedicare:
    """Medicare prices in each contract's locality, the choices and prices remembered:
    build one per pricing run (a schedule loaded meanwhile is seen by the next run)."""

    def __init__(self, medicare: MedicarePriceSource, practice: PracticePlace) -> None:
        self.medicare = medicare
        self.practice = practice
        self._chosen: dict[PracticePlace, MedicareLocality] = {}
        self._by_contract: dict[int, MedicareLocality] = {}
        self._prices: dict[tuple[str, str, int, str], MedicarePrice | None] = {}
        self._in_force: dict[tuple[str, date], MedicareLocality] = {}

    def _at(self, place: PracticePlace) -> MedicareLocality:
        if place not in self._chosen:
            self._chosen[place] = self.medicare.locality(place)
        return self._chosen[place]

    def for_contract(self, contract: Contract | None) -> MedicareLocality:
        """The locality of ``contract`` (the practice's when there is none)."""
        # by identity: contracts are immutable and live as long as this run
        found = self._by_contract.get(id(contract))
        if found is None:
            zip_code = contract.zip_code if contract is not None else ""
            found = self._by_contract[id(contract)] = self._at(
                contract_place(zip_code, self.practice)
            )
        return found

    def for_line(self, contracts: Sequence[Contract], payer: str, day: date) -> MedicareLocality:
        """The locality of the payer's contract in force on ``day`` (else the practice's);
        ``contracts`` are the same in every call of one run."""
        found = self._in_force.get((payer, day))
        if found is None:
            found = self._in_force[payer, day] = self.for_contract(
                contract_in_force(contracts, payer, day)
            )
        return found

    def price(
        self, code: str, modifier: str, year: int, locality: MedicareLocality
    ) -> MedicarePrice | None:
        """Medicare's amount of one unit of ``code`` in ``locality``."""
        key = (code, modifier, year, locality.key)
        if key not in self._prices:
            self._prices[key] = self.medicare.price(code, modifier, year, locality.key)
        return self._prices[key]


@dataclass(frozen=True, slots=True)
class ContractLocality:
    """One stored contract and the Medicare locality that prices it."""

    contract_id: int
    payer: str
    effective: date
    locality: MedicareLocality

    @property
    def text(self) -> str:
        """``Payer (from date): locality ...`` for a page or a terminal."""
        return f"{self.payer} (from {self.effective}): {self.locality.describe()}"


def contract_localities(
    uow_factory: UnitOfWorkFactory, medicare: MedicarePriceSource
) -> list[ContractLocality]:
    """Each stored contract's Medicare locality, by payer and effective date."""
    with uow_factory() as uow:
        local = LocalMedicare(medicare, practice_place(uow))
        stored = uow.contracts.all()
    rows = [ContractLocality(i, c.payer, c.effective, local.for_contract(c)) for i, c in stored]
    return sorted(rows, key=lambda r: (r.payer.casefold(), r.effective, r.contract_id))


def locality_lines(uow_factory: UnitOfWorkFactory, medicare: MedicarePriceSource) -> list[str]:
    """Which Medicare locality priced what, one line each: every stored contract, then
    the lines without a contract (the practice's own place), for a page or a terminal;
    one line when they all use the same locality."""
    stored = contract_localities(uow_factory, medicare)
    with uow_factory() as uow:
        own = medicare.locality(practice_place(uow)).describe()
    if all(r.locality.describe() == own for r in stored):
        return [f"{own}, for every payer"]
    return [*(r.text for r in stored), f"lines without a contract: {own}"]
