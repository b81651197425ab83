"""Maps the domain classes onto the tables (SQLAlchemy imperative mapping).

The domain stays plain Python; :func:`start_mappers` is called once by the store when
it is first built, never at import.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy.ext.orderinglist import ordering_list
from sqlalchemy.orm import registry, relationship

from accord.adapters.store import tables as t
from accord.adapters.store.audit_changes import listen_for_changes
from accord.domain.agreements import Agreement
from accord.domain.interactions import Interaction
from accord.domain.leverage import Ally, LeverageFactor
from accord.domain.negotiation import Negotiation
from accord.domain.offers import Offer
from accord.domain.organisations import Contact, Organisation
from accord.domain.stages import StageChange
from accord.domain.terms import Term

__all__ = ["start_mappers"]

_lock = threading.Lock()
_registry: registry | None = None


def start_mappers() -> None:
    """Map every aggregate class once per process (idempotent, thread-safe)."""
    global _registry
    with _lock:
        if _registry is not None:
            return
        reg = registry(metadata=t.metadata)
        reg.map_imperatively(Organisation, t.organisations)
        reg.map_imperatively(Contact, t.contacts)
        reg.map_imperatively(Term, t.terms)
        reg.map_imperatively(Offer, t.offers)
        reg.map_imperatively(Interaction, t.interactions)
        reg.map_imperatively(StageChange, t.stage_changes)
        reg.map_imperatively(LeverageFactor, t.leverage_factors)
        reg.map_imperatively(Ally, t.allies)
        reg.map_imperatively(Agreement, t.agreements)

        def children(cls: type, table_order: Any) -> Any:
            return relationship(
                cls,
                cascade="all, delete-orphan",
                order_by=table_order,
                lazy="selectin",
                passive_deletes=True,
            )

        reg.map_imperatively(
            Negotiation,
            t.negotiations,
            properties={
                "terms": relationship(
                    Term,
                    cascade="all, delete-orphan",
                    order_by=t.terms.c.position,
                    collection_class=ordering_list("position"),
                    lazy="selectin",
                    passive_deletes=True,
                ),
                "offer_history": children(Offer, (t.offers.c.at, t.offers.c.id)),
                "interaction_history": children(
                    Interaction, (t.interactions.c.at, t.interactions.c.id)
                ),
                "stage_history": children(StageChange, t.stage_changes.c.id),
                "leverage": children(LeverageFactor, t.leverage_factors.c.id),
                "allies": children(Ally, t.allies.c.id),
                "agreement": relationship(
                    Agreement,
                    uselist=False,
                    cascade="all, delete-orphan",
                    lazy="selectin",
                    passive_deletes=True,
                ),
            },
            # Versions are counted by Negotiation.touch(); the store checks them on
            # every UPDATE, so a change based on an old version is refused.
            version_id_col=t.negotiations.c.version,
            version_id_generator=False,
        )
        listen_for_changes()
        _registry = reg
