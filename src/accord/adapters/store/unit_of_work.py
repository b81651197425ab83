"""The SQL unit of work: one session, rolled back unless told to commit."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from types import TracebackType
from typing import Self

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from accord.adapters.store.accounts import SqlAccounts
from accord.adapters.store.audit_changes import AUDIT_COLLECTOR
from accord.adapters.store.audit_log import SqlAuditLog
from accord.adapters.store.contracts import SqlContractRepository
from accord.adapters.store.document_templates import SqlDocumentTemplateStore
from accord.adapters.store.economics import SqlEconomicsQueries
from accord.adapters.store.economics_rollup import SqlEconomicsRollup
from accord.adapters.store.memberships import SqlMemberships
from accord.adapters.store.remittances import SqlRemittanceRepository
from accord.adapters.store.repositories import (
    SqlContactRepository,
    SqlNegotiationRepository,
    SqlOrganisationRepository,
)
from accord.adapters.store.scoping import SCOPE_KEY
from accord.adapters.store.summaries import SqlRecordSummaries
from accord.adapters.store.tables import form_key, record_version
from accord.adapters.store.underpaid_groups import SqlUnderpaidGroups
from accord.domain.negotiation import Negotiation
from accord.domain.permissions import check_changes
from accord.domain.scope import EVERYTHING, UNSCOPED_ROLES, Scope, scope_for
from accord.errors import ConflictError, PermissionDeniedError, StaleVersionError, StoreError
from accord.services.audit_ports import current_source

__all__ = ["SqlUnitOfWork"]

_VERSION = sa.select(record_version.c.token).where(record_version.c.id == 1)
_NEW_VERSION = (
    sa.update(record_version)
    .where(record_version.c.id == 1)
    .values(token=sa.bindparam("token", type_=sa.BigInteger))
)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class SqlUnitOfWork:
    """Use as ``with uow: ...; uow.commit()``; leaving the block rolls back the rest.

    Every change it commits is written to the audit trail in the same transaction, and
    is first checked against the acting user's role (``domain/permissions.py``): a
    viewer's change is refused with nothing written, whatever door called the service.
    The changes are the ORM's rows through the mapper hook (``audit_changes.py``), the
    rows written with SQLAlchemy Core by the repositories that write them, reads by the
    services that audit them (``uow.audit.record``). A rollback writes none.
    """

    organisations: SqlOrganisationRepository
    contacts: SqlContactRepository
    negotiations: SqlNegotiationRepository
    summaries: SqlRecordSummaries
    remittances: SqlRemittanceRepository
    contracts: SqlContractRepository
    economics: SqlEconomicsQueries
    economics_rollup: SqlEconomicsRollup
    underpaid_groups: SqlUnderpaidGroups
    document_templates: SqlDocumentTemplateStore
    accounts: SqlAccounts
    memberships: SqlMemberships
    audit: SqlAuditLog
    scope: Scope

    def __init__(
        self, session_factory: sessionmaker[Session], now: Callable[[], datetime] = _utc_now
    ) -> None:
        self._session_factory = session_factory
        self._session: Session | None = None
        self._now = now

    def __enter__(self) -> Self:
        self._session = self._session_factory()
        self.audit = SqlAuditLog(self._session, self._now)
        self._session.info[AUDIT_COLLECTOR] = self.audit.record
        self.organisations = SqlOrganisationRepository(self._session)
        self.contacts = SqlContactRepository(self._session)
        self.negotiations = SqlNegotiationRepository(self._session, self.audit.record)
        self.summaries = SqlRecordSummaries(self._session)
        self.remittances = SqlRemittanceRepository(self._session, self.audit.record)
        self.contracts = SqlContractRepository(self._session, self.audit.record)
        self.economics = SqlEconomicsQueries(self._session, self.audit.record)
        self.economics_rollup = SqlEconomicsRollup(self._session)
        self.underpaid_groups = SqlUnderpaidGroups(self._session, self.audit.record)
        self.document_templates = SqlDocumentTemplateStore(self._session, self.audit.record)
        self.accounts = SqlAccounts(self._session)
        self.memberships = SqlMemberships(self._session)
        self.scope = self._scope()
        self._session.info[SCOPE_KEY] = self.scope
        return self

    def _scope(self) -> Scope:
        """The acting user's organisation scope: every query of the record keeps to it
        (``scoping.py``). Owners, admins and the CLI need no query."""
        actor = current_source().actor
        if actor.role in UNSCOPED_ROLES:
            return EVERYTHING
        chosen = [] if actor.user_id is None else self.memberships.organisations_of(actor.user_id)
        return scope_for(actor, chosen)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # close() rolls back whatever was not committed without expiring the loaded
        # objects, so that a service can return them to its caller.
        session = self._require()
        self._session = None
        self.audit.discard()
        session.close()

    def _require(self) -> Session:
        if self._session is None:
            raise RuntimeError("use the unit of work in a with-block")
        return self._session

    def form_key(self) -> bytes | None:
        """The key that signs the web forms' tokens, shared by every server process."""
        key = self._require().scalar(sa.select(form_key.c.key).where(form_key.c.id == 1))
        return None if key is None else bytes(key)

    def flush(self) -> None:
        self._translate(self._require().flush)

    def commit(self) -> None:
        self._translate(self._commit)

    def _commit(self) -> None:
        """Flush, check the actor may make every change, write the audit entries of
        everything flushed, bump the record's version, and commit: all in one
        transaction (a refused change rolls it all back)."""
        # The new version is written last, after the flush and the audit entries, so
        # that the row's lock (PostgreSQL) is held only for the commit itself, never
        # while waiting on another row: writers queue on it for microseconds and cannot
        # deadlock on it.
        session = self._require()
        self._keep_to_scope(session)
        session.flush()  # the mapper hook collects the ORM's changes here
        source = current_source()
        # The audit trail lists every change, so the same list is what the role must
        # allow: one check for every write service, whatever door called it.
        try:
            check_changes(source.actor, self.audit.pending())
        except PermissionDeniedError:
            self.rollback()
            raise
        self.audit.write(source)
        session.execute(_NEW_VERSION, {"token": secrets.randbits(62)})
        session.commit()

    def _keep_to_scope(self, session: Session) -> None:
        """Refuse (403, nothing written) a negotiation added for, or moved to, an
        organisation outside the acting user's scope."""
        if self.scope.everything:
            return
        for held in (*session.new, *session.dirty):
            if isinstance(held, Negotiation) and not self.scope.allows(held.our_org_id):
                self.rollback()
                raise PermissionDeniedError(
                    "you work for other organisations: a negotiation can be recorded only "
                    "for one of yours; ask an owner or admin"
                )

    def record_version(self) -> int | None:
        """The record's version: a token that every commit replaces (None on a database
        without the row, which then never matches a cached answer)."""
        token = self._require().scalar(_VERSION)
        return None if token is None else int(token)

    def rollback(self) -> None:
        self._require().rollback()
        self.audit.discard()

    def _translate(self, action: object) -> None:
        assert callable(action)
        try:
            action()
        except StaleDataError as exc:
            self.rollback()
            raise StaleVersionError(
                "the negotiation was changed by someone else since you opened it; "
                "reload and apply your change again"
            ) from exc
        except sa_exc.IntegrityError as exc:
            self.rollback()
            raise ConflictError(f"the change conflicts with stored data: {exc.orig}") from exc
        except sa_exc.DBAPIError as exc:
            self.rollback()
            raise StoreError(f"the database failed: {exc.orig}") from exc
