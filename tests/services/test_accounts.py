"""Users, sessions and API tokens on SQLite and PostgreSQL: only hashes are stored,
sessions expire and are revoked, roles decide who may manage whom."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from accord.adapters.store.account_tables import api_tokens, user_sessions, users
from accord.bootstrap import Accord, bootstrap
from accord.domain.accounts import Role, TokenScope
from accord.domain.actors import OPERATOR, Actor
from accord.errors import (
    ConflictError,
    NotSignedInError,
    PermissionDeniedError,
    TooManyAttemptsError,
    ValidationError,
)
from accord.services import accounts
from accord.services.sign_in import (
    issue_sign_in_link,
    redeem_sign_in_link,
    session_actor,
    sign_in,
    sign_out,
    token_actor,
)
from tests.support.clock import FixedClock

PASSWORD = "a long enough passphrase"
HOURS = timedelta(hours=12)


def _add(accord: Accord, name: str, role: Role, actor: Actor = OPERATOR) -> Actor:
    user = accounts.add_user(
        accord.store.unit_of_work(), accord.passwords, actor, name, role, PASSWORD,
        accord.clock.now(),
    )  # fmt: skip
    return Actor(user.id, user.name, user.role)


def _sign_in(accord: Accord, name: str, password: str = PASSWORD) -> str:
    _, secret = sign_in(
        accord.store.unit_of_work(), accord.passwords, accord.sign_in_throttle, name=name,
        password=password, address="127.0.0.1", now=accord.clock.now(), lifetime=HOURS,
    )  # fmt: skip
    return secret


def test_a_session_is_stored_as_a_hash_and_ends_at_sign_out_or_expiry(
    accord: Accord, clock: FixedClock
) -> None:
    _add(accord, "Dana", Role.NEGOTIATOR)
    secret = _sign_in(accord, "dana")
    with accord.store.engine.connect() as db:
        stored = [row.token_hash for row in db.execute(sa.select(user_sessions))]
        hashes = [row.password_hash for row in db.execute(sa.select(users))]
    assert secret not in stored and len(stored) == 1
    assert hashes[0].startswith("$argon2id$") and PASSWORD not in hashes[0]
    actor = session_actor(accord.store.unit_of_work(), secret, clock.now())
    assert actor is not None and (actor.name, actor.role) == ("dana", Role.NEGOTIATOR)
    clock.advance(hours=12)
    assert session_actor(accord.store.unit_of_work(), secret, clock.now()) is None
    clock.advance(hours=-1)
    sign_out(accord.store.unit_of_work(), secret)
    assert session_actor(accord.store.unit_of_work(), secret, clock.now()) is None


def test_a_password_change_a_role_change_and_disabling_sign_the_user_out(accord: Accord) -> None:
    _add(accord, "dana", Role.NEGOTIATOR)
    uow = accord.store.unit_of_work
    now = accord.clock.now()
    for change in (
        lambda: accounts.reset_password(uow(), accord.passwords, OPERATOR, "dana", PASSWORD),
        lambda: accounts.change_role(uow(), OPERATOR, "dana", Role.VIEWER),
        lambda: accounts.set_active(uow(), OPERATOR, "dana", active=False),
    ):
        accounts.set_active(uow(), OPERATOR, "dana", active=True)
        secret = _sign_in(accord, "dana")
        assert session_actor(uow(), secret, now) is not None
        change()
        assert session_actor(uow(), secret, now) is None


def test_a_wrong_password_is_refused_and_the_sixth_try_is_throttled(accord: Accord) -> None:
    _add(accord, "dana", Role.NEGOTIATOR)
    throttle = accord.sign_in_throttle
    now = accord.clock.now()

    def attempt(password: str, address: str = "10.0.0.1") -> None:
        sign_in(
            accord.store.unit_of_work(), accord.passwords, throttle, name="dana",
            password=password, address=address, now=now, lifetime=HOURS,
        )  # fmt: skip

    for _ in range(5):
        with pytest.raises(NotSignedInError, match="not right"):
            attempt("wrong password!")
    # even the right password is refused while the account is throttled, from anywhere
    with pytest.raises(TooManyAttemptsError, match="15 minutes"):
        attempt(PASSWORD, address="10.0.0.2")
    with pytest.raises(NotSignedInError):
        sign_in(
            accord.store.unit_of_work(), accord.passwords, throttle, name="nobody",
            password="x", address="10.0.0.1", now=now, lifetime=HOURS,
        )  # fmt: skip
    later = now + timedelta(minutes=15)
    sign_in(
        accord.store.unit_of_work(), accord.passwords, throttle, name="dana",
        password=PASSWORD, address="10.0.0.2", now=later, lifetime=HOURS,
    )  # fmt: skip


def test_every_process_counts_the_same_failures(accord: Accord) -> None:
    """Two servers (or two workers of one) on one database: five failures spread over
    both throttle the account on both; the keys are stored as hashes, not as typed."""
    _add(accord, "dana", Role.NEGOTIATOR)
    other = bootstrap(accord.settings, clock=accord.clock)
    now = accord.clock.now()

    def attempt(app: Accord, password: str) -> None:
        sign_in(
            app.store.unit_of_work(), app.passwords, app.sign_in_throttle, name="dana",
            password=password, address="10.0.0.9", now=now, lifetime=HOURS,
        )  # fmt: skip

    for app in (accord, other, accord, other, other):
        with pytest.raises(NotSignedInError):
            attempt(app, "wrong password!")
    for app in (accord, other):
        with pytest.raises(TooManyAttemptsError):
            attempt(app, PASSWORD)
    with accord.store.engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT kind, key_hash FROM sign_in_failures"))
        rows = stored.all()
    assert len(rows) == 10 and {kind for kind, _ in rows} == {"account", "address"}
    assert not any("dana" in h or "10.0.0.9" in h for _, h in rows)
    # a right password once the window has passed clears the account's failures
    sign_in(
        other.store.unit_of_work(), other.passwords, other.sign_in_throttle, name="dana",
        password=PASSWORD, address="10.0.0.9", now=now + timedelta(minutes=15), lifetime=HOURS,
    )  # fmt: skip
    with accord.store.engine.connect() as connection:
        kinds = connection.execute(sa.text("SELECT kind FROM sign_in_failures")).scalars().all()
    assert kinds == ["address"] * 5


def test_tokens_are_hashed_scoped_revocable_and_note_their_last_use(
    accord: Accord, clock: FixedClock
) -> None:
    _add(accord, "dana", Role.NEGOTIATOR)
    uow = accord.store.unit_of_work
    token, secret = accounts.create_token(
        uow(), OPERATOR, "dana", "export", TokenScope.READ, clock.now()
    )
    with accord.store.engine.connect() as db:
        assert secret not in {row.token_hash for row in db.execute(sa.select(api_tokens))}
    found = token_actor(uow(), secret, clock.now())
    assert found is not None and found[0].name == "dana" and found[1] is TokenScope.READ
    assert accounts.list_tokens(uow(), OPERATOR)[0].last_used_at == clock.now()
    revoked = accounts.revoke_token(uow(), OPERATOR, token.id, clock.now())
    assert revoked.revoked_at == clock.now()
    assert token_actor(uow(), secret, clock.now()) is None
    assert token_actor(uow(), secret + "x", clock.now()) is None


def test_roles_decide_who_manages_whom(accord: Accord) -> None:
    uow = accord.store.unit_of_work
    owner = _add(accord, "olive", Role.OWNER)
    admin = _add(accord, "adam", Role.ADMIN, owner)
    viewer = _add(accord, "vera", Role.VIEWER, admin)
    with pytest.raises(PermissionDeniedError, match="vera is a viewer"):
        _add(accord, "eve", Role.NEGOTIATOR, viewer)
    with pytest.raises(PermissionDeniedError, match="manage owners"):
        _add(accord, "eve", Role.OWNER, admin)
    with pytest.raises(PermissionDeniedError):
        accounts.change_role(uow(), admin, "olive", Role.VIEWER)
    with pytest.raises(PermissionDeniedError):
        accounts.list_users(uow(), viewer)
    with pytest.raises(ConflictError, match="last active owner"):
        accounts.set_active(uow(), owner, "olive", active=False)
    with pytest.raises(ConflictError, match="exists already"):
        _add(accord, "ADAM", Role.VIEWER, owner)
    with pytest.raises(ValidationError, match="user name"):
        _add(accord, "no spaces please", Role.VIEWER, owner)
    # a viewer may make a token for themselves, not for another
    accounts.create_token(uow(), viewer, "vera", "reports", TokenScope.READ, accord.clock.now())
    with pytest.raises(PermissionDeniedError):
        accounts.create_token(uow(), viewer, "adam", "x", TokenScope.WRITE, accord.clock.now())
    assert [u.name for u in accounts.list_users(uow(), admin)] == ["adam", "olive", "vera"]


def test_the_first_run_makes_a_local_owner_who_signs_in_once_by_link(
    accord: Accord, clock: FixedClock
) -> None:
    uow = accord.store.unit_of_work
    owner = accounts.ensure_local_owner(uow(), clock.now())
    assert owner is not None and owner.role is Role.OWNER and not owner.has_password
    assert accounts.ensure_local_owner(uow(), clock.now()) == owner  # no second owner
    link = issue_sign_in_link(uow(), owner.id, clock.now())
    assert session_actor(uow(), link, clock.now()) is None  # a link is not a session
    actor, session = redeem_sign_in_link(uow(), link, clock.now(), HOURS)
    assert actor.role is Role.OWNER
    assert session_actor(uow(), session, clock.now()) == actor
    with pytest.raises(NotSignedInError, match="used or has expired"):
        redeem_sign_in_link(uow(), link, clock.now(), HOURS)
    late = issue_sign_in_link(uow(), owner.id, clock.now())
    with pytest.raises(NotSignedInError):
        redeem_sign_in_link(uow(), late, clock.advance(minutes=16), HOURS)
    accounts.reset_password(uow(), accord.passwords, OPERATOR, "owner", PASSWORD)
    assert accounts.ensure_local_owner(uow(), clock.now()) is None  # has a password now
