"""What the services need from the outside world, as protocols the adapters satisfy."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from accord.domain.document_templates import KindTemplate, OrganisationLetterhead
from accord.domain.documents import DocumentKind
from accord.domain.docx_template_fields import DocxTemplate
from accord.domain.negotiation import Negotiation
from accord.domain.organisations import Contact, Organisation, OrganisationKind
from accord.domain.remittance import NetClaim, Payment, RemittanceRow
from accord.domain.remittance_batch import RemittanceBatch
from accord.domain.scope import Scope
from accord.domain.stages import Stage
from accord.services.account_ports import AccountStore
from accord.services.archive_ports import ImportPlan
from accord.services.audit_ports import AuditLog
from accord.services.economics_ports import (
    ContractRepository,
    EconomicsQueries,
    EconomicsRollup,
    UnderpaidGroups,
)
from accord.services.membership_ports import MembershipStore
from accord.services.read_model import (
    AgreementMonth,
    AgreementRow,
    ContactRow,
    NegotiationRow,
)

__all__ = [
    "Clock",
    "ContactRepository",
    "DocumentTemplateStore",
    "NegotiationRepository",
    "OrganisationRepository",
    "RecordSummaries",
    "RemittanceRepository",
    "UnitOfWork",
    "UnitOfWorkFactory",
]


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...


class OrganisationRepository(Protocol):
    def add(self, organisation: Organisation) -> Organisation: ...
    def get(self, organisation_id: int) -> Organisation: ...
    def list(self, kind: OrganisationKind | None = None) -> Sequence[Organisation]: ...
    def find(self, name: str) -> Organisation | None: ...


class ContactRepository(Protocol):
    def add(self, contact: Contact) -> Contact: ...
    def get(self, contact_id: int) -> Contact: ...
    def list(self, organisation_id: int | None = None) -> Sequence[Contact]: ...


class NegotiationRepository(Protocol):
    def add(self, negotiation: Negotiation) -> Negotiation: ...
    def write_import(self, plan: ImportPlan) -> None:
        """Write an import plan whole, its organisations and contacts too, swapping its
        provisional ids for real ones; one audit entry per negotiation. Nothing in the
        plan can fail on data: the writer's lock is held for the inserts only."""
        ...

    def get(self, negotiation_id: int) -> Negotiation: ...
    def find_uid(self, uid: str) -> Negotiation | None: ...
    def find_uids(self, uids: Sequence[str]) -> Sequence[Negotiation]: ...
    def list(
        self, stage: Stage | None = None, *, include_demo: bool = True
    ) -> Sequence[Negotiation]: ...
    def delete(self, negotiation: Negotiation) -> None: ...


class RecordSummaries(Protocol):
    """The read model: lists across negotiations and contacts, computed by the store.

    Its rows carry counts, dates and sums instead of whole negotiations, so that a list
    costs the same with fifty negotiations or fifty thousand.
    """

    def stage_counts(self, *, include_demo: bool = True) -> dict[Stage, int]: ...
    def board(
        self,
        now: datetime,
        *,
        stages: Sequence[Stage],
        offset: int = 0,
        limit: int = 50,
        include_demo: bool = True,
    ) -> dict[Stage, list[NegotiationRow]]: ...
    def overdue(
        self, now: datetime, *, limit: int = 50, include_demo: bool = True
    ) -> tuple[int, list[NegotiationRow]]: ...
    def next_follow_up_due(self, now: datetime) -> datetime | None:
        """The earliest follow-up still owed that is due at or after ``now``: until
        then, no follow-up becomes overdue (of any negotiation)."""
        ...

    def by_id(
        self,
        now: datetime,
        *,
        stage: Stage | None = None,
        offset: int = 0,
        limit: int = 50,
        include_demo: bool = True,
    ) -> tuple[int, list[NegotiationRow]]: ...
    def agreements(
        self, *, include_demo: bool = True, offset: int = 0, limit: int | None = None
    ) -> list[AgreementRow]: ...
    def agreement_months(self, *, include_demo: bool = True) -> list[AgreementMonth]: ...
    def count_contacts(self, organisation_id: int | None = None) -> int: ...
    def contacts(
        self,
        organisation_id: int | None = None,
        *,
        offset: int = 0,
        limit: int | None = 100,
        named_per_contact: int = 10,
    ) -> list[ContactRow]: ...


class RemittanceRepository(Protocol):
    """Stored 835 files and payments; written once, never edited."""

    def file_named_by_hash(self, sha256: str) -> str | None: ...
    def files_named_by_hashes(self, hashes: Sequence[str]) -> dict[str, str]:
        """The name each of ``hashes`` was ingested under, for those already ingested."""
        ...

    def stored_traces(self, keys: Sequence[tuple[str, str]]) -> set[tuple[str, str]]: ...
    def add_file(self, *, name: str, sha256: str, size_bytes: int, at: datetime) -> int: ...
    def add_files(self, files: Sequence[tuple[str, str, int]], *, at: datetime) -> list[int]:
        """Insert files given as (name, SHA-256, size in bytes); their ids in order."""
        ...

    def add_batches(self, parts: Sequence[tuple[int, RemittanceBatch]]) -> list[int]:
        """Insert several files' batches (file id, batch) at once; the payments' ids.
        Raises :class:`accord.errors.StoreError` if the database refuses them."""
        ...

    def add_payment(self, file_id: int, payment: Payment) -> int: ...
    def add_payments(self, file_id: int, payments: Sequence[Payment]) -> list[int]: ...
    def add_batch(self, file_id: int, batch: RemittanceBatch) -> list[int]: ...
    def count(self) -> int: ...
    def rows(self, *, offset: int = 0, limit: int = 100) -> list[RemittanceRow]: ...
    def get(self, payment_id: int) -> tuple[RemittanceRow, Payment]: ...
    def net_claims(
        self,
        *,
        claim_numbers: Sequence[str] | None = None,
        originator: str | None = None,
        offset: int = 0,
        limit: int = 100,
    ) -> tuple[int, list[NetClaim]]: ...


class DocumentTemplateStore(Protocol):
    """The organisation's stored letterhead and per-kind templates (empty when unset)."""

    def letterhead(self) -> OrganisationLetterhead: ...
    def save_letterhead(self, letterhead: OrganisationLetterhead, at: datetime) -> None: ...
    def template(self, kind: DocumentKind) -> KindTemplate: ...
    def save_template(self, template: KindTemplate, at: datetime) -> None: ...
    def docx_template(self, kind: DocumentKind) -> DocxTemplate | None: ...
    def save_docx_template(
        self, kind: DocumentKind, template: DocxTemplate | None, at: datetime
    ) -> None: ...


class UnitOfWork(Protocol):
    """A transaction over the repositories: nothing is saved unless :meth:`commit` runs."""

    @property
    def organisations(self) -> OrganisationRepository: ...
    @property
    def contacts(self) -> ContactRepository: ...
    @property
    def negotiations(self) -> NegotiationRepository: ...
    @property
    def summaries(self) -> RecordSummaries: ...
    @property
    def remittances(self) -> RemittanceRepository: ...
    @property
    def contracts(self) -> ContractRepository: ...
    @property
    def economics(self) -> EconomicsQueries: ...
    @property
    def economics_rollup(self) -> EconomicsRollup: ...
    @property
    def underpaid_groups(self) -> UnderpaidGroups: ...
    @property
    def document_templates(self) -> DocumentTemplateStore: ...
    @property
    def accounts(self) -> AccountStore: ...
    @property
    def memberships(self) -> MembershipStore: ...
    @property
    def scope(self) -> Scope:
        """The acting user's organisation scope, resolved when the unit of work opens;
        the store keeps every query of the record to it."""
        ...

    @property
    def audit(self) -> AuditLog:
        """The audit trail: changes are recorded at commit; services record reads."""
        ...

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None:
        """Save everything, with its audit entries, in one transaction.

        Raises :class:`~accord.errors.PermissionDeniedError` (and saves nothing) when
        the acting user's role (:func:`~accord.services.audit_ports.current_source`)
        does not allow one of the changes (``domain/permissions.py``).
        """
        ...

    def rollback(self) -> None: ...
    def record_version(self) -> int | None:
        """A token that every commit (from any process) replaces; None when unknown."""
        ...

    def form_key(self) -> bytes | None:
        """The key of the web forms' tokens, the same for every server process."""
        ...

    def flush(self) -> None:
        """Send pending changes so that new records get their ids, without committing."""
        ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...
