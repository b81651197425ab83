"""An import is resolved whole before its first write: new rows are linked through
provisional ids, and an archive it refuses leaves every table as it was."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from accord.adapters.store.tables import metadata
from accord.bootstrap import Accord, bootstrap
from accord.config import Settings
from accord.domain.interactions import InteractionDirection
from accord.domain.leverage import AllyKind
from accord.domain.offers import Channel, Side
from accord.domain.organisations import OrganisationKind
from accord.errors import AccordError, ConflictError, InputFileError
from accord.services import activity, corrections, organisations, preparation
from accord.services.transfer import export_archive, import_archive
from tests.support.clock import FixedClock
from tests.support.factories import decision_maker, rate_negotiation

Document = dict[str, Any]


def _family(app: Accord) -> dict[str, int]:
    """A health system, its region and a clinic of the region (parents made first)."""
    ids: dict[str, int] = {}
    parent: int | None = None
    for name in ("Mountain Health System", "Big Sky Regional", "Big Sky Clinic West"):
        org = organisations.create_organisation(
            app.store.unit_of_work(), name=name, kind=OrganisationKind.PROVIDER, parent_id=parent
        )
        assert org.id is not None
        ids[name] = parent = org.id
    return ids


def _linked_record(app: Accord) -> tuple[str, int]:
    """A negotiation whose rows point at other rows: an ally that is the clinic, an
    interaction with a contact, an offer corrected; (its uid, the original offer's id)."""
    negotiation = rate_negotiation(app)
    nid = negotiation.id
    assert nid is not None
    now = app.clock.now()
    clinic = _family(app)["Big Sky Clinic West"]
    preparation.add_ally(
        app.store.unit_of_work(), now, nid, kind=AllyKind.MEDICAL_COMMUNITY, name="West clinic",
        organisation_id=clinic,
    )  # fmt: skip
    person = decision_maker(app, negotiation.counterparty_id)
    activity.log_interaction(
        app.store.unit_of_work(), now, nid, channel=Channel.CALL,
        direction=InteractionDirection.INBOUND, contact_id=person, summary="called back",
    )  # fmt: skip
    offer = activity.record_offer(
        app.store.unit_of_work(), now, nid, side=Side.THEIRS, values={"visit_cap": 30}
    )
    assert offer.id is not None
    corrections.correct_offer(
        app.store.unit_of_work(), now, nid, offer.id, "misheard", values={"visit_cap": 32}
    )
    return negotiation.uid, offer.id


def _raw(app: Accord, sql: str) -> list[sa.Row[Any]]:
    with app.store.engine.connect() as connection:
        return list(connection.execute(sa.text(sql)))


def test_parents_and_references_are_linked_through_provisional_ids(
    accord: Accord, tmp_path: Path, clock: FixedClock
) -> None:
    source = bootstrap(Settings(data_dir=tmp_path / "source"), clock=clock)
    try:
        uid, _ = _linked_record(source)
        path = tmp_path / "linked.json"
        export_archive(source.store.unit_of_work(), source.archives, clock.now(), path)
    finally:
        source.close()
    document = json.loads(path.read_text())
    document["organisations"].reverse()  # children before their parents
    path.write_text(json.dumps(document))
    # The target's ids differ from the archive's: one organisation is there already.
    organisations.create_organisation(
        accord.store.unit_of_work(), name="Front Range Vendor", kind=OrganisationKind.VENDOR
    )
    audited = int(_raw(accord, "SELECT count(*) FROM audit_log")[0][0])

    result = import_archive(accord.store.unit_of_work(), accord.archives, path)

    assert (result.organisations_created, result.contacts_created) == (5, 1)
    with accord.store.unit_of_work() as uow:
        by_name = {o.name: o for o in uow.organisations.list()}
        system, region = by_name["Mountain Health System"], by_name["Big Sky Regional"]
        clinic = by_name["Big Sky Clinic West"]
        assert (system.parent_id, region.parent_id, clinic.parent_id) == (
            None,
            system.id,
            region.id,
        )
        imported = uow.negotiations.find_uid(uid)
        assert imported is not None
        assert imported.our_org_id == by_name["Summit PT"].id
        assert imported.counterparty_id == by_name["Big Sky Health"].id
        assert [a.organisation_id for a in imported.allies] == [clinic.id]
        (person,) = uow.contacts.list(imported.counterparty_id)
        assert imported.contact_ids == [person.id]
        assert [i.contact_id for i in imported.interaction_history] == [person.id]
        original, correction = sorted(imported.offer_history, key=lambda o: o.id or 0)
        assert original.withdrawn_at is not None and correction.withdrawn_at is None
        assert correction.corrects_id == original.id
        assert correction.values == {"visit_cap": 32}
    # An entry per new organisation and contact, one per negotiation: real ids only.
    entries = _raw(
        accord,
        f"SELECT action, entity, entity_id, after FROM audit_log WHERE id > {audited} ORDER BY id",
    )
    assert [(e.action, e.entity) for e in entries] == [("create", "organisation")] * 5 + [
        ("create", "contact"), ("import", "negotiation")
    ]  # fmt: skip
    assert entries[-1].entity_id == str(imported.id)
    for _, entity, entity_id, after in entries[:-1]:
        shown = json.loads(after)
        assert int(entity_id) > 0 and shown["id"] == int(entity_id), (entity, shown)
        for key in ("parent_id", "organisation_id"):
            assert shown.get(key) is None or shown[key] > 0, (entity, key, shown)


def _every_row(app: Accord) -> dict[str, list[str]]:
    """Every row of every table (the audit trail and the record's version included)."""
    with app.store.engine.connect() as connection:
        return {
            table.name: sorted(repr(tuple(row)) for row in connection.execute(table.select()))
            for table in metadata.sorted_tables
        }


def _fresh_uids(document: Document) -> None:
    for negotiation in document["negotiations"]:
        negotiation["uid"] = uuid.uuid4().hex


def _uid_twice(document: Document) -> tuple[type[AccordError], str]:
    _fresh_uids(document)
    document["negotiations"].append({**document["negotiations"][0]})
    return InputFileError, r"negotiations\[1\]\.uid: \w+ is also the uid of negotiations\[0\]"


def _uid_stored(document: Document) -> tuple[type[AccordError], str]:
    return ConflictError, r"1 negotiation in the archive exists already"


def _parent_missing(document: Document) -> tuple[type[AccordError], str]:
    _fresh_uids(document)
    document["organisations"].append(
        {**document["organisations"][0], "id": 900, "name": "Orphan Clinic", "parent_id": 901}
    )
    return InputFileError, r"organisations\[\d+\]\.parent_id: names organisation 901, which the"


def _parent_loop(document: Document) -> tuple[type[AccordError], str]:
    _fresh_uids(document)
    first = document["organisations"][0]
    document["organisations"] += [
        {**first, "id": 900, "name": "North Clinic", "parent_id": 901},
        {**first, "id": 901, "name": "South Clinic", "parent_id": 900},
    ]
    return InputFileError, r"parent_id: the parents of 'North Clinic' lead back to it"


def _correction_missing(document: Document) -> tuple[type[AccordError], str]:
    _fresh_uids(document)
    document["negotiations"][0]["offers"][0]["corrects_id"] = 12345
    return InputFileError, r"negotiations\[0\]\.offers\[0\]\.corrects_id: names 12345"


def _term_twice(document: Document) -> tuple[type[AccordError], str]:
    _fresh_uids(document)
    terms = document["negotiations"][0]["terms"]
    terms[2]["name"] = terms[0]["name"]
    return InputFileError, r"negotiations\[0\]\.terms\[2\]\.name: 'rate_97110' is also the name"


def _organisation_id_twice(document: Document) -> tuple[type[AccordError], str]:
    _fresh_uids(document)
    document["organisations"].append({**document["organisations"][0], "name": "Twin Clinic"})
    return InputFileError, r"organisations\[\d+\]\.id: \d+ is also the id of organisations\[0\]"


def _contact_without_organisation(document: Document) -> tuple[type[AccordError], str]:
    _fresh_uids(document)
    document["contacts"][0]["organisation_id"] = 999
    return InputFileError, r"contacts\[0\]\.organisation_id: names organisation 999"


@pytest.mark.parametrize(
    "spoil",
    [_uid_twice, _uid_stored, _parent_missing, _parent_loop, _correction_missing, _term_twice,
     _organisation_id_twice, _contact_without_organisation],
)  # fmt: skip
def test_a_refused_archive_leaves_every_table_unchanged(
    accord: Accord,
    tmp_path: Path,
    spoil: Callable[[Document], tuple[type[AccordError], str]],
) -> None:
    _linked_record(accord)
    path = tmp_path / "archive.json"
    export_archive(accord.store.unit_of_work(), accord.archives, accord.clock.now(), path)
    document = json.loads(path.read_text())
    error, message = spoil(document)
    path.write_text(json.dumps(document))
    before = _every_row(accord)

    with pytest.raises(error, match=message) as caught:
        import_archive(accord.store.unit_of_work(), accord.archives, path)

    assert "\n" not in str(caught.value)
    assert _every_row(accord) == before


def test_the_same_archive_with_fresh_uids_imports(accord: Accord, tmp_path: Path) -> None:
    """The control of the test above: unspoiled, the archive lands whole."""
    _linked_record(accord)
    path = tmp_path / "archive.json"
    export_archive(accord.store.unit_of_work(), accord.archives, accord.clock.now(), path)
    document = json.loads(path.read_text())
    _fresh_uids(document)
    path.write_text(json.dumps(document))
    result = import_archive(accord.store.unit_of_work(), accord.archives, path)
    assert (result.negotiations_imported, result.organisations_created) == (1, 0)
    assert int(_raw(accord, "SELECT count(*) FROM negotiations")[0][0]) == 2
