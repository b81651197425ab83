"""What each stored change needs, and the one sentence that refuses it."""

from __future__ import annotations

import pytest

from accord.domain.accounts import Permission, Role
from accord.domain.actors import ANONYMOUS, LOCAL, Actor
from accord.domain.audit import AuditAction, Change
from accord.domain.permissions import check_changes, needed_for
from accord.errors import PermissionDeniedError

OFFER = Change(AuditAction.CREATE, "offer", "7", 3)
TEMPLATE = Change(AuditAction.UPDATE, "document_template", "proposal")
DOCUMENT = Change(AuditAction.READ, "document", "agreement", 3)


def test_a_change_needs_the_record_a_setting_the_settings_a_read_only_reading() -> None:
    assert needed_for(OFFER) is Permission.EDIT_RECORD
    assert needed_for(TEMPLATE) is Permission.MANAGE_SETTINGS
    assert needed_for(DOCUMENT) is Permission.READ


def test_the_refusal_names_who_their_role_and_what_they_may_not_do() -> None:
    with pytest.raises(PermissionDeniedError) as refused:
        check_changes(Actor(9, "ava", Role.AUDITOR), [DOCUMENT, OFFER])
    assert refused.value.message == (
        "ava is an auditor, who may not change the record (add offer); ask an owner or admin"
    )
    with pytest.raises(PermissionDeniedError) as refused:
        check_changes(Actor(4, "dana", Role.NEGOTIATOR), [OFFER, TEMPLATE])
    assert "dana is a negotiator, who may not change settings and templates (change " in (
        refused.value.message
    )


def test_readers_read_the_operator_does_everything_and_nobody_changes_nothing() -> None:
    check_changes(Actor(9, "ava", Role.AUDITOR), [DOCUMENT])
    check_changes(LOCAL, [OFFER, TEMPLATE, DOCUMENT])
    check_changes(ANONYMOUS, [DOCUMENT])
    with pytest.raises(PermissionDeniedError):
        check_changes(ANONYMOUS, [OFFER])
    token = Actor(4, "dana", Role.NEGOTIATOR, read_only=True)
    check_changes(token, [DOCUMENT])
    with pytest.raises(PermissionDeniedError, match="dana's API token is read-only"):
        check_changes(token, [OFFER])
