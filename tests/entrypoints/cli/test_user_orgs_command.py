"""``accord user orgs``: which organisations' records a person sees, from a terminal."""

from __future__ import annotations

import io
import json

import pytest

from tests.entrypoints.cli.conftest import Run


def test_a_person_is_limited_to_organisations_and_freed_again(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("org", "add", "Summit PT", "--kind", "ours")[0] == 0
    assert run("org", "add", "Lakeside PT", "--kind", "ours")[0] == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    assert run("user", "add", "bea", "--role", "viewer", "--password-stdin")[0] == 0

    code, out, _ = run("user", "orgs", "bea")
    assert (code, out) == (0, "bea sees: all\n")
    code, out, _ = run("user", "orgs", "bea", "--add", "Summit PT", "--add", "Lakeside PT")
    assert (code, out) == (0, "bea sees: Lakeside PT, Summit PT\n")
    code, out, _ = run("user", "orgs", "bea", "--remove", "Lakeside PT", "--json")
    assert code == 0
    assert json.loads(out) == {"user": "bea", "role": "viewer", "sees_all": False,
                               "organisations": [{"id": 1, "name": "Summit PT"}]}  # fmt: skip
    code, out, _ = run("user", "orgs", "bea", "--clear", "--json")
    assert json.loads(out)["sees_all"] is True and json.loads(out)["organisations"] == []


def test_an_unknown_organisation_or_person_is_one_plain_line(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run("user", "orgs", "nobody")
    assert code == 3 and err == "error: no user named 'nobody' (accord user list shows them)\n"
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    assert run("user", "add", "bea", "--role", "viewer", "--password-stdin")[0] == 0
    code, _, err = run("user", "orgs", "bea", "--add", "Nowhere Clinic")
    assert code == 3
    assert err == "error: no organisation named 'Nowhere Clinic' (accord org list shows them)\n"
    assert run("user", "orgs", "bea", "--json")[1].count('"sees_all": true') == 1
