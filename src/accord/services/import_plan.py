"""An archive resolved against the store before the first write of an import.

Everything that can refuse an import is decided here, while nothing is locked: a uid
given twice in the archive or stored already, an organisation, contact or corrected
entry the archive names but does not hold, a loop of parent organisations, two terms of
one negotiation with one name. What comes out (:class:`ImportPlan`) links new rows by
provisional ids, so the store writes it in one short transaction that no data can fail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Protocol, TypeVar

from accord.domain.counts import counted
from accord.domain.interactions import Interaction
from accord.domain.negotiation import Negotiation
from accord.domain.offers import Offer
from accord.domain.organisations import Contact, Organisation
from accord.errors import ConflictError, InputFileError
from accord.services.archive_ports import ArchiveContents, ImportPlan
from accord.services.ports import UnitOfWork

__all__ = ["plan_import"]

Progress = Callable[[int, int], None]


class _Numbered(Protocol):
    id: int | None


class _Ids:
    """Provisional ids, ``-1, -2, …`` per kind of row, in the order they are given."""

    def __init__(self) -> None:
        self._last: dict[str, int] = {}

    def give(self, kind: str, rows: Iterable[_Numbered]) -> None:
        for row in rows:
            self._last[kind] = self._last.get(kind, 0) - 1
            row.id = self._last[kind]


def plan_import(
    uow: UnitOfWork,
    archive: ArchiveContents,
    path: Path,
    *,
    replace: bool,
    progress: Progress | None = None,
) -> ImportPlan:
    """Resolve ``archive`` (read from ``path``) against the store, inside ``uow`` but
    before any write; raise :class:`InputFileError` naming the bad value's place in the
    archive, or :class:`ConflictError` for uids stored already (unless ``replace``)."""
    where = str(path)
    _check_unique_uids(archive.negotiations, where)
    plan = ImportPlan()
    ids = _Ids()
    org_ids = _plan_organisations(uow, archive.organisations, plan, ids, where)
    contact_ids = _plan_contacts(uow, archive.contacts, org_ids, plan, ids, where)
    existing = uow.negotiations.find_uids([n.uid for n in archive.negotiations])
    if existing and not replace:
        first = existing[0]
        raise ConflictError(
            f"{counted(len(existing), 'negotiation')} in the archive "
            f"{'exists' if len(existing) == 1 else 'exist'} already, e.g. "
            f"{first.uid} ({first.title!r}) as id {first.id}; import with --replace "
            "to overwrite them"
        )
    plan.replaced = list(existing)
    total = len(archive.negotiations)
    for done, negotiation in enumerate(archive.negotiations, start=1):
        at = f"negotiations[{done - 1}]"
        _rebase(negotiation, at, org_ids, contact_ids, where)
        _number(negotiation, ids, at, where)
        plan.negotiations.append(negotiation)
        if progress is not None:
            progress(done, total)
    return plan


def _check_unique_uids(negotiations: Sequence[Negotiation], where: str) -> None:
    first: dict[str, int] = {}
    for index, negotiation in enumerate(negotiations):
        seen = first.setdefault(negotiation.uid, index)
        if seen != index:
            raise InputFileError(
                f"negotiations[{index}].uid: {negotiation.uid} is also the uid of "
                f"negotiations[{seen}]; each negotiation needs its own",
                path=where,
            )


def _archived_ids(ids: Iterable[int | None], key: str, where: str) -> None:
    first: dict[int | None, int] = {}
    for index, row_id in enumerate(ids):
        if row_id is None:
            raise InputFileError(f"{key}[{index}].id: required field missing", path=where)
        seen = first.setdefault(row_id, index)
        if seen != index:
            raise InputFileError(
                f"{key}[{index}].id: {row_id} is also the id of {key}[{seen}]; the "
                "archive's links would be ambiguous",
                path=where,
            )


def _plan_organisations(
    uow: UnitOfWork,
    organisations: Sequence[Organisation],
    plan: ImportPlan,
    ids: _Ids,
    where: str,
) -> dict[int, int]:
    """Archive id → stored id (matched by name) or provisional id (new), with the new
    organisations in ``plan`` ordered parents first."""
    _archived_ids((o.id for o in organisations), "organisations", where)
    mapping: dict[int, int] = {}
    new: list[tuple[int, Organisation]] = []
    by_name: dict[str, Organisation] = {}  # the second of a name matches the first
    target: dict[int, Organisation] = {}  # archive id → the new organisation it becomes
    for index, org in enumerate(organisations):
        assert org.id is not None
        stored = uow.organisations.find(org.name)
        if stored is not None:
            assert stored.id is not None
            mapping[org.id] = stored.id
        elif org.name.lower() in by_name:
            target[org.id] = by_name[org.name.lower()]
        else:
            new.append((index, org))
            target[org.id] = by_name[org.name.lower()] = org
            continue
        plan.organisations_matched += 1
    for index, org in new:
        if org.parent_id is not None and org.parent_id not in mapping | target:
            raise InputFileError(
                f"organisations[{index}].parent_id: names organisation {org.parent_id}, "
                "which the archive does not hold",
                path=where,
            )
    ordered = _parents_first(new, target, where)
    ids.give("organisation", ordered)
    for archived, org in target.items():
        assert org.id is not None
        mapping[archived] = org.id
    for _, org in new:
        if org.parent_id is not None:
            org.parent_id = mapping[org.parent_id]
    plan.organisations = ordered
    return mapping


def _parents_first(
    new: list[tuple[int, Organisation]], target: dict[int, Organisation], where: str
) -> list[Organisation]:
    """The new organisations with each parent before its children (a loop refused)."""
    ordered: list[Organisation] = []
    placed: set[int] = set()
    for index, org in new:
        chain: list[Organisation] = []
        step: Organisation | None = org
        while step is not None and id(step) not in placed:
            if any(step is seen for seen in chain):
                raise InputFileError(
                    f"organisations[{index}].parent_id: the parents of {org.name!r} "
                    "lead back to it",
                    path=where,
                )
            chain.append(step)
            step = None if step.parent_id is None else target.get(step.parent_id)
        for member in reversed(chain):
            placed.add(id(member))
            ordered.append(member)
    return ordered


def _details(contact: Contact) -> tuple[str, ...]:
    return (
        contact.name, str(contact.role), contact.title, contact.department,
        contact.email, contact.phone, contact.notes,
    )  # fmt: skip


def _plan_contacts(
    uow: UnitOfWork,
    contacts: Sequence[Contact],
    org_ids: dict[int, int],
    plan: ImportPlan,
    ids: _Ids,
    where: str,
) -> dict[int, int]:
    """Map each archived contact onto an identical stored one, or plan it as new.

    A contact matches only a stored contact of its organisation with the same details
    (name, role, title, department, e-mail, phone, notes), and each stored contact is
    matched at most once: two people with one name in one organisation stay two people.
    """
    _archived_ids((c.id for c in contacts), "contacts", where)
    mapping: dict[int, int] = {}
    unmatched: dict[int, dict[tuple[str, ...], list[int]]] = {}
    for index, contact in enumerate(contacts):
        assert contact.id is not None
        organisation_id = org_ids.get(contact.organisation_id)
        if organisation_id is None:
            raise InputFileError(
                f"contacts[{index}].organisation_id: names organisation "
                f"{contact.organisation_id}, which the archive does not hold",
                path=where,
            )
        if organisation_id > 0 and organisation_id not in unmatched:
            unmatched[organisation_id] = _by_details(uow.contacts.list(organisation_id))
        candidates = unmatched.get(organisation_id, {}).get(_details(contact), [])
        if candidates:
            mapping[contact.id] = candidates.pop(0)
            continue
        archived_id = contact.id
        contact.organisation_id = organisation_id
        plan.contacts.append(contact)
        ids.give("contact", [contact])
        assert contact.id is not None
        mapping[archived_id] = contact.id
    return mapping


def _by_details(contacts: Sequence[Contact]) -> dict[tuple[str, ...], list[int]]:
    found: dict[tuple[str, ...], list[int]] = {}
    for contact in sorted(contacts, key=lambda c: c.id or 0):
        assert contact.id is not None
        found.setdefault(_details(contact), []).append(contact.id)
    return found


def _rebase(
    negotiation: Negotiation,
    at: str,
    org_ids: dict[int, int],
    contact_ids: dict[int, int],
    where: str,
) -> None:
    """Point a negotiation from the archive at stored or planned organisations and
    contacts; refuse a name the archive does not hold."""

    def org(old: int, field: str) -> int:
        if old not in org_ids:
            raise InputFileError(
                f"{at}.{field}: names organisation {old}, which the archive does not hold",
                path=where,
            )
        return org_ids[old]

    negotiation.our_org_id = org(negotiation.our_org_id, "our_org_id")
    negotiation.counterparty_id = org(negotiation.counterparty_id, "counterparty_id")
    # A contact the archive leaves out is dropped, as export leaves out none it names.
    negotiation.contact_ids = [contact_ids[c] for c in negotiation.contact_ids if c in contact_ids]
    names: dict[str, int] = {}
    for number, term in enumerate(negotiation.terms):
        seen = names.setdefault(term.name, number)
        if seen != number:
            raise InputFileError(
                f"{at}.terms[{number}].name: {term.name!r} is also the name of "
                f"{at}.terms[{seen}]; each term of a negotiation needs its own",
                path=where,
            )
    for interaction in negotiation.interaction_history:
        if interaction.contact_id is not None:
            interaction.contact_id = contact_ids.get(interaction.contact_id)
    for number, ally in enumerate(negotiation.allies):
        if ally.organisation_id is not None:
            ally.organisation_id = org(ally.organisation_id, f"allies[{number}].organisation_id")


_Entry = TypeVar("_Entry", Offer, Interaction)


def _corrections(
    entries: list[_Entry], key: str, at: str, where: str
) -> list[tuple[_Entry, _Entry]]:
    """(correction, the entry it corrects) pairs, found by the archive's ids."""
    by_id = {e.id: e for e in entries if e.id is not None}
    pairs: list[tuple[_Entry, _Entry]] = []
    for number, entry in enumerate(entries):
        if entry.corrects_id is None:
            continue
        original = by_id.get(entry.corrects_id)
        if original is None or original is entry:
            raise InputFileError(
                f"{at}.{key}[{number}].corrects_id: names {entry.corrects_id}, which is not "
                f"another of {at}.{key}",
                path=where,
            )
        pairs.append((entry, original))
    return pairs


def _number(negotiation: Negotiation, ids: _Ids, at: str, where: str) -> None:
    """Give the negotiation and its rows provisional ids; a correction names the
    provisional id of the entry it corrects."""
    offers = _corrections(negotiation.offer_history, "offers", at, where)
    interactions = _corrections(negotiation.interaction_history, "interactions", at, where)
    ids.give("negotiation", [negotiation])
    ids.give("term", negotiation.terms)
    ids.give("offer", negotiation.offer_history)
    ids.give("interaction", negotiation.interaction_history)
    ids.give("stage_change", negotiation.stage_history)
    ids.give("leverage_factor", negotiation.leverage)
    ids.give("ally", negotiation.allies)
    if negotiation.agreement is not None:
        ids.give("agreement", [negotiation.agreement])
    for offer, original_offer in offers:
        offer.corrects_id = original_offer.id
    for interaction, original_interaction in interactions:
        interaction.corrects_id = original_interaction.id
