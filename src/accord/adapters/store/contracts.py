"""Stored payer contracts and their fee schedules, written and read with SQLAlchemy Core.

A contract is stored whole (its terms and every rate) and rebuilt as the domain's
:class:`~accord.domain.economics.contracts.Contract`, which validates it again.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from accord.adapters.store.audit_changes import Recorder, plain
from accord.adapters.store.scoping import contract_conditions
from accord.adapters.store.tables import contracts, fee_schedule_entries
from accord.domain.audit import AuditAction, Change
from accord.domain.economics.contracts import Contract
from accord.domain.economics.fee_schedule import FeeScheduleEntry, RateBasis
from accord.domain.economics.units import UnitPolicy
from accord.errors import NotFoundError
from accord.services.economics_ports import ContractRow

__all__ = ["SqlContractRepository"]


def _terms(contract: Contract) -> dict[str, Any]:
    return {
        "payer": contract.payer,
        "effective": contract.effective,
        "end_date": contract.end,
        "auto_renews": contract.auto_renews,
        "renewal_months": contract.renewal_months,
        "notice_days": contract.notice_days,
        "timely_filing_days": contract.timely_filing_days,
        "units_policy": contract.units_policy.value,
        "mppr": contract.mppr,
        "tin": contract.tin,
        "npi": contract.npi,
        "zip_code": contract.zip_code,
    }


class SqlContractRepository:
    """Payer contracts in the store."""

    def __init__(self, session: Session, record: Recorder) -> None:
        self._session = session
        self._record = record

    def add(self, contract: Contract, *, source: str, is_demo: bool, at: datetime) -> int:
        """Insert a contract with its fee schedule; return its id."""
        values = _terms(contract) | {"source": source[:255], "is_demo": is_demo,
                                     "imported_at": at}  # fmt: skip
        contract_id = int(
            self._session.execute(
                sa.insert(contracts).returning(contracts.c.id), values
            ).scalar_one()
        )
        if contract.entries:
            self._session.execute(
                sa.insert(fee_schedule_entries),
                [
                    {
                        "contract_id": contract_id,
                        "code": e.code,
                        "modifier": e.modifier,
                        "place_of_service": e.place_of_service,
                        "basis": e.basis.value,
                        "rate": str(e.value),
                        "medicare_year": e.medicare_year,
                    }
                    for e in contract.entries
                ],
            )
        after = plain(values) | {"rates": len(contract.entries)}
        self._record(Change(AuditAction.CREATE, "contract", str(contract_id), after=after))
        return contract_id

    def rows(self) -> list[ContractRow]:
        """Every contract, by payer and then effective date."""
        rates = (
            sa.select(sa.func.count())
            .where(fee_schedule_entries.c.contract_id == contracts.c.id)
            .scalar_subquery()
        )
        query = (
            sa.select(contracts, rates.label("rates"))
            .where(*contract_conditions(self._session))
            .order_by(contracts.c.payer, contracts.c.effective, contracts.c.id)
        )
        return [
            ContractRow(
                id=m["id"],
                payer=m["payer"],
                effective=m["effective"],
                end=m["end_date"],
                auto_renews=m["auto_renews"],
                rates=m["rates"],
                source=m["source"],
                is_demo=m["is_demo"],
            )
            for m in self._session.execute(query).mappings()
        ]

    def get(self, contract_id: int) -> Contract:
        found = self._load(contracts.c.id == contract_id)
        if not found:
            raise NotFoundError(f"no contract {contract_id}")
        return found[0][1]

    def all(self, *, whole_practice: bool = False) -> list[tuple[int, Contract]]:
        """Every contract in the actor's scope with its id (fee schedules included);
        ``whole_practice``: every contract, for pricing the shared roll-ups."""
        return self._load(sa.true(), scoped=not whole_practice)

    def close(self, contract_id: int, closed: Contract) -> None:
        old = self.get(contract_id)
        self._record(Change(AuditAction.UPDATE, "contract", str(contract_id),
                            before={"end_date": plain(old.end), "auto_renews": old.auto_renews},
                            after={"end_date": plain(closed.end),
                                   "auto_renews": closed.auto_renews}))  # fmt: skip
        self._session.execute(
            sa.update(contracts)
            .where(contracts.c.id == contract_id)
            .values(end_date=closed.end, auto_renews=closed.auto_renews)
        )

    def _load(
        self, where: sa.ColumnElement[bool], *, scoped: bool = True
    ) -> list[tuple[int, Contract]]:
        owned = contract_conditions(self._session) if scoped else []
        heads = list(
            self._session.execute(
                sa.select(contracts).where(where, *owned).order_by(contracts.c.id)
            ).mappings()
        )
        if not heads:
            return []
        entries: dict[int, list[FeeScheduleEntry]] = {m["id"]: [] for m in heads}
        query = (
            sa.select(fee_schedule_entries)
            .where(fee_schedule_entries.c.contract_id.in_(list(entries)))
            .order_by(fee_schedule_entries.c.id)
        )
        for e in self._session.execute(query).mappings():
            entries[e["contract_id"]].append(
                FeeScheduleEntry(
                    e["code"],
                    e["modifier"],
                    e["place_of_service"],
                    RateBasis(e["basis"]),
                    Decimal(e["rate"]),
                    e["medicare_year"],
                )
            )
        return [
            (
                m["id"],
                Contract(
                    payer=m["payer"],
                    effective=m["effective"],
                    end=m["end_date"],
                    auto_renews=m["auto_renews"],
                    renewal_months=m["renewal_months"],
                    notice_days=m["notice_days"],
                    timely_filing_days=m["timely_filing_days"],
                    units_policy=UnitPolicy(m["units_policy"]),
                    mppr=m["mppr"],
                    tin=m["tin"],
                    npi=m["npi"],
                    zip_code=m["zip_code"],
                    entries=tuple(entries[m["id"]]),
                ),
            )
            for m in heads
        ]
