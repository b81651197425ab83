"""An archive is checked whole before anything is written; each bad value is refused with
its path in the archive."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from accord.bootstrap import Accord, bootstrap
from accord.config import Settings
from accord.errors import InputFileError
from accord.services.demo import load_demo
from accord.services.transfer import export_archive, import_archive
from tests.support.clock import FixedClock

Document = dict[str, Any]


@pytest.fixture
def archive(sqlite_accord: Accord, tmp_path: Path, clock: FixedClock) -> Document:
    load_demo(sqlite_accord.store.unit_of_work, clock.now())
    path = tmp_path / "good.json"
    export_archive(sqlite_accord.store.unit_of_work(), sqlite_accord.archives, clock.now(), path)
    document: Document = json.loads(path.read_text())
    return document


def _numeric_offer(document: Document) -> tuple[int, int, str]:
    """A (negotiation, offer, term name) whose term is a number."""
    for i, negotiation in enumerate(document["negotiations"]):
        numeric = {t["name"] for t in negotiation["terms"] if t["kind"] != "categorical"}
        for j, offer in enumerate(negotiation["offers"]):
            for name, value in offer["values"].items():
                if name in numeric and not isinstance(value, bool):
                    return i, j, name
    raise AssertionError("the demo has no numeric offer")


def _unknown_term(document: Document) -> str:
    i, j, _ = _numeric_offer(document)
    document["negotiations"][i]["offers"][j]["values"]["no_such_term"] = 3
    return rf"negotiations\[{i}\]\.offers\[{j}\]\.values\.no_such_term: no term named"


def _nan_value(document: Document) -> str:
    i, j, name = _numeric_offer(document)
    document["negotiations"][i]["offers"][j]["values"][name] = "NaN"
    return rf"negotiations\[{i}\]\.offers\[{j}\]\.values\.{name}: .*takes a finite number"


def _null_name(document: Document) -> str:
    document["organisations"][1]["name"] = None
    return r"organisations\[1\]\.name: expected text, got null"


def _bad_uid(document: Document) -> str:
    document["negotiations"][1]["uid"] = "not-a-uuid"
    return r"negotiations\[1\].*uid: expected a UUID, got 'not-a-uuid'"


def _goals_as_text(document: Document) -> str:
    # Read as a list of letters before (the doors probe of issue 14 found it).
    document["negotiations"][0]["our_goals"] = "keep the rate"
    return r"negotiations\[0\]\.our_goals: expected a list, got 'keep the rate'"


@pytest.mark.parametrize("spoil", [_unknown_term, _nan_value, _null_name, _bad_uid, _goals_as_text])
def test_a_bad_value_is_refused_with_its_path_and_nothing_is_written(
    archive: Document, spoil: Callable[[Document], str], tmp_path: Path, clock: FixedClock
) -> None:
    expected = spoil(archive)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(archive))
    target = bootstrap(Settings(data_dir=tmp_path / "target"), clock=clock)
    try:
        with pytest.raises(InputFileError, match=expected) as caught:
            import_archive(target.store.unit_of_work(), target.archives, path)
        assert str(caught.value).startswith(f"{path}: invalid archive: ")
        assert "\n" not in str(caught.value)
        with target.store.engine.connect() as connection:
            for table in ("organisations", "contacts", "negotiations", "offers"):
                count = connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
                assert count == 0, table
    finally:
        target.close()


def test_a_uuid_in_any_spelling_is_kept_as_hex(
    archive: Document, tmp_path: Path, clock: FixedClock
) -> None:
    archive["negotiations"][0]["uid"] = "6F9619FF-8B86-D011-B42D-00C04FC964FF"
    path = tmp_path / "dashed.json"
    path.write_text(json.dumps(archive))
    target = bootstrap(Settings(data_dir=tmp_path / "target"), clock=clock)
    try:
        import_archive(target.store.unit_of_work(), target.archives, path)
        with target.store.engine.connect() as connection:
            uids = connection.execute(sa.text("SELECT uid FROM negotiations")).scalars().all()
        assert "6f9619ff8b86d011b42d00c04fc964ff" in uids
    finally:
        target.close()


def test_every_bad_value_of_the_archive_is_reported_at_once(
    archive: Document, tmp_path: Path, clock: FixedClock
) -> None:
    expected = [_null_name(archive), _unknown_term(archive), _bad_uid(archive)]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(archive))
    target = bootstrap(Settings(data_dir=tmp_path / "target"), clock=clock)
    try:
        with pytest.raises(InputFileError) as caught:
            import_archive(target.store.unit_of_work(), target.archives, path)
    finally:
        target.close()
    for pattern in expected:
        assert re.search(pattern, str(caught.value)), pattern
