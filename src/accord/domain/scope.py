"""Which organisations' records an actor sees: the one rule of organisation scope.

A billing company serving several practices, or a hospital with several departments,
shares one Accord; a person working for one practice sees only that practice's
negotiations, contracts and remittances. The rule:

====================================================== =============================
who                                                    sees
====================================================== =============================
the local operator (the CLI), an owner, an admin       everything
nobody signed in                                       nothing
a user with no organisations chosen                    everything (as before scope
                                                       existed: a laptop and an
                                                       upgraded database keep working)
a user with organisations chosen                       only those organisations'
                                                       records
====================================================== =============================

"Our" organisation of a record is the negotiation's own side (``our_org_id``); a
contract's and a remittance's is the organisation whose TIN or NPI it carries (the
contract's TIN/NPI, the payment's payee id).

    >>> from accord.domain.accounts import Role
    >>> from accord.domain.actors import Actor, LOCAL
    >>> scope_for(LOCAL, [3]).everything
    True
    >>> scope_for(Actor(5, "bea", Role.NEGOTIATOR), [3, 4]).organisations
    frozenset({3, 4})
    >>> scope_for(Actor(5, "bea", Role.NEGOTIATOR), [3]).allows(7)
    False
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from accord.domain.accounts import Role
from accord.domain.actors import Actor

__all__ = ["EVERYTHING", "UNSCOPED_ROLES", "Scope", "scope_for"]

UNSCOPED_ROLES = frozenset({Role.OWNER, Role.ADMIN})
"""Roles that see every organisation's records whatever their memberships."""


@dataclass(frozen=True, slots=True)
class Scope:
    """The organisations whose records an actor sees (``None``: every organisation)."""

    organisations: frozenset[int] | None = None

    @property
    def everything(self) -> bool:
        return self.organisations is None

    def allows(self, organisation_id: int | None) -> bool:
        """Whether a record of ``organisation_id`` is visible (None: owned by nobody,
        so visible only to those who see everything)."""
        if self.organisations is None:
            return True
        return organisation_id is not None and organisation_id in self.organisations

    @property
    def key(self) -> tuple[int, ...] | None:
        """A hashable, ordered form for cache keys (None: everything)."""
        return None if self.organisations is None else tuple(sorted(self.organisations))


EVERYTHING = Scope()


def scope_for(actor: Actor, memberships: Iterable[int]) -> Scope:
    """The scope of ``actor``, who belongs to the organisations ``memberships``."""
    if actor.role in UNSCOPED_ROLES:
        return EVERYTHING
    if actor.user_id is None:  # nobody signed in (the sign-in page): no record at all
        return Scope(frozenset())
    chosen = frozenset(memberships)
    return Scope(chosen) if chosen else EVERYTHING
