"""Model a stored contract against proposed fee schedules over the practice's volumes::

    model = model_stored_contract(accord.store.unit_of_work, accord.medicare_prices, 3,
                                  [raised(current, Decimal(8))], start=..., end=...)

Volumes are the payer's stored service lines of the period (reversals netted, denials
left out), or units entered per code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from accord.domain.economics.agreed_rates import offered_rates, with_rates
from accord.domain.economics.contracts import Contract
from accord.domain.economics.expected import MedicarePrice, medicare_key
from accord.domain.economics.fee_schedule import check_code
from accord.domain.economics.modeller import ContractModel, model_contract, raised
from accord.domain.economics.service_lines import ServiceLine
from accord.errors import ValidationError
from accord.services.contract_ports import ContractFileStore, MedicarePriceSource
from accord.services.medicare_localities import LocalMedicare, practice_place
from accord.services.ports import UnitOfWorkFactory

__all__ = [
    "ModelledContract",
    "model_stored_contract",
    "proposals_from",
    "proposals_from_negotiation",
]

_MAX_UNITS = 100_000  # units a year of one code, entered by hand


@dataclass(frozen=True, slots=True)
class ModelledContract:
    """The model, with the names of the proposals in their order."""

    contract_id: int
    names: list[str]
    model: ContractModel
    medicare_locality: str = ""
    """Which Medicare locality priced % of Medicare rates and the MPPR, in words."""


def proposals_from(
    files: ContractFileStore,
    current: Contract,
    *,
    paths: Sequence[Path] = (),
    increases: Sequence[Decimal] = (),
) -> list[tuple[str, Contract]]:
    """Named proposals: each contract of each file, and the current schedule raised by
    each percentage."""
    found = [(f"{p.name}: {c.payer}", c) for p in paths for c in files.read(p)]
    for pct in increases:
        found.append((f"current {'+' if pct >= 0 else ''}{pct}%", raised(current, pct)))
    return found


def proposals_from_negotiation(
    uow_factory: UnitOfWorkFactory, current: Contract, negotiation_id: int, *, year: int
) -> list[tuple[str, Contract]]:
    """Each offer of a rate negotiation that sets a coded rate, as a proposal: the current
    schedule with the offer's rates (``year``: of a % of Medicare rate)."""
    with uow_factory() as uow:
        negotiation = uow.negotiations.get(negotiation_id)
    found = []
    for number, offer in enumerate(negotiation.offers, start=1):
        rates = offered_rates(negotiation.terms, offer.values, medicare_year=year)
        if rates:
            name = f"offer {number} ({offer.side.value}, {offer.at.date()})"
            found.append((name, with_rates(current, rates)))
    if not found:
        raise ValidationError(
            f"negotiation {negotiation_id} has no offer that sets a coded rate term",
            field="negotiation",
        )
    return found


def _entered(payer: str, volumes: Mapping[str, int], day: date) -> list[ServiceLine]:
    lines = []
    for code, units in volumes.items():
        if not 0 < units <= _MAX_UNITS:
            raise ValidationError(f"expected 1 to {_MAX_UNITS} units for {code}, found {units}")
        # One unit per visit: entered volumes carry no visit, so no MPPR across units.
        lines += [
            ServiceLine(
                f"entered-{code}-{i}",
                f"entered-{code}-{i}",
                payer,
                check_code(code),
                1,
                Decimal(0),
                day,
                Decimal(0),
            )
            for i in range(units)
        ]
    return lines


def model_stored_contract(
    uow_factory: UnitOfWorkFactory,
    medicare: MedicarePriceSource,
    contract_id: int,
    proposals: Sequence[tuple[str, Contract]],
    *,
    start: date,
    end: date,
    volumes: Mapping[str, int] | None = None,
) -> ModelledContract:
    """Price the payer's volumes of ``start``..``end`` under the contract and each proposal."""
    if not proposals:
        raise ValidationError("expected at least one proposal (a file or an increase)")
    with uow_factory() as uow:
        current = uow.contracts.get(contract_id)
        # Proposals are for the same payer and practice: the current contract's locality.
        where = LocalMedicare(medicare, practice_place(uow)).for_contract(current)
        if volumes:
            lines = _entered(current.payer, volumes, start)
        else:
            lines = [
                p.line
                for p in uow.economics.paid_lines(start=start, end=end, payer=current.payer)
                if not (p.denied or p.line.allowed_or_derived == 0)
            ]
    schedules = [current, *(c for _, c in proposals)]
    prices: dict[tuple[str, str, int], MedicarePrice] = {}
    years = {e.medicare_year for c in schedules for e in c.entries if e.medicare_year}
    for line in lines:
        for year in years | {line.date_of_service.year}:
            key = medicare_key(line, year)
            if key not in prices and (price := medicare.price(*key, where.key)) is not None:
                prices[key] = price
    model = model_contract(lines, current, [c for _, c in proposals], prices, start=start, end=end)
    return ModelledContract(contract_id, [n for n, _ in proposals], model, where.describe())
