"""The SQL unit of work: one session, rolled back unless told to commit."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from accord.adapters.store.contracts import SqlContractRepository
from accord.adapters.store.document_templates import SqlDocumentTemplateStore
from accord.adapters.store.economics import SqlEconomicsQueries
from accord.adapters.store.economics_rollup import SqlEconomicsRollup
from accord.adapters.store.remittances import SqlRemittanceRepository
from accord.adapters.store.repositories import (
    SqlContactRepository,
    SqlNegotiationRepository,
    SqlOrganisationRepository,
)
from accord.adapters.store.summaries import SqlRecordSummaries
from accord.errors import ConflictError, StaleVersionError, StoreError

__all__ = ["SqlUnitOfWork"]


class SqlUnitOfWork:
    """Use as ``with uow: ...; uow.commit()``; leaving the block rolls back the rest."""

    organisations: SqlOrganisationRepository
    contacts: SqlContactRepository
    negotiations: SqlNegotiationRepository
    summaries: SqlRecordSummaries
    remittances: SqlRemittanceRepository
    contracts: SqlContractRepository
    economics: SqlEconomicsQueries
    economics_rollup: SqlEconomicsRollup
    document_templates: SqlDocumentTemplateStore

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory
        self._session: Session | None = None

    def __enter__(self) -> Self:
        self._session = self._session_factory()
        self.organisations = SqlOrganisationRepository(self._session)
        self.contacts = SqlContactRepository(self._session)
        self.negotiations = SqlNegotiationRepository(self._session)
        self.summaries = SqlRecordSummaries(self._session)
        self.remittances = SqlRemittanceRepository(self._session)
        self.contracts = SqlContractRepository(self._session)
        self.economics = SqlEconomicsQueries(self._session)
        self.economics_rollup = SqlEconomicsRollup(self._session)
        self.document_templates = SqlDocumentTemplateStore(self._session)
        return self

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
        session.close()

    def _require(self) -> Session:
        if self._session is None:
            raise RuntimeError("use the unit of work in a with-block")
        return self._session

    def flush(self) -> None:
        self._translate(self._require().flush)

    def commit(self) -> None:
        self._translate(self._require().commit)

    def rollback(self) -> None:
        self._require().rollback()

    def _translate(self, action: object) -> None:
        assert callable(action)
        try:
            action()
        except StaleDataError as exc:
            self._require().rollback()
            raise StaleVersionError(
                "the negotiation was changed by someone else since you opened it; "
                "reload and apply your change again"
            ) from exc
        except sa_exc.IntegrityError as exc:
            self._require().rollback()
            raise ConflictError(f"the change conflicts with stored data: {exc.orig}") from exc
        except sa_exc.DBAPIError as exc:
            self._require().rollback()
            raise StoreError(f"the database failed: {exc.orig}") from exc
