"""Who single sign-on lets in, and as whom: plain rules, no provider."""

from __future__ import annotations

import pytest

from accord.domain.accounts import Role
from accord.domain.single_sign_on import (
    SignOnPolicy,
    VerifiedIdentity,
    admit,
    parse_role_map,
    user_name_for,
)
from accord.errors import NotSignedInError, ValidationError


def _person(email: str | None = "dana@clinic.example", verified: bool = True,
            **claims: object) -> VerifiedIdentity:  # fmt: skip
    return VerifiedIdentity("https://id.example", "s-1", email, verified, claims)


def test_without_rules_a_new_user_gets_the_policys_role() -> None:
    assert admit(SignOnPolicy(), _person()) is Role.VIEWER
    assert admit(SignOnPolicy(new_user_role=Role.AUDITOR), _person(None)) is Role.AUDITOR


def test_an_allowed_domain_needs_a_verified_address_in_it() -> None:
    policy = SignOnPolicy(allowed_domains=frozenset({"clinic.example"}))
    assert admit(policy, _person("Dana@CLINIC.example")) is Role.VIEWER
    for refused in (_person(verified=False), _person("eve@evil.example"), _person(None),
                    _person("dana@clinic.example.evil.example")):  # fmt: skip
        with pytest.raises(NotSignedInError):
            admit(policy, refused)


def test_the_highest_mapped_role_wins_and_no_mapped_value_keeps_out() -> None:
    policy = SignOnPolicy(role_claim="groups", role_map=parse_role_map("a=admin, b=negotiator"))
    assert admit(policy, _person(groups=["b", "a"])) is Role.ADMIN
    assert admit(policy, _person(groups="b")) is Role.NEGOTIATOR
    for groups in (["c"], [], None, 7):
        with pytest.raises(NotSignedInError, match="no group"):
            admit(policy, _person(groups=groups))


def test_a_role_map_names_known_roles_only() -> None:
    with pytest.raises(ValidationError):
        parse_role_map("a=boss")


def test_a_new_user_is_named_by_their_address_else_a_digest_of_their_subject() -> None:
    assert user_name_for(_person("Dana@Clinic.Example")) == "dana@clinic.example"
    assert user_name_for(_person("not an address", preferred_username="dana.k")) == "dana.k"
    name = user_name_for(_person(None))
    assert name.startswith("sso-") and len(name) == 20
    assert user_name_for(_person(None)) == name  # the same person, the same name
