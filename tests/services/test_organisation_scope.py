"""Organisation scope in the services (issue 13): who sees which organisations' records.

The demo holds Mercy General's case (negotiation), Summit PT's rate increase and its
three contracts (Summit's NPI), and 835 payments to Lakeview's NPI. Users act as they do
behind the HTTP doors (``acting_as`` their source); the store is real, on SQLite and
PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from accord.bootstrap import Accord
from accord.domain.accounts import Role
from accord.domain.actors import OPERATOR, Actor
from accord.domain.audit import AuditSource
from accord.domain.negotiation import NegotiationKind
from accord.domain.organisations import OrganisationKind
from accord.errors import NotFoundError, PermissionDeniedError
from accord.services import (
    audit,
    contract_store,
    demo,
    negotiations,
    organisations,
    pipeline,
    remittances,
)
from accord.services.audit_ports import AuditQuery, acting_as
from accord.services.contract_ports import MedicarePriceSource
from accord.services.demo_economics import load_demo_economics
from accord.services.memberships import set_user_organisations, team_scopes, user_scope
from accord.services.ports import UnitOfWorkFactory
from accord.services.read_cache import ReadCache
from accord.services.scorecards import PayerScore, payer_scorecard
from accord.services.underpayment_worklist import underpayment_worklist

# Two more practices' 835s: one paid to an NPI, one to a TIN (carried as its digits).
BY_NPI = ("edi835parser_emedny_sample.835", "9999999995", None, "NYSDOH")
BY_TIN = ("pyx12_835_mult_loops.835", None, "44-4313000", "PAYER")
MERCY, LAKEVIEW, SUMMIT = (
    "Mercy General Hospital — Case Management (demo)",
    "Lakeview Skilled Nursing & Rehabilitation (demo)",
    "Summit Physical Therapy (demo)",
)


@pytest.fixture
def demo_accord(accord: Accord) -> Accord:
    demo.load_demo(accord.store.unit_of_work, accord.clock.now())
    load_demo_economics(accord.store.unit_of_work, accord.remittance_reader, accord.clock,
                        accord.demo_remittances)  # fmt: skip
    return accord


def _user(accord: Accord, name: str, role: Role, *organisations: str) -> Actor:
    from accord.services import accounts

    user = accounts.add_user(accord.store.unit_of_work(), accord.passwords, OPERATOR, name,
                             role, None, accord.clock.now())  # fmt: skip
    if organisations:
        set_user_organisations(accord.store.unit_of_work(), OPERATOR, name, add=organisations)
    return Actor(user.id, user.name, user.role)


@contextmanager
def _as(actor: Actor) -> Iterator[None]:
    with acting_as(AuditSource(actor=actor, request_id="test", address="127.0.0.1")):
        yield


def _titles(accord: Accord) -> list[str]:
    return [n.title for n in negotiations.list_negotiations(accord.store.unit_of_work())]


def test_a_user_sees_only_the_negotiations_of_their_organisation(demo_accord: Accord) -> None:
    bea = _user(demo_accord, "bea", Role.NEGOTIATOR, SUMMIT)
    with _as(bea):
        assert _titles(demo_accord) == ["[DEMO] Big Sky commercial rate increase 2027"]
        board = pipeline.pipeline(demo_accord.store.unit_of_work(), demo_accord.clock.now())
        shown = [item.negotiation.title for items in board.stages.values() for item in items]
        assert shown == ["[DEMO] Big Sky commercial rate increase 2027"]
        with pytest.raises(NotFoundError, match="no negotiation with id 1"):
            negotiations.get_negotiation(demo_accord.store.unit_of_work(), 1)


def test_no_organisations_chosen_or_an_admin_role_sees_everything(demo_accord: Accord) -> None:
    everyone = _titles(demo_accord)
    assert len(everyone) == 2
    with _as(_user(demo_accord, "nia", Role.NEGOTIATOR)):
        assert _titles(demo_accord) == everyone
    with _as(_user(demo_accord, "ada", Role.ADMIN, SUMMIT)):
        assert _titles(demo_accord) == everyone


def test_contracts_belong_to_the_organisation_of_their_npi(demo_accord: Accord) -> None:
    uow = demo_accord.store.unit_of_work
    with _as(_user(demo_accord, "sam", Role.VIEWER, SUMMIT)):
        assert len(contract_store.list_contracts(uow)) == 3
    with _as(_user(demo_accord, "meg", Role.VIEWER, MERCY)):
        assert contract_store.list_contracts(uow) == []
        with pytest.raises(NotFoundError):
            contract_store.show_contract(uow, 1, today=demo_accord.clock.now().date())


def test_remittances_belong_to_the_organisation_they_are_paid_to(demo_accord: Accord) -> None:
    uow = demo_accord.store.unit_of_work
    total, _ = remittances.list_remittances(uow)
    with _as(_user(demo_accord, "lee", Role.VIEWER, LAKEVIEW)):
        assert remittances.list_remittances(uow)[0] == total > 0
    with _as(_user(demo_accord, "sue", Role.VIEWER, SUMMIT)):
        assert remittances.list_remittances(uow) == (0, [])
        assert remittances.net_claims(uow)[0] == 0


def _figures(scores: list[PayerScore]) -> list[tuple[Any, ...]]:
    """A payer's own sums (its rank depends on who else is listed)."""
    return [(p.payer, p.revenue, p.visits, p.units, p.claims, p.allowed, p.denied_claims,
             p.days_to_pay, p.top_denial_reasons, p.codes) for p in scores]  # fmt: skip


def _worklist(uow: UnitOfWorkFactory, medicare: MedicarePriceSource) -> tuple[Any, ...]:
    found = underpayment_worklist(uow, medicare)
    return found.groups, found.lines, found.priced


def test_each_practice_sees_the_scorecard_and_worklist_of_its_own_payments(
    demo_accord: Accord, shared_fixtures: Path
) -> None:
    """The demo's payments go to Lakeview's NPI; two more practices' 835s (payee by NPI,
    by TIN) are ingested beside them: each scoped user's figures are their payments'."""
    uow, medicare = demo_accord.store.unit_of_work, demo_accord.medicare_prices
    for name, npi, tin, _ in (BY_NPI, BY_TIN):
        organisations.create_organisation(
            uow(), name=f"{name} practice", kind=OrganisationKind.OURS, npi=npi, tin=tin
        )
        path = shared_fixtures / "remittance" / name
        remittances.ingest_remittance_file(uow, demo_accord.remittance_reader,
                                           demo_accord.clock, path)  # fmt: skip
    payers = {p.payer: p for p in payer_scorecard(uow, medicare).payers}
    assert "NYSDOH" in payers and len(payers) > 1  # the TIN's file pays nothing
    demo_worklist = _worklist(uow, medicare)
    for name, _, _, payer in (BY_NPI, BY_TIN):
        with _as(_user(demo_accord, name[:8].lower(), Role.VIEWER, f"{name} practice")):
            assert remittances.list_remittances(uow)[0] == 1
            theirs = payer_scorecard(uow, medicare).payers
            assert _figures(theirs) == _figures([payers[payer]] if payer in payers else [])
    with _as(_user(demo_accord, "lee", Role.VIEWER, LAKEVIEW)):
        lakeview = payer_scorecard(uow, medicare).payers
        assert _figures(lakeview) == _figures([p for p in payers.values() if p.payer != "NYSDOH"])
        assert _worklist(uow, medicare)[0] and _worklist(uow, medicare)[1] < demo_worklist[1]
    with _as(_user(demo_accord, "sue", Role.VIEWER, SUMMIT)):
        assert payer_scorecard(uow, medicare).payers == []
        assert _worklist(uow, medicare) == ([], 0, 0)


def test_the_cached_board_of_one_scope_is_not_shown_to_another(demo_accord: Accord) -> None:
    cache, now = ReadCache(), demo_accord.clock.now()
    bea = _user(demo_accord, "bea", Role.NEGOTIATOR, SUMMIT)
    full = pipeline.pipeline(demo_accord.store.unit_of_work(), now, cache=cache)
    assert sum(len(rows) for rows in full.stages.values()) == 2
    with _as(bea):
        mine = pipeline.pipeline(demo_accord.store.unit_of_work(), now, cache=cache)
    assert sum(len(rows) for rows in mine.stages.values()) == 1


def test_a_negotiation_for_another_organisation_is_refused_and_nothing_written(
    demo_accord: Accord,
) -> None:
    with demo_accord.store.unit_of_work() as uow:
        mercy, summit = (uow.organisations.find(name) for name in (MERCY, SUMMIT))
    assert mercy is not None and summit is not None and mercy.id and summit.id
    before = _titles(demo_accord)
    with (
        _as(_user(demo_accord, "bea", Role.NEGOTIATOR, SUMMIT)),
        pytest.raises(PermissionDeniedError, match="you work for other organisations"),
    ):
        negotiations.open_negotiation(
            demo_accord.store.unit_of_work(), demo_accord.clock.now(), title="Not ours",
            kind=NegotiationKind.SINGLE_CASE_AGREEMENT, our_org_id=mercy.id,
            counterparty_id=summit.id,
        )  # fmt: skip
    assert _titles(demo_accord) == before


def test_a_scoped_auditor_searches_only_their_negotiations_entries(demo_accord: Accord) -> None:
    uow = demo_accord.store.unit_of_work
    everything = audit.audit_entries(uow(), AuditQuery(limit=1000))
    with _as(_user(demo_accord, "aud", Role.AUDITOR, SUMMIT)):
        mine = audit.audit_entries(uow(), AuditQuery(limit=1000))
        with pytest.raises(NotFoundError):
            audit.negotiation_history(uow(), 1)
    assert 0 < mine.total < everything.total
    assert {view.entry.negotiation_id for view in mine.entries} == {2}


def test_choosing_organisations_is_for_owners_and_admins_and_is_audited(
    demo_accord: Accord,
) -> None:
    uow = demo_accord.store.unit_of_work
    viewer = _user(demo_accord, "vic", Role.VIEWER)
    admin = _user(demo_accord, "ada", Role.ADMIN)
    with pytest.raises(PermissionDeniedError):
        set_user_organisations(uow(), viewer, "vic", add=[SUMMIT])
    with _as(admin):
        chosen = set_user_organisations(uow(), admin, "vic", add=[SUMMIT, "1"])
        assert (chosen.sees_all, chosen.sees) == (False, f"{MERCY}, {SUMMIT}")
        chosen = set_user_organisations(uow(), admin, "vic", remove=[MERCY])
        assert [name for _, name in chosen.organisations] == [SUMMIT]
        assert user_scope(uow(), admin, "vic") == chosen
        assert team_scopes(uow(), admin)["ada"].sees == "all"
        with pytest.raises(NotFoundError, match="no organisation named 'Nowhere'"):
            set_user_organisations(uow(), admin, "vic", add=["Nowhere"])
        cleared = set_user_organisations(uow(), admin, "vic", replace=())
        assert cleared.sees == "all"
    trail = audit.audit_entries(uow(), AuditQuery(entity="user_organisations")).entries
    assert [(e.entry.user_name, e.after) for e in reversed(trail)] == [
        ("ada", {"organisations": [1, 3]}),
        ("ada", {"organisations": [3]}),
        ("ada", {"organisations": []}),
    ]


def test_the_modellers_volumes_are_the_practices_own_payments(demo_accord: Accord) -> None:
    def paid_lines() -> int:
        with demo_accord.store.unit_of_work() as uow:
            return len(uow.economics.paid_lines())

    everything = paid_lines()
    with _as(_user(demo_accord, "lee", Role.VIEWER, LAKEVIEW)):
        assert paid_lines() == everything > 0
    with _as(_user(demo_accord, "sue", Role.VIEWER, SUMMIT)):
        assert paid_lines() == 0
