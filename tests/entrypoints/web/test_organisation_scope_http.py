"""A user of another organisation sees nothing (issue 13, organisation scope).

The demo's negotiations, contracts and remittances belong to its own organisations
(Mercy General, Summit PT). A negotiator who works only for another practice walks
every GET route of the API and of the pages, found from the routers themselves (so a
new route is walked without touching this test), with the ids of the demo's records:
a detail is "not found", a list holds none of them, and no answer anywhere carries a
title, patient reference, payer, trace or claim number of theirs. Their own
negotiation shows, so the scope is a filter and not a wall. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator

import httpx
import pytest
from fastapi.routing import APIRoute

import accord.entrypoints.api.routes as api_routes
import accord.entrypoints.web.pages as web_pages
from accord.bootstrap import Accord
from accord.domain.accounts import Role
from accord.domain.actors import OPERATOR
from accord.domain.documents import DocumentKind
from accord.domain.negotiation import NegotiationKind
from accord.domain.organisations import OrganisationKind
from accord.services import demo, negotiations, organisations
from accord.services.demo_economics import load_demo_economics
from accord.services.memberships import set_user_organisations
from tests.support.in_process import in_process_client
from tests.support.signed_in import user_of_role

# What only the demo organisations' records carry (never an organisation's name: the
# directory of organisations and contacts is shared).
THEIRS = (
    "SNF single case agreement",
    "Big Sky commercial rate increase",
    "CM-2026-0147",
    "DEMO BLUE PLAN",
    "DEMO NATIONAL HEALTH",
    "DEMO MEDICAID MCO",
    "DEMO0002026",
    "DEMO0000000",
    "demo contract",
)
OWN_TITLE = "Harbor wound-care rates 2027"
DETAIL_PARAMETERS = ("negotiation_id", "contract_id", "payment_id")
PERIOD = "from=2000-01-01&to=2100-12-31"
QUERIES = {
    "/api/negotiations/{negotiation_id}/documents/{kind}": "format=docx",
    "/api/documents/savings": f"format=docx&{PERIOD}",
    "/api/documents/scorecard": "format=docx",
    "/api/contracts/{contract_id}/model": f"{PERIOD}&increase=5",
}
"""The queries a route cannot answer without (its JSON twin is then not asked for)."""


def _get_routes() -> list[str]:
    """Every GET path of the API (under /api) and of the pages, from their routers."""
    paths: list[str] = []
    for package, prefix in ((api_routes, "/api"), (web_pages, "")):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            paths += [
                prefix + route.path
                for route in module.router.routes
                if isinstance(route, APIRoute) and "GET" in route.methods
            ]
    return sorted(set(paths))


def _their_ids(accord: Accord) -> dict[str, int]:
    with accord.store.unit_of_work() as uow:
        negotiation = uow.negotiations.list()[0]
        contract_id = uow.contracts.rows()[0].id
        payment_id = uow.remittances.rows(limit=1)[0].id
    assert negotiation.id is not None
    return {"negotiation_id": negotiation.id, "contract_id": contract_id, "payment_id": payment_id}


@pytest.fixture
def outsider(accord: Accord) -> Iterator[tuple[httpx.Client, dict[str, int]]]:
    """The demo's records, a practice of its own with one negotiation, and a client
    signed in as a negotiator who works only for that practice."""
    demo.load_demo(accord.store.unit_of_work, accord.clock.now())
    load_demo_economics(accord.store.unit_of_work, accord.remittance_reader, accord.clock,
                        accord.demo_remittances)  # fmt: skip
    ids = _their_ids(accord)  # read as the operator, who sees everything
    harbor = organisations.create_organisation(
        accord.store.unit_of_work(), name="Harbor Clinic", kind=OrganisationKind.OURS
    )
    payer = organisations.create_organisation(
        accord.store.unit_of_work(), name="Harbor Mutual", kind=OrganisationKind.PAYER
    )
    assert harbor.id is not None and payer.id is not None
    negotiations.open_negotiation(
        accord.store.unit_of_work(), accord.clock.now(), title=OWN_TITLE,
        kind=NegotiationKind.CONTRACT_RATES, our_org_id=harbor.id, counterparty_id=payer.id,
    )  # fmt: skip
    user_of_role(accord, Role.NEGOTIATOR)
    set_user_organisations(
        accord.store.unit_of_work(), OPERATOR, "test-negotiator", add=["Harbor Clinic"]
    )
    with in_process_client(accord, signed_in=Role.NEGOTIATOR) as client:
        yield client, ids


def _url(path: str, ids: dict[str, int]) -> str:
    values = {**{k: str(v) for k, v in ids.items()}, "kind": DocumentKind.BRIEF.value,
              "name": "test-negotiator", "chart": "paid-per-unit"}  # fmt: skip
    filled = re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), "1"), path)
    return f"{filled}?{QUERIES[path]}" if path in QUERIES else filled


def test_the_walk_covers_the_routes_it_must() -> None:
    paths = _get_routes()
    assert {"/api/negotiations", "/api/negotiations/{negotiation_id}", "/api/contracts",
            "/api/remittances/{payment_id}", "/api/audit", "/", "/contracts/{contract_id}",
            "/remittances", "/scorecard", "/underpayments"} <= set(paths)  # fmt: skip
    assert len(paths) >= 60


def test_a_user_of_another_organisation_sees_nothing_of_theirs(
    outsider: tuple[httpx.Client, dict[str, int]],
) -> None:
    client, ids = outsider
    walked, wrong = [], []
    for path in _get_routes():
        url = _url(path, ids)
        for variant in (url,) if path in QUERIES else (url, f"{url}?format=json"):
            answer = client.get(variant, headers={"Accept": "text/html,application/json"})
            body = answer.content.decode("utf-8", "replace")
            leaked = [marker for marker in THEIRS if marker in body]
            detail = any(f"{{{name}}}" in path for name in DETAIL_PARAMETERS)
            # a detail of their record is not found: its existence is not revealed
            if leaked or answer.status_code >= 500 or (detail and answer.status_code != 404):
                wrong.append((variant, answer.status_code, leaked))
            walked.append((variant, answer.status_code))
    assert not wrong
    assert len(walked) >= 110
    # the walk reads real answers, not only refusals
    assert sum(status == 200 for _, status in walked) >= 60


def test_the_outsider_sees_their_own_organisations_records(
    outsider: tuple[httpx.Client, dict[str, int]],
) -> None:
    client, _ = outsider
    listed = client.get("/api/negotiations").json()
    titles = (
        [row["title"] for row in listed["items"]]
        if isinstance(listed, dict)
        else [row["title"] for row in listed]
    )
    assert titles == [OWN_TITLE]
    assert OWN_TITLE in client.get("/", headers={"Accept": "text/html"}).text
