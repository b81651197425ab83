"""Loading a negotiation for a change, with optimistic concurrency where it protects.

Two kinds of change, two rules:

- An **edit** (a stage, the goals, a term, the agreement...) replaces something. Made
  under an expected version (an API's If-Match, a form's hidden field), it is refused
  when someone else changed the negotiation since; made without one, it applies to the
  current version, and a race with another writer is retried, never shown.
- An **append** (an offer, an interaction, a checklist answer or research note, a
  competitor price, a leverage factor, an ally) overwrites nothing, so it never
  conflicts: the expected version is not checked and a race is retried.

Every change still adds one to the version, so an ETag always tells a reader that the
record moved.
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from accord.domain.negotiation import Negotiation
from accord.errors import ConflictError, StaleVersionError
from accord.services.ports import UnitOfWork

__all__ = ["MAX_ATTEMPTS", "appends", "editable", "edits"]

P = ParamSpec("P")
R = TypeVar("R")

# Each lost race means another writer committed, so 16 concurrent writers need at most
# 16 attempts; the margin covers a burst. Past it the race is reported as a conflict.
MAX_ATTEMPTS = 40


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


def _retrying(service: Callable[P, R], *, append: bool) -> Callable[P, R]:
    @functools.wraps(service)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if append:
            # An append replaces nothing: whatever version the caller saw, adding to
            # the record cannot undo anyone's work.
            kwargs["expected_version"] = None
        explicit = kwargs.get("expected_version") is not None
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                return service(*args, **kwargs)
            except StaleVersionError:
                if explicit or attempt == MAX_ATTEMPTS:
                    raise
                # Jitter so that the writers who lost together do not race again.
                time.sleep(random.uniform(0, 0.002 * attempt))
        raise AssertionError("unreachable")  # pragma: no cover

    return run


def edits(service: Callable[P, R]) -> Callable[P, R]:
    """Mark a service as an edit: checked against ``expected_version`` when given,
    retried on a race when not (the change then applies to the current version)."""
    return _retrying(service, append=False)


def appends(service: Callable[P, R]) -> Callable[P, R]:
    """Mark a service as an append: never refused for a version, retried on a race."""
    return _retrying(service, append=True)
