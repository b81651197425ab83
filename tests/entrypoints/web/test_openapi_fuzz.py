"""Schemathesis against the OpenAPI document: the API does what its document says.

Each operation gets a few valid (positive) and invalid (negative) requests, over real
HTTP against a server on the demo record, on SQLite and on PostgreSQL, and every
response goes through schemathesis' checks: no server error, only documented status
codes, content types and headers, bodies that match their schema, ``Allow`` on 405,
invalid input refused. Then the stateful phase chains requests along the links
schemathesis infers. Examples are bounded so that the suite stays fast.
(Schemathesis' own pytest plugin does not run under pytest 9 yet, so the test drives
its strategies with Hypothesis directly.)

``positive_data_acceptance`` (a schema-valid request is accepted: 2xx, or 404/409 for a
record that is missing or in the way) runs on every operation but those in
:data:`NOT_IN_THE_SCHEMA`, each refused for a rule that OpenAPI's schema language
cannot state; what it can state (text limits, required non-blank text, the checklist's
names, at least one goal) the document states.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from hypothesis.stateful import run_state_machine_as_test
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.hooks import GLOBAL_HOOK_DISPATCHER

from accord.bootstrap import Accord
from accord.services import demo
from tests.entrypoints.server import live_server
from tests.support.in_process import in_process_client
from tests.support.signed_in import COOKIE, session_secret

EXAMPLES = 4
STATEFUL_RUNS = 4

NOT_IN_THE_SCHEMA: dict[str, str] = {
    # operation: the rule a schema-valid request can break, which no schema can state
    "POST /api/organisations": "an NPI's check digit (Luhn)",
    "POST /api/negotiations": "the counterparty is another organisation than ours (two ids)",
    "PATCH /api/negotiations/{negotiation_id}/terms/{name}": (
        "a change of some value, not null only, and a term's opening, target and walk-away "
        "in its range and in order (compared with the stored term)"
    ),
    "POST /api/negotiations/{negotiation_id}/offers": "values name the negotiation's terms",
    "POST /api/negotiations/{negotiation_id}/offers/{offer_id}/correction": (
        "values name the negotiation's terms"
    ),
    "POST /api/negotiations/{negotiation_id}/checklist/prices": (
        "an amount written as a string is a finite number in range (a range is a number's "
        "keyword; a string has none)"
    ),
    "POST /api/negotiations/{negotiation_id}/agreement": (
        "final terms name the negotiation's terms, or its terms are marked agreed"
    ),
    "POST /api/negotiations/{negotiation_id}/stage": (
        "walking away needs its reason in the note (a rule between two fields; the "
        "document says so in the note's description)"
    ),
    "POST /api/remittances": "the file is an X12 835 (its content)",
    "POST /api/contracts": "the file is a CSV or XLSX fee schedule (its content)",
    "GET /api/contracts/{contract_id}/model": (
        "increases written as strings are finite numbers in range; the period's end is "
        "not before its start (two parameters)"
    ),
    "GET /api/underpayments": "a tolerance written as a string is a finite number in range",
    "POST /api/underpayments/status": "the line ids are stored service lines",
    "POST /api/underpayments/groups/status": (
        "a tolerance written as a string is a finite number in range"
    ),
    "GET /api/underpayments/groups/lines": (
        "a tolerance written as a string is a finite number in range"
    ),
    "POST /api/negotiations/{negotiation_id}/documents/{kind}": (
        "the savings report is never marked sent (a path value and a query value)"
    ),
    "GET /api/documents/savings": "the period's end is not before its start (two parameters)",
    "PUT /api/document-templates/{kind}": (
        "printable characters only (Python's str.isprintable: Unicode categories, which "
        "the schema's regular expressions cannot name) and placeholders the wording knows"
    ),
    "PUT /api/document-letterhead": "printable characters only (str.isprintable)",
    "PUT /api/document-letterhead/logo": "the file is a PNG, JPEG or SVG image (its content)",
    "PUT /api/document-templates/{kind}/docx": (
        "the file is a Word .docx whose placeholders the kind knows (its content)"
    ),
    "GET /api/audit": "search values are printable characters only (str.isprintable)",
    "POST /api/account/tokens": (
        "the last day is today or later and at most ten years ahead (today is no "
        "constant a schema can name)"
    ),
    "POST /api/users": (
        "a user name is trimmed and lower-cased (Unicode's case rules: the Kelvin sign "
        "reads as k) before its rule of 1-64 characters of a-z, 0-9 and . _ @ -, which "
        "no pattern states exactly"
    ),
}
"""The operations ``positive_data_acceptance`` leaves out, and why."""


@pytest.fixture
def api_schema(accord: Accord) -> Iterator[schemathesis.BaseSchema]:
    """The document of a server on the demo record, on each database; every generated
    call signs in anew as the owner (a session of its own), since a call may end the
    sessions and tokens in use: ``PUT /api/account/password`` signs out every session
    of its user, as the account page does, and a token may revoke itself."""
    demo.load_demo(accord.store.unit_of_work, accord.clock.now())

    def before_call(context: object, case: schemathesis.Case, kwargs: dict[str, Any]) -> None:
        case.cookies = {**(case.cookies or {}), COOKIE: session_secret(accord)}

    schemathesis.hook(before_call)
    try:
        with live_server(accord) as base:
            # a limit, not a wait: building the document took over 10 s on a loaded CI
            # machine
            yield schemathesis.openapi.from_url(base + "/openapi.json", timeout=60)
    finally:
        GLOBAL_HOOK_DISPATCHER.unregister(before_call)


def signed_in(ctx: object, response: schemathesis.Response, case: schemathesis.Case) -> None:
    """No call is refused as anonymous: the run keeps its credentials throughout (a 401
    is documented, so no other check would notice a run that lost them)."""
    assert response.status_code != 401, f"{case.operation.label} was answered as anonymous"


def _checks(operation: str) -> list[schemathesis.CheckFunction]:
    """Every check, but positive data acceptance for the operations it cannot hold on;
    and that the call was signed in."""
    load_all_checks()
    return [
        *(c for c in CHECKS.get_all()
          if c.__name__ != "positive_data_acceptance" or operation not in NOT_IN_THE_SCHEMA),
        signed_in,
    ]  # fmt: skip


def test_every_exception_names_an_operation_of_the_document(
    api_schema: schemathesis.BaseSchema,
) -> None:
    labels = {result.ok().label for result in api_schema.get_all_operations()}
    assert set(NOT_IN_THE_SCHEMA) <= labels


def _fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


def test_generated_requests_conform_to_the_document(api_schema: schemathesis.BaseSchema) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 25
    failures: list[str] = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        for operation in operations:

            @given(case=operation.as_strategy(generation_mode=mode))
            @_fuzz_settings(EXAMPLES)
            def run(case: schemathesis.Case) -> None:
                checks = _checks(case.operation.label)
                response = case.call_and_validate(checks=checks, timeout=30)
                if response.status_code >= 400:
                    assert set(response.json()["error"]) == {"type", "message", "field"}

            try:
                run()
            except Unsatisfiable:
                # An operation with no inputs (DELETE /api/document-letterhead) has no
                # invalid request to generate; its positive run still calls it.
                if mode is not GenerationMode.NEGATIVE:
                    raise
            except BaseException as exc:  # a group of schemathesis failures
                failures.append(f"{mode.name} {operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)


def test_chains_of_requests_conform_to_the_document(api_schema: schemathesis.BaseSchema) -> None:
    machine = api_schema.as_state_machine()

    class Checked(machine):  # type: ignore[valid-type,misc]
        def validate_response(  # every check, as the module's note explains
            self, response: schemathesis.Response, case: schemathesis.Case, **kw: object
        ) -> None:
            case.validate_response(response, checks=_checks(case.operation.label))

    run_state_machine_as_test(
        Checked,
        settings=settings(
            max_examples=STATEFUL_RUNS,
            stateful_step_count=6,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )


def test_every_operation_refuses_an_anonymous_call(accord: Accord) -> None:
    """No operation of the document answers anything but 401 without a session or a
    token, on either database, whatever its path parameters."""
    from accord.asgi import create_app

    document = create_app(accord).openapi()
    verbs = ("get", "post", "put", "patch", "delete")
    operations = [(method.upper(), path) for path, item in document["paths"].items()
                  for method in item if method in verbs]  # fmt: skip
    assert len(operations) >= 40
    with in_process_client(accord, signed_in=None) as client:
        for method, path in operations:
            url = path.replace("{kind}", "proposal").replace("{name}", "rate")
            url = "/".join("1" if part.startswith("{") else part for part in url.split("/"))
            for headers in ({}, {"Authorization": "Bearer acc_not-a-token"}):
                answer = client.request(method, url, json={}, headers=headers)
                assert answer.status_code == 401, (method, path, answer.status_code)
                assert answer.json()["error"]["type"] == "NotSignedInError"
                assert answer.headers["www-authenticate"].startswith("Bearer")
        assert client.get("/openapi.json").status_code == 401
