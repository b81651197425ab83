"""Roles hold in the services, whatever door calls them (issue 13, roles and audit).

A viewer's or an auditor's change is refused by the service itself with a plain
sentence, and nothing is written (no row, no audit row); a negotiator's goes through
and the trail names them; settings need an admin; the command line may do everything;
and a viewer or auditor still reads everything, audited reads included. On SQLite and
PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from accord.bootstrap import Accord
from accord.domain.accounts import Role
from accord.domain.actors import Actor
from accord.domain.audit import CLI, AuditSource
from accord.domain.documents import DocumentKind
from accord.domain.interactions import InteractionDirection
from accord.domain.negotiation import NegotiationKind
from accord.domain.offers import Channel, Side
from accord.domain.organisations import OrganisationKind
from accord.domain.stages import Stage
from accord.domain.terms import TermKind
from accord.errors import PermissionDeniedError
from accord.services import (
    activity,
    agreements,
    audit,
    contract_store,
    document_templates,
    documents,
    negotiations,
    organisations,
    preparation,
    remittances,
)
from accord.services.audit_ports import AuditQuery, acting_as
from accord.services.documents import DocumentFormat
from accord.services.transfer import export_archive, import_archive
from tests.support.factories import rate_negotiation

Write = Callable[[Accord, int, Path], object]

_TABLES = (
    "organisations", "contacts", "negotiations", "terms", "offers", "interactions",
    "stage_changes", "leverage_factors", "agreements", "contracts", "remittance_files",
    "remittance_payments", "document_templates", "audit_log",
)  # fmt: skip


def _source(role: Role) -> AuditSource:
    return AuditSource(Actor(40, f"pat-{role.value}", role), "req-7", "10.0.0.9")


def _state(app: Accord) -> dict[str, object]:
    """Every table a write could touch, counted, and the negotiations' versions."""
    with app.store.engine.connect() as connection:
        state: dict[str, object] = {
            t: connection.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in _TABLES
        }
        state["versions"] = connection.execute(
            sa.text("SELECT sum(version) FROM negotiations")
        ).scalar_one()
    return state


def _org(app: Accord, kind: OrganisationKind = OrganisationKind.PAYER) -> int:
    found = organisations.list_organisations(app.store.unit_of_work(), kind)
    assert found and found[0].id is not None
    return found[0].id


# Each write service the record has, as a door would call it.
RECORD_WRITES: dict[str, Write] = {
    "add an organisation": lambda app, nid, _: organisations.create_organisation(
        app.store.unit_of_work(), name="Valley Ortho", kind=OrganisationKind.PROVIDER),
    "add a contact": lambda app, nid, _: organisations.add_contact(
        app.store.unit_of_work(), organisation_id=_org(app), name="R. Alvarez"),
    "open a negotiation": lambda app, nid, _: negotiations.open_negotiation(
        app.store.unit_of_work(), app.clock.now(), title="Second payer",
        kind=NegotiationKind.CONTRACT_RATES, our_org_id=_org(app, OrganisationKind.OURS),
        counterparty_id=_org(app)),
    "add a term": lambda app, nid, _: negotiations.add_term(
        app.store.unit_of_work(), app.clock.now(), nid, name="rate_97140",
        kind=TermKind.RATE_PER_UNIT, minimum=0, maximum=200, opening=40, target=36,
        walk_away=30),
    "record an offer": lambda app, nid, _: activity.record_offer(
        app.store.unit_of_work(), app.clock.now(), nid, side=Side.THEIRS,
        values={"rate_97110": 34}),
    "log an interaction": lambda app, nid, _: activity.log_interaction(
        app.store.unit_of_work(), app.clock.now(), nid, channel=Channel.CALL,
        direction=InteractionDirection.OUTBOUND, summary="asked for their fee schedule"),
    "answer the checklist": lambda app, nid, _: preparation.answer_checklist(
        app.store.unit_of_work(), app.clock.now(), nid, "who", "their medical director"),
    "move the stage": lambda app, nid, _: negotiations.advance_stage(
        app.store.unit_of_work(), app.clock.now(), nid, Stage.BARGAINING),
    "store contracts": lambda app, nid, _: contract_store.load_demo_contracts(
        app.store.unit_of_work, app.clock, app.demo_remittances),
    "ingest a remittance": lambda app, nid, _: remittances.ingest_remittance_bytes(
        app.store.unit_of_work, app.remittance_reader, app.clock,
        next(iter(app.demo_remittances.files(app.clock.now().date())))[1], name="era-1.835"),
    "import an archive": lambda app, nid, archive: import_archive(
        app.store.unit_of_work(), app.archives, archive, replace=True),
    "record the agreement": lambda app, nid, _: agreements.record_agreement(
        app.store.unit_of_work(), app.clock.now(), nid, effective=date(2026, 4, 1),
        final_terms={"rate_97110": 40, "visit_cap": 35, "payment_days": 30}),
}  # fmt: skip

SETTINGS_WRITES: dict[str, Write] = {
    "change a document template": lambda app, nid, _: document_templates.set_template(
        app.store.unit_of_work(), app.clock.now(), DocumentKind.PROPOSAL,
        signer_name="Ann Lee"),
    "change the letterhead": lambda app, nid, _: document_templates.set_letterhead(
        app.store.unit_of_work(), app.clock.now(), organisation_name="Summit PT"),
}  # fmt: skip


def _setup(app: Accord, tmp_path: Path) -> tuple[int, Path]:
    """A rate negotiation and an archive of it, made by the operator."""
    nid = rate_negotiation(app).id
    assert nid is not None
    archive = tmp_path / "archive.json"
    export_archive(app.store.unit_of_work(), app.archives, app.clock.now(), archive)
    return nid, archive


@pytest.mark.parametrize("role", [Role.VIEWER, Role.AUDITOR])
def test_a_reader_changes_nothing_whatever_service_they_call(
    accord: Accord, tmp_path: Path, role: Role
) -> None:
    nid, archive = _setup(accord, tmp_path)
    before = _state(accord)
    for what, write in {**RECORD_WRITES, **SETTINGS_WRITES}.items():
        with acting_as(_source(role)), pytest.raises(PermissionDeniedError) as refused:
            write(accord, nid, archive)
        message = refused.value.message
        article = "an" if role is Role.AUDITOR else "a"
        assert message.startswith(f"pat-{role.value} is {article} {role.value}, who may not "), what
        assert message.endswith("; ask an owner or admin"), what
        assert refused.value.http_status == 403
        assert _state(accord) == before, f"{what}: something was written"


def test_a_negotiator_changes_the_record_and_the_trail_names_them(
    accord: Accord, tmp_path: Path
) -> None:
    nid, archive = _setup(accord, tmp_path)
    newest = audit.audit_entries(accord.store.unit_of_work(), AuditQuery(limit=1)).entries
    last_id = newest[0].entry.id
    for what, write in RECORD_WRITES.items():
        with acting_as(_source(Role.NEGOTIATOR)):
            write(accord, nid if what != "record the agreement" else _renewed(accord), archive)
    page = audit.audit_entries(accord.store.unit_of_work(), AuditQuery(limit=10_000))
    mine = [v.entry for v in page.entries if v.entry.id > last_id]
    assert len(mine) > len(RECORD_WRITES)
    assert {(e.user_id, e.user_name, e.role) for e in mine} == {
        (40, "pat-negotiator", "negotiator")
    }
    # Settings are not the record: a negotiator may not change them.
    for what, write in SETTINGS_WRITES.items():
        with acting_as(_source(Role.NEGOTIATOR)), pytest.raises(PermissionDeniedError) as refused:
            write(accord, nid, archive)
        assert "who may not change settings and templates" in refused.value.message, what
    for write in SETTINGS_WRITES.values():
        with acting_as(_source(Role.ADMIN)):
            write(accord, nid, archive)
    assert audit.verify_audit(accord.store.unit_of_work()).ok


def _renewed(app: Accord) -> int:
    """The negotiation the archive import left (it replaced the first one's rows)."""
    found = negotiations.list_negotiations(app.store.unit_of_work())
    rates = [n for n in found if n.title == "Big Sky rates" and n.id is not None]
    assert rates
    nid = rates[-1].id
    assert nid is not None
    return nid


def test_the_command_line_may_do_everything(accord: Accord, tmp_path: Path) -> None:
    nid, archive = _setup(accord, tmp_path)
    with acting_as(CLI):
        for what, write in {**SETTINGS_WRITES, **RECORD_WRITES}.items():
            write(accord, nid if what != "record the agreement" else _renewed(accord), archive)
    newest = audit.audit_entries(accord.store.unit_of_work(), AuditQuery(limit=1)).entries[0]
    assert (newest.entry.user_name, newest.entry.address) == ("local", "cli")


@pytest.mark.parametrize("role", [Role.VIEWER, Role.AUDITOR])
def test_a_reader_still_reads_everything_and_audited_reads_name_them(
    accord: Accord, tmp_path: Path, role: Role
) -> None:
    nid, _ = _setup(accord, tmp_path)
    contract_store.load_demo_contracts(
        accord.store.unit_of_work, accord.clock, accord.demo_remittances
    )
    name, data = next(iter(accord.demo_remittances.files(accord.clock.now().date())))
    remittances.ingest_remittance_bytes(
        accord.store.unit_of_work, accord.remittance_reader, accord.clock, data, name=name
    )
    uow = accord.store.unit_of_work
    with acting_as(_source(role)):
        assert negotiations.get_negotiation(uow(), nid).title == "Big Sky rates"
        assert negotiations.list_negotiations(uow())
        assert contract_store.list_contracts(uow)
        total, rows = remittances.list_remittances(uow)
        assert total == len(rows) > 0
        remittances.show_remittance(uow, rows[0].id)
        documents.make_document(uow(), accord.renderers, accord.templates, accord.charts,
                                accord.clock.now(), DocumentKind.BRIEF, nid,
                                DocumentFormat.PDF)  # fmt: skip
        page = audit.audit_entries(uow(), AuditQuery(limit=2))
        assert audit.verify_audit(uow()).ok
    reads = [(str(v.entry.action), v.entry.entity, v.entry.user_name) for v in page.entries]
    assert reads == [
        ("read", "document", f"pat-{role.value}"),
        ("read", "remittance_payment", f"pat-{role.value}"),
    ]


def test_a_read_only_token_changes_nothing_even_for_a_negotiator(
    accord: Accord, tmp_path: Path
) -> None:
    nid, archive = _setup(accord, tmp_path)
    before = _state(accord)
    token = AuditSource(Actor(41, "dana", Role.NEGOTIATOR, read_only=True), "req-8", "10.0.0.9")
    for what, write in RECORD_WRITES.items():
        with acting_as(token), pytest.raises(PermissionDeniedError) as refused:
            write(accord, nid, archive)
        assert refused.value.message.startswith("dana's API token is read-only, so it may not "), (
            what
        )
        assert _state(accord) == before, f"{what}: something was written"
    with acting_as(token):
        assert negotiations.get_negotiation(accord.store.unit_of_work(), nid).id == nid
