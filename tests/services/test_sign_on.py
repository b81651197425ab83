"""Single sign-on against a real OpenID Connect provider on loopback (tests/support),
through the real adapter, on SQLite and PostgreSQL: who may sign in, as whom, what the
audit trail records; and every bad token refused."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from accord.adapters.store.account_tables import sign_in_identities
from accord.adapters.store.tables import audit_log
from accord.bootstrap import Accord, bootstrap
from accord.config import Settings, load_settings
from accord.domain.accounts import Role
from accord.domain.actors import OPERATOR
from accord.errors import ConfigurationError, NotSignedInError
from accord.services import accounts
from accord.services.audit import verify_audit
from accord.services.sign_in import session_actor
from accord.services.sign_on import begin_sign_on, finish_sign_on
from tests.support.clock import FixedClock
from tests.support.oidc_provider import CLIENT_ID, CLIENT_SECRET, LocalProvider, oidc_provider

BACK = "http://127.0.0.1:8000/login/sso/callback"
HOURS = timedelta(hours=12)


@pytest.fixture
def provider(clock: FixedClock) -> Iterator[LocalProvider]:
    with oidc_provider() as running:
        running.clock = lambda: clock.now().timestamp()
        yield running


def _accord(
    database_url: str, tmp_path: Path, clock: FixedClock, provider: LocalProvider, **extra: Any
) -> Accord:
    settings = Settings(
        data_dir=tmp_path / "data", database_url=database_url, oidc_issuer=provider.issuer,
        oidc_client_id=CLIENT_ID, oidc_client_secret=CLIENT_SECRET,
        oidc_provider_name="Clinic ID", **extra,
    )  # fmt: skip
    return bootstrap(settings, clock=clock)


@pytest.fixture
def sso(
    database_url: str, tmp_path: Path, clock: FixedClock, provider: LocalProvider
) -> Iterator[Accord]:
    app = _accord(database_url, tmp_path, clock, provider,
                  oidc_allowed_domains="clinic.example", oidc_create_users=True)  # fmt: skip
    try:
        yield app
    finally:
        app.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _sign_on(accord: Accord, *, state: str | None = None) -> tuple[str, str]:
    """What a browser does: go to the provider, come back with a code; then finish."""
    provider = accord.sign_on
    assert provider is not None
    start = begin_sign_on(provider, BACK)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        opener.open(start.url)
    except urllib.error.HTTPError as redirect:
        location = redirect.headers["Location"]
    back = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
    actor, secret = finish_sign_on(
        accord.store.unit_of_work(), provider, accord.sign_on_policy, code=back["code"],
        state=back["state"] if state is None else state, expected_state=start.state,
        verifier=start.verifier, nonce=start.nonce, redirect_uri=BACK,
        now=accord.clock.now(), lifetime=HOURS,
    )  # fmt: skip
    assert session_actor(accord.store.unit_of_work(), secret, accord.clock.now()) == actor
    return actor.name, actor.role.value


def test_a_first_sign_in_makes_a_viewer_linked_to_the_identity(
    sso: Accord, provider: LocalProvider
) -> None:
    provider.sign_in_as("u-42", email="Dana@Clinic.Example", email_verified=True)
    assert _sign_on(sso) == ("dana@clinic.example", "viewer")
    assert _sign_on(sso) == ("dana@clinic.example", "viewer")  # the same user again
    with sso.store.engine.connect() as db:
        links = list(db.execute(sa.select(sign_in_identities)))
        trail = list(db.execute(sa.select(audit_log).order_by(audit_log.c.id)))
    assert [(link.issuer, link.subject) for link in links] == [(provider.issuer, "u-42")]
    assert [(r.action, r.entity, r.user_name) for r in trail] == [
        ("create", "user", "dana@clinic.example"),
        ("create", "sign_in_identity", "dana@clinic.example"),
    ]
    assert json.loads(trail[1].after) == {"user": "dana@clinic.example", "issuer": provider.issuer}
    assert verify_audit(sso.store.unit_of_work()).ok


def test_an_added_user_is_linked_by_a_verified_address_only(
    sso: Accord, provider: LocalProvider
) -> None:
    accounts.add_user(sso.store.unit_of_work(), sso.passwords, OPERATOR, "nina@clinic.example",
                      Role.NEGOTIATOR, None, sso.clock.now())  # fmt: skip
    provider.sign_in_as("u-7", email="nina@clinic.example", email_verified=False)
    with pytest.raises(NotSignedInError, match=r"verified e-mail addresses at clinic\.example"):
        _sign_on(sso)
    provider.sign_in_as("u-7", email="nina@clinic.example", email_verified=True)
    assert _sign_on(sso) == ("nina@clinic.example", "negotiator")  # her role, kept


def test_the_policy_keeps_out_other_domains_and_disabled_users(
    sso: Accord, provider: LocalProvider
) -> None:
    provider.sign_in_as("x-1", email="eve@elsewhere.example", email_verified=True)
    with pytest.raises(NotSignedInError, match=r"clinic\.example only"):
        _sign_on(sso)
    provider.sign_in_as("u-42", email="dana@clinic.example", email_verified=True)
    _sign_on(sso)
    accounts.add_user(sso.store.unit_of_work(), sso.passwords, OPERATOR, "olga", Role.OWNER,
                      "a long enough passphrase", sso.clock.now())  # fmt: skip
    accounts.set_active(sso.store.unit_of_work(), OPERATOR, "dana@clinic.example", active=False)
    with pytest.raises(NotSignedInError, match="disabled"):
        _sign_on(sso)


def test_a_role_map_decides_who_may_come_in_and_as_what(
    database_url: str, tmp_path: Path, clock: FixedClock, provider: LocalProvider
) -> None:
    app = _accord(database_url, tmp_path, clock, provider, oidc_create_users=True,
                  oidc_role_claim="groups",
                  oidc_role_map="accord-admins=admin,billing=negotiator")  # fmt: skip
    try:
        provider.sign_in_as("a-1", email="ari@clinic.example", groups=["billing", "accord-admins"])
        assert _sign_on(app) == ("ari@clinic.example", "admin")
        provider.sign_in_as("a-2", email="ned@clinic.example", groups=["staff"])
        with pytest.raises(NotSignedInError, match="no group"):
            _sign_on(app)
    finally:
        app.close()


def test_without_user_making_an_unknown_person_is_refused(
    database_url: str, tmp_path: Path, clock: FixedClock, provider: LocalProvider
) -> None:
    app = _accord(database_url, tmp_path, clock, provider)
    try:
        provider.sign_in_as("u-9", email="zoe@clinic.example", email_verified=True)
        with pytest.raises(NotSignedInError, match="has no Accord account"):
            _sign_on(app)
        with app.store.unit_of_work() as uow:
            assert uow.accounts.count() == 0
    finally:
        app.close()


@pytest.mark.parametrize(
    ("trick", "says"),
    [
        ("tampered", "signature does not match"),
        ("foreign_key", "signature does not match"),
        ("wrong_nonce", "nonce"),
        ("wrong_audience", "aud"),
        ("expired", "expired"),
        ("wrong_issuer", "iss"),
    ],
)
def test_a_bad_id_token_is_refused_and_nothing_is_written(
    sso: Accord, provider: LocalProvider, trick: str, says: str
) -> None:
    provider.sign_in_as("u-42", email="dana@clinic.example", email_verified=True)
    provider.trick = trick
    with pytest.raises(NotSignedInError, match=says):
        _sign_on(sso)
    with sso.store.unit_of_work() as uow:
        assert uow.accounts.count() == 0


def test_a_state_that_is_not_this_browsers_is_refused_before_the_provider_is_asked(
    sso: Accord, provider: LocalProvider
) -> None:
    provider.sign_in_as("u-42", email="dana@clinic.example", email_verified=True)
    with pytest.raises(NotSignedInError, match="did not start in this browser"):
        _sign_on(sso, state="forged")
    assert provider.token_requests == 0


def test_settings_refuse_an_insecure_issuer_and_unknown_roles(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ACCORD_DATA_DIR", str(tmp_path))
    for issuer in ("http://login.clinic.example", "ftp://127.0.0.1", "https://"):
        monkeypatch.setenv("ACCORD_OIDC_ISSUER", issuer)
        with pytest.raises(ConfigurationError, match="ACCORD_OIDC_ISSUER"):
            load_settings()
    monkeypatch.setenv("ACCORD_OIDC_ISSUER", "http://127.0.0.1:9000/")
    assert load_settings().oidc_issuer == "http://127.0.0.1:9000"  # loopback, for tests
    monkeypatch.setenv("ACCORD_OIDC_ROLE_MAP", "staff=boss")
    with pytest.raises(ConfigurationError, match=r"ACCORD_OIDC_ROLE_MAP.*'staff=boss'"):
        load_settings()


def test_an_issuer_needs_a_client_id_and_the_secret_may_come_from_a_file(
    tmp_path: Path,
) -> None:
    with pytest.raises(ConfigurationError, match="ACCORD_OIDC_CLIENT_ID"):
        bootstrap(Settings(data_dir=tmp_path, oidc_issuer="https://id.example"), migrate=False)
    secret = tmp_path / "secret"
    secret.write_text("s3cret\nignored\n", encoding="utf-8")
    settings = Settings(data_dir=tmp_path, oidc_client_secret_file=secret)
    assert settings.oidc_secret == "s3cret"
    missing = Settings(data_dir=tmp_path, oidc_client_secret_file=tmp_path / "nope")
    with pytest.raises(ConfigurationError, match="OIDC_CLIENT_SECRET_FILE"):
        _ = missing.oidc_secret
    app = bootstrap(Settings(data_dir=tmp_path), migrate=False)
    assert app.sign_on is None  # no issuer: no single sign-on, nothing fetched
