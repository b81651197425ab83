"""Use cases for preparing: the checklist, research, leverage and allies."""

from __future__ import annotations

from datetime import datetime

from accord.domain.leverage import Ally, AllyKind, LeverageFactor, LeverageKind
from accord.domain.negotiation import Negotiation
from accord.domain.preparation import Checklist, CompetitorPrice
from accord.services.editing import appends, editable
from accord.services.ports import UnitOfWork

__all__ = ["add_ally", "add_competitor_price", "add_leverage", "answer_checklist"]


@appends
def answer_checklist(
    uow: UnitOfWork,
    now: datetime,
    negotiation_id: int,
    item: str,
    text: str,
    *,
    expected_version: int | None = None,
) -> Negotiation:
    """Answer one of who / what / where / when / why / what ifs / how much / why not,
    or write a research note (organisation, structure, decision makers, history)."""
    with uow:
        negotiation = editable(uow, negotiation_id, expected_version)
        negotiation.answer_checklist(item, text)
        negotiation.touch(now)
        uow.commit()
        return negotiation


@appends
def add_competitor_price(
    uow: UnitOfWork,
    now: datetime,
    negotiation_id: int,
    price: CompetitorPrice,
    *,
    expected_version: int | None = None,
) -> Negotiation:
    with uow:
        negotiation = editable(uow, negotiation_id, expected_version)
        updated = Checklist.from_dict(negotiation.checklist.to_dict())
        updated.competitor_prices.append(price)
        negotiation.checklist = updated
        negotiation.touch(now)
        uow.commit()
        return negotiation


@appends
def add_leverage(
    uow: UnitOfWork,
    now: datetime,
    negotiation_id: int,
    *,
    kind: LeverageKind,
    description: str,
    strength: int = 3,
    evidence: str = "",
    expected_version: int | None = None,
) -> LeverageFactor:
    with uow:
        negotiation = editable(uow, negotiation_id, expected_version)
        factor = LeverageFactor(kind, description, strength, evidence)
        negotiation.leverage.append(factor)
        negotiation.touch(now)
        uow.commit()
        return factor


@appends
def add_ally(
    uow: UnitOfWork,
    now: datetime,
    negotiation_id: int,
    *,
    kind: AllyKind,
    name: str,
    role: str = "",
    organisation_id: int | None = None,
    expected_version: int | None = None,
) -> Ally:
    with uow:
        negotiation = editable(uow, negotiation_id, expected_version)
        if organisation_id is not None:
            uow.organisations.get(organisation_id)
        ally = Ally(kind, name, role, organisation_id)
        negotiation.allies.append(ally)
        negotiation.touch(now)
        uow.commit()
        return ally
