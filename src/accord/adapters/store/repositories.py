"""Repositories over a SQLAlchemy session: one per aggregate, no commits inside."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from accord.adapters.store import tables as t
from accord.adapters.store.audit_changes import Recorder
from accord.adapters.store.bulk import write_import
from accord.adapters.store.scoping import negotiation_conditions, scope_of
from accord.domain.negotiation import Negotiation
from accord.domain.organisations import Contact, Organisation, OrganisationKind
from accord.domain.stages import Stage
from accord.errors import NotFoundError, PermissionDeniedError
from accord.services.archive_ports import ImportPlan

__all__ = ["SqlContactRepository", "SqlNegotiationRepository", "SqlOrganisationRepository"]


class SqlOrganisationRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, organisation: Organisation) -> Organisation:
        self._session.add(organisation)
        return organisation

    def get(self, organisation_id: int) -> Organisation:
        found = self._session.get(Organisation, organisation_id)
        if found is None:
            raise NotFoundError(f"no organisation with id {organisation_id}")
        return found

    def list(self, kind: OrganisationKind | None = None) -> Sequence[Organisation]:
        query = sa.select(Organisation).order_by(t.organisations.c.name, t.organisations.c.id)
        if kind is not None:
            query = query.where(t.organisations.c.kind == kind)
        return self._session.scalars(query).all()

    def find(self, name: str) -> Organisation | None:
        if "\x00" in name:  # no stored name holds one (the domain refuses it), and
            return None  # PostgreSQL refuses it even in a query's parameter
        query = sa.select(Organisation).where(
            sa.func.lower(t.organisations.c.name) == name.strip().lower()
        )
        return self._session.scalars(query.order_by(t.organisations.c.id)).first()


class SqlContactRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, contact: Contact) -> Contact:
        self._session.add(contact)
        return contact

    def get(self, contact_id: int) -> Contact:
        found = self._session.get(Contact, contact_id)
        if found is None:
            raise NotFoundError(f"no contact with id {contact_id}")
        return found

    def list(self, organisation_id: int | None = None) -> Sequence[Contact]:
        query = sa.select(Contact).order_by(t.contacts.c.name, t.contacts.c.id)
        if organisation_id is not None:
            query = query.where(t.contacts.c.organisation_id == organisation_id)
        return self._session.scalars(query).all()


class SqlNegotiationRepository:
    def __init__(self, session: Session, record: Recorder) -> None:
        self._session = session
        self._record = record

    def add(self, negotiation: Negotiation) -> Negotiation:
        self._session.add(negotiation)
        return negotiation

    def write_import(self, plan: ImportPlan) -> None:
        """Write an import plan whole (its organisations and contacts too): in one short
        run of bulk inserts, an audit entry per negotiation (``bulk.py``). A user who
        works for some organisations may import only negotiations of theirs."""
        scope = scope_of(self._session)
        if any(not scope.allows(n.our_org_id) for n in [*plan.negotiations, *plan.replaced]):
            raise PermissionDeniedError(
                "you work for other organisations: an import may hold only negotiations "
                "of yours; ask an owner or admin"
            )
        write_import(self._session, plan, self._record)

    def get(self, negotiation_id: int) -> Negotiation:
        found = self._session.get(Negotiation, negotiation_id)
        # Out of the actor's scope reads as absent: existence is not revealed.
        if found is None or not scope_of(self._session).allows(found.our_org_id):
            raise NotFoundError(f"no negotiation with id {negotiation_id}")
        return found

    def find_uid(self, uid: str) -> Negotiation | None:
        query = sa.select(Negotiation).where(t.negotiations.c.uid == uid)
        return self._session.scalars(query).first()

    def find_uids(self, uids: Sequence[str]) -> Sequence[Negotiation]:
        """The stored negotiations among ``uids`` (queried in chunks)."""
        found: list[Negotiation] = []
        for start in range(0, len(uids), 500):
            chunk = list(uids[start : start + 500])
            query = sa.select(Negotiation).where(t.negotiations.c.uid.in_(chunk))
            found.extend(self._session.scalars(query))
        return found

    def list(
        self, stage: Stage | None = None, *, include_demo: bool = True
    ) -> Sequence[Negotiation]:
        query = sa.select(Negotiation).order_by(t.negotiations.c.id)
        query = query.where(*negotiation_conditions(self._session))
        if stage is not None:
            query = query.where(t.negotiations.c.stage == stage)
        if not include_demo:
            query = query.where(t.negotiations.c.is_demo.is_(False))
        return self._session.scalars(query).all()

    def delete(self, negotiation: Negotiation) -> None:
        self._session.delete(negotiation)
