"""The rule of organisation scope: who sees which organisations' records."""

from __future__ import annotations

from accord.domain.accounts import Role
from accord.domain.actors import ANONYMOUS, LOCAL, Actor
from accord.domain.scope import EVERYTHING, Scope, scope_for


def test_the_operator_owners_and_admins_see_everything_whatever_is_chosen() -> None:
    assert scope_for(LOCAL, []) == EVERYTHING
    assert scope_for(Actor(1, "olu", Role.OWNER), [3]) == EVERYTHING
    assert scope_for(Actor(2, "ada", Role.ADMIN), [3]) == EVERYTHING


def test_a_user_with_no_organisations_chosen_sees_everything() -> None:
    for role in (Role.NEGOTIATOR, Role.VIEWER, Role.AUDITOR):
        assert scope_for(Actor(5, "bea", role), []).everything


def test_a_user_with_organisations_sees_only_theirs() -> None:
    scope = scope_for(Actor(5, "bea", Role.VIEWER), [4, 3, 4])
    assert scope == Scope(frozenset({3, 4}))
    assert (scope.allows(3), scope.allows(7), scope.allows(None)) == (True, False, False)
    assert scope.key == (3, 4)


def test_nobody_signed_in_sees_no_record() -> None:
    scope = scope_for(ANONYMOUS, [])
    assert not scope.everything and not scope.allows(1)
