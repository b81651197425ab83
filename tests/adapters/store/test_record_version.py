"""The record's version changes with every commit and only then, on both databases."""

from __future__ import annotations

from accord.bootstrap import Accord
from accord.domain.organisations import Organisation, OrganisationKind


def _version(accord: Accord) -> int | None:
    with accord.store.unit_of_work() as uow:
        return uow.record_version()


def test_every_commit_replaces_the_version_and_a_rollback_keeps_it(accord: Accord) -> None:
    seen = {_version(accord)}
    assert None not in seen
    for name in ("Big Sky Health", "Acme Care"):
        with accord.store.unit_of_work() as uow:
            uow.organisations.add(Organisation(name, OrganisationKind.PAYER))
            uow.commit()
        seen.add(_version(accord))
    assert len(seen) == 3
    before = _version(accord)
    with accord.store.unit_of_work() as uow:
        uow.organisations.add(Organisation("Never saved", OrganisationKind.PAYER))
    assert _version(accord) == before


def test_the_form_key_is_stored_once_for_every_process(accord: Accord) -> None:
    with accord.store.unit_of_work() as uow:
        first = uow.form_key()
    with accord.store.unit_of_work() as uow:
        assert uow.form_key() == first
    assert first is not None and len(first) == 32
