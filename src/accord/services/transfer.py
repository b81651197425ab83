"""Use cases: export the record to an archive file and import one, losslessly.

An import runs in one transaction: it lands whole or not at all, even if the process
is killed half-way. It is resolved whole before that transaction writes anything, so
the transaction is short.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from accord.domain.accounts import Permission
from accord.domain.organisations import Organisation
from accord.services.archive_ports import ArchiveContents, Archives
from accord.services.import_plan import plan_import
from accord.services.permissions import require
from accord.services.ports import UnitOfWork

__all__ = ["ImportResult", "export_archive", "import_archive"]

Progress = Callable[[int, int], None]


def export_archive(
    uow: UnitOfWork,
    archives: Archives,
    now: datetime,
    path: Path,
    negotiation_id: int | None = None,
) -> int:
    """Write the whole database, or one negotiation with its organisations and contacts.

    Returns the number of negotiations written.
    """
    with uow:
        if negotiation_id is None:
            negotiations = list(uow.negotiations.list())
            organisations = list(uow.organisations.list())
            contacts = list(uow.contacts.list())
        else:
            negotiation = uow.negotiations.get(negotiation_id)
            negotiations = [negotiation]
            wanted = {negotiation.our_org_id, negotiation.counterparty_id}
            wanted |= {a.organisation_id for a in negotiation.allies if a.organisation_id}
            organisations = _with_parents(uow, wanted)
            contacts = [c for org_id in sorted(wanted) for c in uow.contacts.list(org_id)]
        organisations.sort(key=lambda o: o.id or 0)
        contacts.sort(key=lambda c: c.id or 0)
        archives.write(
            path, ArchiveContents(organisations, contacts, negotiations), exported_at=now
        )
        return len(negotiations)


def _with_parents(uow: UnitOfWork, ids: set[int]) -> list[Organisation]:
    found: dict[int, Organisation] = {}
    pending = set(ids)
    while pending:
        org = uow.organisations.get(pending.pop())
        assert org.id is not None
        found[org.id] = org
        if org.parent_id is not None and org.parent_id not in found:
            pending.add(org.parent_id)
    return list(found.values())


@dataclass(frozen=True)
class ImportResult:
    organisations_created: int
    organisations_matched: int
    contacts_created: int
    negotiations_imported: int
    negotiations_replaced: int


def import_archive(
    uow: UnitOfWork,
    archives: Archives,
    path: Path,
    *,
    replace: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import an archive. Organisations are matched by name, contacts by organisation and
    all their details (never two archived contacts onto one); a negotiation that exists
    already (same uid) is an error unless ``replace``.

    Everything that could refuse the archive is checked, and every row built, before
    the first write (``import_plan.py``); then the store writes it all in one short
    transaction, so that other writers wait seconds at most, and a refused or
    interrupted import leaves nothing behind.
    """
    require(Permission.EDIT_RECORD, "import an archive")  # before reading it
    archive = archives.read(path)
    with uow:
        plan = plan_import(uow, archive, path, replace=replace, progress=progress)
        uow.negotiations.write_import(plan)
        uow.commit()
    return ImportResult(
        organisations_created=len(plan.organisations),
        organisations_matched=plan.organisations_matched,
        contacts_created=len(plan.contacts),
        negotiations_imported=len(plan.negotiations),
        negotiations_replaced=len(plan.replaced),
    )
