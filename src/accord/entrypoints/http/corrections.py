"""Withdrawing and correcting offers and interactions, as one table that the API's routes
and the web's correction forms both use: for each (entry, action) the request model
(the same one whether it arrives as JSON or as a form) and the service call. The
originals stay in the history (see :mod:`accord.services.corrections`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from accord.bootstrap import Accord
from accord.domain.interactions import Interaction
from accord.domain.offers import Offer
from accord.entrypoints.http.schemas.common import InputModel
from accord.entrypoints.http.schemas.corrections import (
    InteractionCorrection,
    OfferCorrection,
    Withdrawal,
)
from accord.services import corrections

__all__ = ["CORRECTIONS", "Action", "Correction", "Entry"]

Entry = Literal["offer", "interaction"]
Action = Literal["withdraw", "correct"]


T = TypeVar("T", Offer, Interaction)


@dataclass(frozen=True, slots=True)
class Correction(Generic[T]):
    """One correction: what its request holds, and the use case it calls."""

    body: type[InputModel]
    run: Callable[[Accord, int, int, Any, int | None], T]
    """``run(accord, negotiation_id, entry_id, body, expected_version)``."""


def _withdraw_offer(a: Accord, nid: int, oid: int, body: Withdrawal, v: int | None) -> Offer:
    return corrections.withdraw_offer(
        a.store.unit_of_work(), a.clock.now(), nid, oid, body.reason, expected_version=v
    )


def _correct_offer(a: Accord, nid: int, oid: int, body: OfferCorrection, v: int | None) -> Offer:
    return corrections.correct_offer(
        a.store.unit_of_work(), a.clock.now(), nid, oid, body.reason,
        values=body.values, at=body.at, expected_version=v,
    )  # fmt: skip


def _withdraw_interaction(
    a: Accord, nid: int, iid: int, body: Withdrawal, v: int | None
) -> Interaction:
    return corrections.withdraw_interaction(
        a.store.unit_of_work(), a.clock.now(), nid, iid, body.reason, expected_version=v
    )


def _correct_interaction(
    a: Accord, nid: int, iid: int, body: InteractionCorrection, v: int | None
) -> Interaction:
    changes = body.model_dump(exclude={"reason"}, exclude_none=True)
    return corrections.correct_interaction(
        a.store.unit_of_work(), a.clock.now(), nid, iid, body.reason, changes=changes,
        expected_version=v,
    )  # fmt: skip


# Any: each row's own type is known where it is read, by its key.
CORRECTIONS: dict[tuple[Entry, Action], Correction[Any]] = {
    ("offer", "withdraw"): Correction(Withdrawal, _withdraw_offer),
    ("offer", "correct"): Correction(OfferCorrection, _correct_offer),
    ("interaction", "withdraw"): Correction(Withdrawal, _withdraw_interaction),
    ("interaction", "correct"): Correction(InteractionCorrection, _correct_interaction),
}
"""Every correction, by entry and action."""
