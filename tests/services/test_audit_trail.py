"""The audit trail on SQLite and PostgreSQL: every change the services make writes
exactly its entries, in the same transaction; reads of remittances and documents are
recorded; a rollback writes nothing; tampering with the stored rows is detected."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from accord.bootstrap import Accord
from accord.domain.actors import Actor
from accord.domain.audit import AuditSource
from accord.domain.documents import DocumentKind
from accord.domain.interactions import InteractionDirection
from accord.domain.offers import Channel, Side
from accord.domain.organisations import OrganisationKind
from accord.domain.stages import Stage
from accord.errors import ConflictError, ValidationError
from accord.services import (
    activity,
    agreements,
    audit,
    contract_store,
    corrections,
    document_templates,
    documents,
    negotiations,
    organisations,
    remittances,
    underpayment_worklist,
)
from accord.services.audit_ports import AuditQuery, acting_as
from accord.services.documents import DocumentFormat
from accord.services.economics_ports import UnderpaidGroupKey
from accord.services.transfer import export_archive, import_archive
from tests.support.factories import decision_maker, rate_negotiation

Entries = list[tuple[str, str]]


class Trail:
    """The entries written since the last look, read back through the service."""

    def __init__(self, app: Accord) -> None:
        self.app = app
        self.seen = 0

    def new(self) -> Entries:
        page = audit.audit_entries(self.app.store.unit_of_work(), AuditQuery(limit=1000))
        fresh = sorted(
            (v.entry for v in page.entries if v.entry.id > self.seen), key=lambda e: e.id
        )
        if fresh:
            self.seen = fresh[-1].id
        return [(str(e.action), e.entity) for e in fresh]


def _raw(app: Accord, sql: str, **params: object) -> list[sa.Row[tuple[object, ...]]]:
    with app.store.engine.begin() as connection:
        result = connection.execute(sa.text(sql), params)
        return list(result) if result.returns_rows else []


def _first_id(app: Accord, table: str) -> int:
    with app.store.engine.connect() as connection:
        return int(connection.execute(sa.text(f"SELECT min(id) FROM {table}")).scalar_one())


def _an_underpaid_demo_week(accord: Accord) -> tuple[str, bytes]:
    """A demo week's file with an underpaid line (DEMO NATIONAL HEALTH's 97530 at 44% of
    the charge; its contract says 55%)."""
    for name, data in accord.demo_remittances.files(accord.clock.now().date()):
        for p in accord.remittance_reader.read_bytes(data, name=name):
            if p.payer_name != "DEMO NATIONAL HEALTH":
                continue
            for line in (x for c in p.claims for x in c.lines):
                if line.code == "97530" and 0 < line.allowed_cents < 0.5 * line.charge_cents:
                    return name, data
    raise AssertionError("no demo week underpays 97530")


def test_every_kind_of_change_writes_exactly_its_entries(accord: Accord) -> None:
    trail, uow, now = Trail(accord), accord.store.unit_of_work, accord.clock.now
    n = rate_negotiation(accord)
    nid = n.id
    assert nid is not None
    assert trail.new() == [
        ("create", "organisation"), ("create", "organisation"), ("create", "negotiation"),
        ("create", "stage_change"), ("create", "term"), ("create", "term"), ("create", "term"),
    ]  # fmt: skip
    contact = decision_maker(accord, n.counterparty_id)
    assert trail.new() == [("create", "contact")]
    values = {"rate_97110": 42.0, "visit_cap": 40.0, "payment_days": 21.0}
    offer = activity.record_offer(uow(), now(), nid, side=Side.OURS, values=values)
    assert trail.new() == [("create", "offer")]
    activity.log_interaction(
        uow(), now(), nid, channel=Channel.CALL, direction=InteractionDirection.INBOUND,
        at=now(), summary="talked it through", contact_id=contact,
    )  # fmt: skip
    assert trail.new() == [("update", "negotiation"), ("create", "interaction")]
    negotiations.advance_stage(uow(), now(), nid, Stage.BARGAINING)
    assert trail.new() == [("update", "negotiation"), ("create", "stage_change")]
    assert offer.id is not None
    corrections.withdraw_offer(uow(), now(), nid, offer.id, "typed the wrong rate")
    assert trail.new() == [("update", "offer")]
    agreements.record_agreement(uow(), now(), nid, effective=date(2026, 4, 1),
        final_terms={"rate_97110": 40, "visit_cap": 35, "payment_days": 30})  # fmt: skip
    assert trail.new() == [
        ("update", "negotiation"), ("create", "agreement"), ("create", "stage_change"),
        ("update", "term"), ("update", "term"), ("update", "term"),
    ]  # fmt: skip
    organisations.create_organisation(uow(), name="Valley Ally", kind=OrganisationKind.ALLY)
    assert trail.new() == [("create", "organisation")]

    contract_ids = contract_store.load_demo_contracts(uow, accord.clock, accord.demo_remittances)
    assert trail.new() == [("create", "contract")] * len(contract_ids)
    name, data = _an_underpaid_demo_week(accord)
    ingested = remittances.ingest_remittance_bytes(
        uow, accord.remittance_reader, accord.clock, data, name=name
    )
    assert (
        trail.new()
        == [("import", "remittance_file")] + [("import", "remittance_payment")] * ingested.payments
    )
    line = _first_id(accord, "remittance_lines")
    underpayment_worklist.mark_underpayments(uow, accord.clock, [line], "appealed")
    assert trail.new() == [("update", "underpayment_line")]
    # a whole worklist row moves in one change, recorded as one entry naming the row
    [g, *_] = underpayment_worklist.underpayment_worklist(uow, accord.medicare_prices).groups
    row = UnderpaidGroupKey(g.group.payer, g.group.code, g.group.reason, g.status.value)
    moved = underpayment_worklist.mark_underpayment_group(
        uow, accord.medicare_prices, accord.clock, row, "recovered"
    )
    assert moved == g.group.lines and trail.new() == [("update", "underpayment_group")]
    assert (
        underpayment_worklist.mark_underpayment_group(
            uow, accord.medicare_prices, accord.clock, row, "recovered"
        )
        == 0
    )
    assert trail.new() == []  # nothing moved, nothing recorded
    document_templates.set_template(uow(), now(), DocumentKind.PROPOSAL, signer_name="Ann Lee")
    assert trail.new() == [("update", "document_template")]

    # Reads: a payment's details and a document made from the record.
    remittances.show_remittance(uow, _first_id(accord, "remittance_payments"))
    assert trail.new() == [("read", "remittance_payment")]
    documents.make_document(uow(), accord.renderers, accord.templates, accord.charts, now(),
                            DocumentKind.AGREEMENT, nid, DocumentFormat.PDF,
                            patient_name="Ada Brook")  # fmt: skip
    assert trail.new() == [("read", "document")]
    assert audit.verify_audit(uow()).ok


def test_the_entries_carry_who_when_from_where_and_what_changed(accord: Accord) -> None:
    n = rate_negotiation(accord)
    assert n.id is not None
    source = AuditSource(Actor(7, "Ann Lee", "negotiator"), "3f9c0a11", "10.0.0.8")
    with acting_as(source):
        negotiations.advance_stage(
            accord.store.unit_of_work(), accord.clock.now(), n.id, Stage.BARGAINING
        )
    page = audit.negotiation_history(accord.store.unit_of_work(), n.id)
    moved = next(v for v in page.entries if v.entry.entity == "negotiation"
                 and str(v.entry.action) == "update")  # fmt: skip
    e = moved.entry
    assert (e.user_id, e.user_name, e.role) == (7, "Ann Lee", "negotiator")
    assert (e.request_id, e.address, e.at) == ("3f9c0a11", "10.0.0.8", accord.clock.now())
    assert (moved.before, moved.after) == ({"stage": "preparing"}, {"stage": "bargaining"})
    assert moved.summary == f"changed negotiation {n.id}: stage preparing → bargaining"
    # Outside the block, the unattributed local user again.
    assert page.entries[-1].entry.address == "local"
    assert page.total == len(page.entries) == 7  # the organisations are not the negotiation's


def test_free_text_and_typed_patient_names_never_reach_the_trail(accord: Accord) -> None:
    n = rate_negotiation(accord)
    assert n.id is not None
    activity.log_interaction(
        accord.store.unit_of_work(), accord.clock.now(), n.id, channel=Channel.CALL,
        direction=InteractionDirection.INBOUND, at=accord.clock.now(),
        summary="Jane Roe's daughter asked about the visits",
    )  # fmt: skip
    documents.make_document(accord.store.unit_of_work(), accord.renderers, accord.templates,
                            accord.charts, accord.clock.now(), DocumentKind.AGREEMENT, n.id,
                            DocumentFormat.DOCX, patient_name="Ada Brook")  # fmt: skip
    stored = " ".join(str(row) for row in _raw(accord, "SELECT * FROM audit_log"))
    assert "Jane Roe" not in stored and "Ada Brook" not in stored
    assert "[text, 42 characters]" in stored


def test_a_change_that_fails_or_is_not_committed_writes_no_entry(accord: Accord) -> None:
    n = rate_negotiation(accord)
    assert n.id is not None
    before = _raw(accord, "SELECT count(*) FROM audit_log")[0][0]
    with pytest.raises(ValidationError):
        activity.record_offer(accord.store.unit_of_work(), accord.clock.now(), n.id,
                              side=Side.OURS, values={"no_such_term": 1})  # fmt: skip
    with pytest.raises(ConflictError):  # refused by the database at commit: rolled back
        negotiations.add_term(
            accord.store.unit_of_work(), accord.clock.now(), n.id,
            name="rate_97110", kind=n.terms[0].kind, minimum=0, maximum=9,
        )  # fmt: skip
    with accord.store.unit_of_work() as uow:  # changed and flushed, never committed
        negotiation = uow.negotiations.get(n.id)
        negotiation.title = "renamed"
        uow.flush()
    assert _raw(accord, "SELECT count(*) FROM audit_log")[0][0] == before
    assert negotiations.get_negotiation(accord.store.unit_of_work(), n.id).title == "Big Sky rates"


def test_an_import_replacing_a_negotiation_records_its_removal_and_its_import(
    accord: Accord, tmp_path: Path
) -> None:
    rate_negotiation(accord)
    archive = tmp_path / "record.json"
    export_archive(accord.store.unit_of_work(), accord.archives, accord.clock.now(), archive)
    trail = Trail(accord)
    trail.new()
    import_archive(accord.store.unit_of_work(), accord.archives, archive, replace=True)
    # The terms that went with the old negotiation are not listed apart, nor those that
    # came with the new one: its import entry counts them (the archive holds them).
    assert trail.new() == [("delete", "negotiation"), ("import", "negotiation")]
    page = audit.audit_entries(accord.store.unit_of_work(), AuditQuery(limit=1))
    (imported,) = page.entries
    assert imported.after is not None
    assert (imported.after["title"], imported.after["terms"]) == ("Big Sky rates", 3)


def _verify_names(app: Accord, entry_id: int) -> None:
    report = audit.verify_audit(app.store.unit_of_work())
    assert report.broken is not None and report.broken.entry_id == entry_id, report


def test_verify_detects_an_edited_row(accord: Accord) -> None:
    rate_negotiation(accord)
    assert audit.verify_audit(accord.store.unit_of_work()).ok
    _raw(accord, "UPDATE audit_log SET user_name = 'someone else' WHERE id = 4")
    _verify_names(accord, 4)


def test_verify_detects_a_removed_row(accord: Accord) -> None:
    rate_negotiation(accord)
    _raw(accord, "DELETE FROM audit_log WHERE id = 3")
    _verify_names(accord, 4)


def test_verify_detects_two_swapped_rows(accord: Accord) -> None:
    rate_negotiation(accord)
    _raw(accord, "UPDATE audit_log SET id = 1000 WHERE id = 5")
    _raw(accord, "UPDATE audit_log SET id = 5 WHERE id = 6")
    _raw(accord, "UPDATE audit_log SET id = 6 WHERE id = 1000")
    _verify_names(accord, 5)


def test_verify_detects_an_inserted_row(accord: Accord) -> None:
    rate_negotiation(accord)
    _raw(accord, "UPDATE audit_log SET id = id + 100 WHERE id >= 3")
    row = _raw(accord, "SELECT * FROM audit_log WHERE id = 103")[0]._mapping
    forged = dict(row) | {"id": 3, "action": "delete"}
    with accord.store.engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO audit_log (id, at, user_id, user_name, role, request_id, address, "
            "action, entity, entity_id, negotiation_id, before, after, hash) VALUES (:id, :at, "
            ":user_id, :user_name, :role, :request_id, :address, :action, :entity, :entity_id, "
            ":negotiation_id, :before, :after, :hash)"), forged)  # fmt: skip
    _verify_names(accord, 3)


def test_new_entries_chain_onto_the_last_one_across_units_of_work(accord: Accord) -> None:
    rate_negotiation(accord)
    organisations.create_organisation(
        accord.store.unit_of_work(), name="Second", kind=OrganisationKind.PAYER
    )
    report = audit.verify_audit(accord.store.unit_of_work())
    assert report.ok and report.entries == 8
    ids = [r[0] for r in _raw(accord, "SELECT id FROM audit_log ORDER BY id")]
    assert ids == list(range(1, 9))
