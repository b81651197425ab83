"""One table of text limits: the domain's, the tables', the migrated databases' and the
API's maxLength agree, and every door refuses what no column holds."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from accord.adapters.store.store import Store
from accord.adapters.store.tables import metadata
from accord.bootstrap import Accord
from accord.domain.terms import TermKind
from accord.domain.text_limits import LIMITS
from accord.errors import ValidationError
from accord.services import negotiations
from tests.support.factories import rate_negotiation

# Columns whose values have a format of their own (checked by their own rule) or are
# made by Accord, not typed by a person.
FORMATTED = {
    "organisations.npi", "organisations.tin", "organisations.state", "organisations.zip_code",
    "negotiations.uid",
}  # fmt: skip
RECORD = ("organisations", "contacts", "negotiations", "terms", "allies")


def _text_columns() -> dict[str, int]:
    found: dict[str, int] = {}
    for name in RECORD:
        for column in metadata.tables[name].columns:
            if isinstance(column.type, sa.Enum) or not isinstance(column.type, sa.String):
                continue
            if column.type.length is not None:
                found[f"{name}.{column.name}"] = column.type.length
    return found


def test_every_typed_text_column_of_the_record_has_its_limit_in_the_domains_table() -> None:
    columns = _text_columns()
    assert set(columns) - FORMATTED == set(LIMITS)
    assert {key: columns[key] for key in LIMITS} == dict(LIMITS)


def test_the_migrated_databases_hold_exactly_the_limits(database_url: str) -> None:
    store = Store(database_url)
    try:
        store.migrate()
        inspector = sa.inspect(store.engine)
        for key, most in LIMITS.items():
            table, column = key.split(".")
            found = {c["name"]: c["type"] for c in inspector.get_columns(table)}
            assert getattr(found[column], "length", None) == most, key
    finally:
        store.dispose()


def test_the_longest_allowed_term_name_is_stored_and_one_more_is_refused(
    accord: Accord,
) -> None:
    nid = rate_negotiation(accord).id
    assert nid is not None
    now = accord.clock.now()
    longest = "Per diem, skilled nursing " + "x" * (LIMITS["terms.name"] - 26)
    negotiations.add_term(
        accord.store.unit_of_work(), now, nid, name=longest, kind=TermKind.DAYS,
        minimum=0, maximum=60,
    )  # fmt: skip
    loaded = negotiations.get_negotiation(accord.store.unit_of_work(), nid)
    assert longest in [t.name for t in loaded.terms]
    with pytest.raises(ValidationError, match="name: at most 200 characters, got 201"):
        negotiations.add_term(
            accord.store.unit_of_work(), now, nid, name=longest + "y", kind=TermKind.DAYS,
            minimum=0, maximum=60,
        )  # fmt: skip


def test_a_nul_character_is_refused_alike_on_both_databases(accord: Accord) -> None:
    """PostgreSQL stores no NUL and refused it with a traceback when the name was looked
    up before being checked (``accord org add $'\\0x'``, found by benchmarks/doors.py);
    SQLite stored it. Now both refuse it, naming the field, and nothing is written."""
    from accord.domain.organisations import OrganisationKind
    from accord.services import organisations

    uow = accord.store.unit_of_work
    for name, notes, field in (("\x00nul#4", "", "name"), ("Lakeview", "\x00nul", "notes")):
        with pytest.raises(ValidationError, match=f"{field}: a NUL character"):
            organisations.create_organisation(
                uow(), name=name, kind=OrganisationKind.PROVIDER, notes=notes
            )
    with uow() as u:
        assert u.organisations.find("\x00nul#4") is None
        assert u.organisations.list() == []
    nid = rate_negotiation(accord).id
    assert nid is not None
    with pytest.raises(ValidationError, match="name: a NUL character"):
        negotiations.add_term(
            uow(), accord.clock.now(), nid, name="Per\x00diem", kind=TermKind.DAYS,
            minimum=0, maximum=60,
        )  # fmt: skip
