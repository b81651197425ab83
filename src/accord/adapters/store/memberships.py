"""Which organisations each user works for, in the database (SQLAlchemy Core)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from accord.adapters.store.membership_tables import user_organisations

__all__ = ["SqlMemberships"]

_links = user_organisations


class SqlMemberships:
    """The :class:`~accord.services.membership_ports.MembershipStore` of a unit of work."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def organisations_of(self, user_id: int) -> Sequence[int]:
        query = (
            sa.select(_links.c.organisation_id)
            .where(_links.c.user_id == user_id)
            .order_by(_links.c.organisation_id)
        )
        return [int(found) for found in self._session.scalars(query)]

    def replace(self, user_id: int, organisation_ids: Iterable[int]) -> None:
        self._session.execute(sa.delete(_links).where(_links.c.user_id == user_id))
        rows = [
            {"user_id": user_id, "organisation_id": oid} for oid in sorted(set(organisation_ids))
        ]
        if rows:
            self._session.execute(sa.insert(_links), rows)

    def every_user(self) -> Mapping[int, Sequence[int]]:
        query = sa.select(_links.c.user_id, _links.c.organisation_id).order_by(
            _links.c.user_id, _links.c.organisation_id
        )
        found: dict[int, list[int]] = {}
        for user_id, organisation_id in self._session.execute(query):
            found.setdefault(int(user_id), []).append(int(organisation_id))
        return found
