"""``/api/users/{name}/organisations``: owners and admins choose whose records a person
sees; everyone else is refused; a bad choice names what was expected (issue 13 §3)."""

from __future__ import annotations

import httpx

from accord.bootstrap import Accord
from accord.domain.accounts import Role
from accord.domain.organisations import OrganisationKind
from accord.services import organisations
from tests.support.in_process import in_process_client
from tests.support.signed_in import user_of_role


def _practices(accord: Accord) -> tuple[int, int]:
    made = [
        organisations.create_organisation(
            accord.store.unit_of_work(), name=name, kind=OrganisationKind.OURS
        ).id
        for name in ("Summit PT", "Lakeside PT")
    ]
    assert made[0] is not None and made[1] is not None
    return made[0], made[1]


def test_an_owner_sets_and_reads_a_persons_organisations(
    http: httpx.Client, accord: Accord
) -> None:
    summit, lakeside = _practices(accord)
    user_of_role(accord, Role.VIEWER)
    url = "/api/users/test-viewer/organisations"
    assert http.get(url).json() == {"user": "test-viewer", "role": "viewer", "sees_all": True,
                                    "organisations": []}  # fmt: skip
    chosen = http.put(url, json={"organisations": [str(lakeside), "Summit PT"]})
    assert chosen.status_code == 200, chosen.text
    assert chosen.json()["organisations"] == [
        {"id": lakeside, "name": "Lakeside PT"}, {"id": summit, "name": "Summit PT"},
    ]  # fmt: skip
    assert chosen.json()["sees_all"] is False
    everyone = {row["user"]: row for row in http.get("/api/users/organisations").json()}
    assert everyone["test-viewer"] == chosen.json()
    assert everyone["test-owner"]["sees_all"] is True
    cleared = http.put(url, json={"organisations": []}).json()
    assert (cleared["sees_all"], cleared["organisations"]) == (True, [])


def test_a_bad_choice_names_what_was_expected_and_changes_nothing(
    http: httpx.Client, accord: Accord
) -> None:
    _practices(accord)
    user_of_role(accord, Role.VIEWER)
    url = "/api/users/test-viewer/organisations"
    unknown = http.put(url, json={"organisations": ["Summit PT", "Nowhere"]})
    assert unknown.status_code == 404
    assert "no organisation named 'Nowhere'" in unknown.json()["error"]["message"]
    assert http.get(url).json()["sees_all"] is True
    assert http.put(url, json={"organisation": ["Summit PT"]}).status_code == 422
    missing = http.put("/api/users/nobody/organisations", json={"organisations": []})
    assert missing.status_code == 404


def test_only_owners_and_admins_choose(accord: Accord) -> None:
    _practices(accord)
    user_of_role(accord, Role.VIEWER)
    for role in (Role.NEGOTIATOR, Role.AUDITOR):
        with in_process_client(accord, signed_in=role) as client:
            url = "/api/users/test-viewer/organisations"
            assert client.get(url).status_code == 403
            refused = client.put(url, json={"organisations": ["Summit PT"]})
            assert refused.status_code == 403, refused.text
    with in_process_client(accord, signed_in=Role.ADMIN) as client:
        url = "/api/users/test-viewer/organisations"
        assert client.put(url, json={"organisations": ["Summit PT"]}).status_code == 200
