"""The demo practice's economics: a year of synthetic remittances (clearly marked demo,
no real patient) and its contracts with the demo payers, so that the underpayments
worklist, the payer scorecard and the contract modeller show something on first run; and
the meanings of the adjustment codes those files use, so a reason reads "CO-45: contractual
…; charge above the contracted or fee-schedule amount" until an admin imports X12's lists.

Loading twice changes nothing: the files are recognised as already ingested and the demo
contracts as already stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.services.contract_store import load_demo_contracts
from accord.services.ports import Clock, UnitOfWorkFactory
from accord.services.remittance_ports import DemoRemittances, RemittanceReader
from accord.services.remittances import FileStatus, load_demo_remittances

__all__ = ["DemoEconomics", "load_demo_economics"]


@dataclass(frozen=True, slots=True)
class DemoEconomics:
    """What the load added: remittance files ingested, service lines, contracts stored."""

    files: int
    lines: int
    contracts: int


def load_demo_economics(
    uow_factory: UnitOfWorkFactory,
    reader: RemittanceReader,
    clock: Clock,
    demo: DemoRemittances,
) -> DemoEconomics:
    """Ingest the demo remittances and store the demo contracts (each once), and the
    meanings of the demo's adjustment codes when no code labels are stored yet."""
    summary = load_demo_remittances(uow_factory, reader, clock, demo)
    ids = load_demo_contracts(uow_factory, clock, demo)
    with uow_factory() as uow:
        if not uow.economics.code_labels():  # an admin's imported lists are kept
            uow.economics.replace_code_labels(demo.code_labels())
            uow.commit()
    return DemoEconomics(summary.count(FileStatus.INGESTED), summary.lines, len(ids))
