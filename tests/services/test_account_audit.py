"""Account changes reach the audit trail in their own transaction, on SQLite and
PostgreSQL: who, what, before and after, and never a password, hash or token."""

from __future__ import annotations

import json
from datetime import date

import pytest
import sqlalchemy as sa

from accord.adapters.store.account_tables import api_tokens, users
from accord.adapters.store.tables import audit_log
from accord.bootstrap import Accord
from accord.domain.accounts import Role, TokenScope
from accord.domain.actors import OPERATOR, Actor
from accord.domain.audit import AuditSource
from accord.errors import ConflictError, PermissionDeniedError, ValidationError
from accord.services import accounts
from accord.services.audit import verify_audit
from accord.services.audit_ports import acting_as
from accord.services.sign_in import link_for_user, token_actor
from tests.support.clock import FixedClock

PASSWORD = "a long enough passphrase"
NEW_PASSWORD = "another long passphrase"


def _trail(accord: Accord) -> list[sa.Row[tuple[object, ...]]]:
    with accord.store.engine.connect() as db:
        return list(db.execute(sa.select(audit_log).order_by(audit_log.c.id)))


def _account_rows(accord: Accord) -> list[tuple[str, str, dict[str, object], dict[str, object]]]:
    return [
        (row.action, row.entity, json.loads(row.before or "{}"), json.loads(row.after or "{}"))
        for row in _trail(accord)
        if row.entity in {"user", "sign_in_link", "api_token"}
    ]


def test_every_account_change_is_recorded_with_before_and_after(accord: Accord) -> None:
    now = accord.clock.now()
    uow = accord.store.unit_of_work
    dana = accounts.add_user(uow(), accord.passwords, OPERATOR, "dana", Role.NEGOTIATOR,
                             PASSWORD, now)  # fmt: skip
    accounts.change_role(uow(), OPERATOR, "dana", Role.VIEWER)
    accounts.set_active(uow(), OPERATOR, "dana", active=False)
    accounts.set_active(uow(), OPERATOR, "dana", active=True)
    accounts.reset_password(uow(), accord.passwords, OPERATOR, "dana", NEW_PASSWORD)
    link_for_user(uow(), OPERATOR, "dana", now)
    token, secret = accounts.create_token(uow(), OPERATOR, "dana", "reports", TokenScope.READ,
                                          now, last_day=date(2026, 12, 31))  # fmt: skip
    accounts.revoke_token(uow(), OPERATOR, token.id, now)

    rows = _account_rows(accord)
    assert rows == [
        ("create", "user", {},
         {"name": "dana", "role": "negotiator", "active": True, "password": "set"}),
        ("update", "user", {"role": "negotiator"}, {"role": "viewer"}),
        ("update", "user", {"active": True}, {"active": False}),
        ("update", "user", {"active": False}, {"active": True}),
        ("update", "user", {"name": "dana", "password": "set"},
         {"name": "dana", "password": "changed"}),
        ("create", "sign_in_link", {}, {"user": "dana", "expires_at": "2026-03-02T09:15:00+00:00"}),
        ("create", "api_token", {},
         {"user": "dana", "label": "reports", "scope": "read",
          "expires_at": "2027-01-01T00:00:00+00:00", "revoked_at": None}),
        ("update", "api_token", {"revoked_at": None},
         {"revoked_at": "2026-03-02T09:00:00+00:00"}),
    ]  # fmt: skip
    user_rows = [r for r in _trail(accord) if r.entity == "user"]
    assert {r.entity_id for r in user_rows} == {str(dana.id)}
    assert all(r.user_name == "local" and r.address == "local" for r in _trail(accord))

    # never a password, a hash or a token, anywhere in the trail
    with accord.store.engine.connect() as db:
        password_hash = db.execute(sa.select(users.c.password_hash)).scalar_one()
        token_hash = db.execute(sa.select(api_tokens.c.token_hash)).scalar_one()
    text = " ".join(f"{r.before} {r.after}" for r in _trail(accord))
    for secret_text in (PASSWORD, NEW_PASSWORD, password_hash, secret, token_hash):
        assert secret_text not in text
    assert verify_audit(uow()).ok


def test_the_trail_names_who_changed_an_account(accord: Accord) -> None:
    now = accord.clock.now()
    uow = accord.store.unit_of_work
    owner = accounts.add_user(uow(), accord.passwords, OPERATOR, "olga", Role.OWNER, PASSWORD, now)
    source = AuditSource(Actor(owner.id, owner.name, owner.role), "req-7", "10.0.0.9")
    with acting_as(source):
        accounts.add_user(uow(), accord.passwords, source.actor, "vic", Role.VIEWER, None, now)
    last = _trail(accord)[-1]
    assert (last.user_name, last.role, last.request_id, last.address) == (
        "olga",
        "owner",
        "req-7",
        "10.0.0.9",
    )
    assert json.loads(last.after)["password"] == "none"


def test_a_viewer_changes_their_own_password_and_the_trail_records_it(accord: Accord) -> None:
    now = accord.clock.now()
    uow = accord.store.unit_of_work
    vic = accounts.add_user(uow(), accord.passwords, OPERATOR, "vic", Role.VIEWER, PASSWORD, now)
    actor = Actor(vic.id, vic.name, vic.role)
    with acting_as(AuditSource(actor, None, "127.0.0.1")):
        accounts.reset_password(uow(), accord.passwords, actor, "vic", NEW_PASSWORD)
        accounts.create_token(uow(), actor, "vic", "mine", TokenScope.READ, now)
    last_two = _trail(accord)[-2:]
    assert [(r.entity, r.user_name) for r in last_two] == [("user", "vic"), ("api_token", "vic")]


def test_a_refused_account_change_leaves_no_entry(accord: Accord) -> None:
    now = accord.clock.now()
    uow = accord.store.unit_of_work
    accounts.add_user(uow(), accord.passwords, OPERATOR, "olga", Role.OWNER, PASSWORD, now)
    before = len(_trail(accord))
    with pytest.raises(ConflictError):
        accounts.set_active(uow(), OPERATOR, "olga", active=False)  # the last owner
    with pytest.raises(ConflictError):
        accounts.add_user(uow(), accord.passwords, OPERATOR, "olga", Role.VIEWER, PASSWORD, now)
    assert len(_trail(accord)) == before


def test_the_local_owner_made_at_first_run_is_recorded(accord: Accord) -> None:
    accounts.ensure_local_owner(accord.store.unit_of_work(), accord.clock.now())
    accounts.ensure_local_owner(accord.store.unit_of_work(), accord.clock.now())
    assert [(r.action, r.entity) for r in _trail(accord)] == [("create", "user")]
    assert verify_audit(accord.store.unit_of_work()).ok


def test_a_token_with_an_end_date_stops_working_after_that_day(
    accord: Accord, clock: FixedClock
) -> None:
    now = accord.clock.now()  # 2026-03-02
    uow = accord.store.unit_of_work
    accounts.add_user(uow(), accord.passwords, OPERATOR, "dana", Role.NEGOTIATOR, PASSWORD, now)
    token, secret = accounts.create_token(uow(), OPERATOR, "dana", "export", TokenScope.READ,
                                          now, last_day=date(2026, 3, 3))  # fmt: skip
    assert token.last_day == date(2026, 3, 3)
    assert token_actor(uow(), secret, clock.advance(hours=38)) is not None  # 3 March, 23:00
    assert token_actor(uow(), secret, clock.advance(hours=1)) is None  # 4 March, 00:00
    (listed,) = accounts.list_tokens(uow(), OPERATOR, "dana")
    assert listed.state(clock.now()) == "ended"


def test_a_token_cannot_end_before_today(accord: Accord) -> None:
    now = accord.clock.now()
    uow = accord.store.unit_of_work
    accounts.add_user(uow(), accord.passwords, OPERATOR, "dana", Role.NEGOTIATOR, PASSWORD, now)
    with pytest.raises(ValidationError, match="today or later"):
        accounts.create_token(uow(), OPERATOR, "dana", "x", TokenScope.READ, now,
                              last_day=date(2026, 3, 1))  # fmt: skip
    assert accounts.list_tokens(uow(), OPERATOR, "dana") == []


def test_a_read_only_token_changes_no_account_not_even_its_own(accord: Accord) -> None:
    now = accord.clock.now()
    uow = accord.store.unit_of_work
    vic = accounts.add_user(uow(), accord.passwords, OPERATOR, "vic", Role.VIEWER, PASSWORD, now)
    reading = Actor(vic.id, vic.name, vic.role, read_only=True)
    with acting_as(AuditSource(reading, None, "127.0.0.1")):
        with pytest.raises(PermissionDeniedError, match="read-only"):
            accounts.create_token(uow(), reading, "vic", "write one", TokenScope.WRITE, now)
        with pytest.raises(PermissionDeniedError, match="read-only"):
            accounts.reset_password(uow(), accord.passwords, reading, "vic", NEW_PASSWORD)
    assert accounts.list_tokens(uow(), OPERATOR, "vic") == []
