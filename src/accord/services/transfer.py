"""Use cases: export the record to an archive file and import one, losslessly.

An import runs in one transaction: it lands whole or not at all, even if the process
is killed half-way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from accord.domain.accounts import Permission
from accord.domain.interactions import Interaction
from accord.domain.negotiation import Negotiation
from accord.domain.offers import Offer
from accord.domain.organisations import Contact, Organisation
from accord.errors import ConflictError
from accord.services.archive_ports import ArchiveContents, Archives
from accord.services.permissions import require
from accord.services.ports import UnitOfWork

__all__ = ["ImportResult", "export_archive", "import_archive"]

Progress = Callable[[int, int], None]
FLUSH_EVERY = 200


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
    already (same uid) is an error unless ``replace``."""
    require(Permission.EDIT_RECORD, "import an archive")  # before reading it
    archive = archives.read(path)
    total = len(archive.negotiations)
    with uow:
        org_ids, created, matched = _import_organisations(uow, archive)
        contact_ids, contacts_created = _import_contacts(uow, archive, org_ids)
        existing = {
            n.uid: n for n in uow.negotiations.find_uids([n.uid for n in archive.negotiations])
        }
        if existing and not replace:
            first = next(iter(existing.values()))
            raise ConflictError(
                f"{len(existing)} negotiation(s) in the archive exist already, e.g. "
                f"{first.uid} ({first.title!r}) as id {first.id}; import with --replace "
                "to overwrite them"
            )
        for negotiation in existing.values():
            uow.negotiations.delete(negotiation)
        if existing:
            uow.flush()
        # Through the ORM, batch by batch: corrections name the offers and interactions
        # they correct, whose new ids exist only once flushed. (The row-wise bulk path,
        # uow.negotiations.add_all, does not yet write the correction history.)
        links: list[tuple[Offer | Interaction, Offer | Interaction]] = []
        for done, negotiation in enumerate(archive.negotiations, start=1):
            links += _rebase(negotiation, org_ids, contact_ids)
            uow.negotiations.add(negotiation)
            if done % FLUSH_EVERY == 0:
                uow.flush()  # batched inserts, and a progress bar that means something
            if progress is not None:
                progress(done, total)
        if links:
            uow.flush()  # the new ids of corrected entries, for the corrections naming them
            for correction, original in links:
                correction.corrects_id = original.id
        replaced = len(existing)
        uow.commit()
    return ImportResult(created, matched, contacts_created, total, replaced)


def _import_organisations(
    uow: UnitOfWork, archive: ArchiveContents
) -> tuple[dict[int, int], int, int]:
    mapping: dict[int, int] = {}
    created = matched = 0
    new_orgs: list[tuple[Organisation, int | None]] = []
    for org in archive.organisations:
        old_id = org.id
        existing = uow.organisations.find(org.name)
        if existing is not None:
            assert existing.id is not None and old_id is not None
            mapping[old_id] = existing.id
            matched += 1
            continue
        parent = org.parent_id
        org.id = None
        org.parent_id = None
        uow.organisations.add(org)
        new_orgs.append((org, parent))
        uow.flush()
        assert org.id is not None and old_id is not None
        mapping[old_id] = org.id
        created += 1
    for org, parent in new_orgs:
        if parent is not None:
            org.parent_id = mapping.get(parent)
    return mapping, created, matched


def _import_contacts(
    uow: UnitOfWork, archive: ArchiveContents, org_ids: dict[int, int]
) -> tuple[dict[int, int], int]:
    """Map each archived contact onto an identical one in the target, or create it.

    A contact matches only a target contact with the same details (name, role, title,
    department, e-mail, phone, notes), and each target contact is matched at most once:
    two people with the same name in one organisation stay two people.
    """
    mapping: dict[int, int] = {}
    created = 0
    unmatched: dict[int, dict[tuple[str, ...], list[Contact]]] = {}
    for contact in archive.contacts:
        old_id = contact.id
        organisation_id = org_ids.get(contact.organisation_id)
        if organisation_id is None:
            raise ConflictError(
                f"contact {contact.name!r} belongs to organisation {contact.organisation_id}, "
                "which the archive does not contain"
            )
        if organisation_id not in unmatched:
            unmatched[organisation_id] = _by_details(uow.contacts.list(organisation_id))
        candidates = unmatched[organisation_id].get(_details(contact), [])
        if candidates:
            target: Contact = candidates.pop(0)
        else:
            contact.id = None
            contact.organisation_id = organisation_id
            target = uow.contacts.add(contact)
            uow.flush()
            created += 1
        assert target.id is not None and old_id is not None
        mapping[old_id] = target.id
    return mapping, created


def _details(contact: Contact) -> tuple[str, ...]:
    return (
        contact.name, str(contact.role), contact.title, contact.department,
        contact.email, contact.phone, contact.notes,
    )  # fmt: skip


def _by_details(contacts: Sequence[Contact]) -> dict[tuple[str, ...], list[Contact]]:
    found: dict[tuple[str, ...], list[Contact]] = {}
    for contact in sorted(contacts, key=lambda c: c.id or 0):
        found.setdefault(_details(contact), []).append(contact)
    return found


_Entry = TypeVar("_Entry", Offer, Interaction)


def _correction_links(entries: list[_Entry]) -> list[tuple[_Entry, _Entry]]:
    """(correction, the entry it corrects) pairs, found by the archive's ids."""
    by_id = {e.id: e for e in entries if e.id is not None}
    return [(e, by_id[e.corrects_id]) for e in entries if e.corrects_id in by_id]


def _rebase(
    negotiation: Negotiation, org_ids: dict[int, int], contact_ids: dict[int, int]
) -> list[tuple[Offer | Interaction, Offer | Interaction]]:
    """Give a negotiation from an archive the target database's ids; return the
    corrections whose ``corrects_id`` must name the new id of their original."""

    def org(old: int) -> int:
        if old not in org_ids:
            raise ConflictError(
                f"negotiation {negotiation.title!r} refers to organisation {old}, "
                "which the archive does not contain"
            )
        return org_ids[old]

    negotiation.id = None
    negotiation.our_org_id = org(negotiation.our_org_id)
    negotiation.counterparty_id = org(negotiation.counterparty_id)
    negotiation.contact_ids = [contact_ids[c] for c in negotiation.contact_ids if c in contact_ids]
    for term in negotiation.terms:
        term.id = None
    links = _correction_links(negotiation.offer_history) + _correction_links(
        negotiation.interaction_history
    )
    for offer in negotiation.offer_history:
        offer.id = None
    for change in negotiation.stage_history:
        change.id = None
    for factor in negotiation.leverage:
        factor.id = None
    for interaction in negotiation.interaction_history:
        interaction.id = None
        if interaction.contact_id is not None:
            interaction.contact_id = contact_ids.get(interaction.contact_id)
    for ally in negotiation.allies:
        ally.id = None
        if ally.organisation_id is not None:
            ally.organisation_id = org(ally.organisation_id)
    if negotiation.agreement is not None:
        negotiation.agreement.id = None
    return list(links)
