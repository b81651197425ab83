"""Use cases of stored payer contracts: import a fee-schedule file into the store, list,
show and export them, revise a contract's rates from an agreed negotiation, and list
every contract's renewal and notice dates.

A file is stored whole or not at all (the whole file is validated before the first row
is written)::

    ids = import_contract_file(accord.store.unit_of_work, accord.contract_files,
                               accord.clock, Path("acme-2025.xlsx"))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from accord.domain.economics.agreed_rates import agreed_rates
from accord.domain.economics.contracts import (
    Contract,
    ContractDeadline,
    contract_deadlines,
    deadlines_of_contracts,
    revise_rates,
)
from accord.domain.economics.fee_schedule import FeeScheduleEntry
from accord.domain.stages import Stage
from accord.errors import ValidationError
from accord.services.contract_ports import ContractFileStore
from accord.services.economics_ports import ContractRow
from accord.services.ports import Clock, UnitOfWorkFactory
from accord.services.remittance_ports import DemoRemittances

__all__ = [
    "MAX_CONTRACT_UPLOAD_BYTES",
    "ContractRow",
    "StoredContract",
    "contract_deadline_list",
    "export_stored_contracts",
    "import_contract_bytes",
    "import_contract_file",
    "list_contracts",
    "load_demo_contracts",
    "revise_contract_from_negotiation",
    "revise_contract_rates",
    "show_contract",
    "store_contracts",
]


@dataclass(frozen=True, slots=True)
class StoredContract:
    """A stored contract with its id and its next deadlines."""

    id: int
    contract: Contract
    deadlines: list[ContractDeadline]


def store_contracts(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    contracts: Sequence[Contract],
    *,
    source: str,
    is_demo: bool = False,
) -> list[int]:
    """Store validated contracts in one transaction; return their ids."""
    with uow_factory() as uow:
        now = clock.now()
        ids = [uow.contracts.add(c, source=source, is_demo=is_demo, at=now) for c in contracts]
        uow.commit()
    return ids


def import_contract_file(
    uow_factory: UnitOfWorkFactory, files: ContractFileStore, clock: Clock, path: Path
) -> list[int]:
    """Read a CSV or XLSX fee-schedule file whole and store each of its contracts."""
    return store_contracts(uow_factory, clock, files.read(path), source=path.name)


#: Most bytes an uploaded fee-schedule file may have (a practice's is a few hundred KB).
MAX_CONTRACT_UPLOAD_BYTES = 20 << 20


def import_contract_bytes(
    uow_factory: UnitOfWorkFactory,
    files: ContractFileStore,
    clock: Clock,
    data: bytes,
    *,
    name: str,
) -> list[int]:
    """Store the contracts of an uploaded CSV or XLSX file, whole or not at all."""
    if len(data) > MAX_CONTRACT_UPLOAD_BYTES:
        raise ValidationError(
            f"the file is larger than {MAX_CONTRACT_UPLOAD_BYTES} bytes", field="file"
        )
    if not data:
        raise ValidationError(
            "the file is empty; expected a CSV or XLSX fee schedule", field="file"
        )
    return store_contracts(uow_factory, clock, files.read_bytes(data, name=name), source=name)


def load_demo_contracts(
    uow_factory: UnitOfWorkFactory, clock: Clock, demo: DemoRemittances
) -> list[int]:
    """Store the demo practice's contracts (marked demo), once: none when already stored."""
    with uow_factory() as uow:
        if any(row.is_demo for row in uow.contracts.rows()):
            return []
    return store_contracts(
        uow_factory,
        clock,
        demo.contracts(clock.now().date()),
        source="demo contract",
        is_demo=True,
    )


def _same_payer(name: str, payer: str | None) -> bool:
    return payer is None or name.casefold() == " ".join(payer.split()).casefold()


def list_contracts(
    uow_factory: UnitOfWorkFactory, *, payer: str | None = None
) -> list[ContractRow]:
    """Every stored contract (or one payer's), by payer and effective date."""
    with uow_factory() as uow:
        return [r for r in uow.contracts.rows() if _same_payer(r.payer, payer)]


def show_contract(
    uow_factory: UnitOfWorkFactory, contract_id: int, *, today: date
) -> StoredContract:
    """One stored contract with its fee schedule and next deadlines."""
    with uow_factory() as uow:
        contract = uow.contracts.get(contract_id)
    return StoredContract(contract_id, contract, contract_deadlines(contract, today=today))


def export_stored_contracts(
    uow_factory: UnitOfWorkFactory,
    files: ContractFileStore,
    path: Path,
    *,
    contract_ids: Sequence[int] = (),
) -> int:
    """Write stored contracts (all, or those named) to a CSV or XLSX file; return how many."""
    with uow_factory() as uow:
        if contract_ids:
            chosen = [uow.contracts.get(i) for i in contract_ids]
        else:
            chosen = [c for _, c in uow.contracts.all()]
    files.write(path, chosen)
    return len(chosen)


def revise_contract_rates(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    contract_id: int,
    rates: Sequence[FeeScheduleEntry],
    *,
    effective: date,
    source: str,
) -> int:
    """New rates from ``effective`` (an agreed rate negotiation's final terms).

    The stored contract is closed the day before; its successor, with the new rates
    replacing those of the same code × modifier × place, is stored and its id returned.
    """
    with uow_factory() as uow:
        closed, successor = revise_rates(uow.contracts.get(contract_id), rates, effective=effective)
        uow.contracts.close(contract_id, closed)
        new_id = uow.contracts.add(successor, source=source[:255], is_demo=False, at=clock.now())
        uow.commit()
    return new_id


def revise_contract_from_negotiation(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    contract_id: int,
    negotiation_id: int,
    *,
    effective: date,
) -> int:
    """Update a stored contract's fee schedule from an agreed rate negotiation's final
    terms (coded rate terms with an agreed value), from ``effective`` on; return the id
    of the contract that carries the new rates."""
    with uow_factory() as uow:
        negotiation = uow.negotiations.get(negotiation_id)
        rates = agreed_rates(
            negotiation.terms,
            medicare_year=effective.year,
            negotiation_agreed=negotiation.stage is Stage.AGREED,
        )
    return revise_contract_rates(
        uow_factory, clock, contract_id, rates, effective=effective,
        source=f"negotiation {negotiation_id}",
    )  # fmt: skip


def contract_deadline_list(
    uow_factory: UnitOfWorkFactory, *, today: date, payer: str | None = None
) -> list[ContractDeadline]:
    """The next renewal, end and notice dates of every stored contract (or one payer's),
    soonest first."""
    with uow_factory() as uow:
        stored = [c for _, c in uow.contracts.all() if _same_payer(c.payer, payer)]
    return deadlines_of_contracts(stored, today=today)
