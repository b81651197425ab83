"""Loading a negotiation for a change, with optimistic concurrency."""

from __future__ import annotations

from accord.domain.negotiation import Negotiation
from accord.errors import ConflictError
from accord.services.ports import UnitOfWork

__all__ = ["editable"]


def editable(
    uow: UnitOfWork, negotiation_id: int, expected_version: int | None = None
) -> Negotiation:
    """The negotiation to change. With ``expected_version`` (an API's If-Match, a form's
    hidden field), refuse when someone else changed it since that version was read."""
    negotiation = uow.negotiations.get(negotiation_id)
    if expected_version is not None and negotiation.version != expected_version:
        raise ConflictError(
            f"negotiation {negotiation_id} changed since you opened it (version "
            f"{expected_version}, now {negotiation.version}); reload and apply your change again"
        )
    return negotiation
