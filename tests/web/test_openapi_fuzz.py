"""Schemathesis against the OpenAPI document: generated requests never make the API fail.

Each operation gets a few valid (positive) and invalid (negative) requests, over real
HTTP against a server on the demo database, so that the suite stays fast.
(Schemathesis' own pytest plugin does not run under pytest 9 yet, so the test drives
its strategies with Hypothesis directly.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from accord.bootstrap import Accord
from tests.web.server import live_server

EXAMPLES = 6


@pytest.fixture(scope="module")
def api_schema(demo_accord: Accord) -> Iterator[schemathesis.BaseSchema]:
    with live_server(demo_accord) as base:
        yield schemathesis.openapi.from_url(base + "/openapi.json")


def _operations(schema: schemathesis.BaseSchema) -> list[schemathesis.APIOperation]:
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_generated_request_makes_the_api_fail(
    api_schema: schemathesis.BaseSchema, mode: GenerationMode
) -> None:
    operations = _operations(api_schema)
    assert len(operations) >= 25
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: schemathesis.Case) -> None:
            response = case.call(timeout=30)
            assert response.status_code < 500, (
                f"{case.method} {case.formatted_path} -> {response.status_code}: "
                f"{response.text[:500]}"
            )
            if response.status_code >= 400:
                assert set(response.json()["error"]) == {"type", "message", "field"}

        run()
