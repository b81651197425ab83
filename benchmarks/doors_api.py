"""The API door: hand-made requests built from the OpenAPI document, then schemathesis.

The hand-made list walks every operation of the document the server publishes and, for
each field of its body, sends the values that once answered 5xx or 503 (the superscript
``²`` as an integer, date-times whose UTC conversion overflows, text at exactly its
``maxLength`` and one past it, NaN written raw, null), then malformed bodies, odd
``If-Match`` headers and the methods a path does not allow. A probe fails on a 5xx, on
a status code the operation does not document, or on a 405 whose ``Allow`` header omits
a method the path serves.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

import httpx
from benchmarks.doors_kit import Server, Tally, shorten

LATE, EARLY = "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"
VERBS = ("get", "post", "put", "patch", "delete")
SKIPPED = ("sign", "session", "token", "password", "logo", "/docx", "remittances", "contracts")
# Multipart uploads (logo, docx, remittances, contracts) are the archive and file doors'
# business; sign-in, token and password paths would end the probe's own session.
PATH_VALUES = {
    "negotiation_id": "2",
    "name": "rate_97110",
    "kind": "proposal",
    "offer_id": "1",
    "interaction_id": "1",
    "contract_id": "1",
    "payment_id": "1",
}


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """A schema with its top ``$ref`` (and a nullable ``anyOf`` of one) followed."""
    while True:
        if "$ref" in schema:
            node: Any = document
            for part in schema["$ref"].lstrip("#/").split("/"):
                node = node[part]
            schema = node
        elif "anyOf" in schema:
            options = [s for s in schema["anyOf"] if s.get("type") != "null"]
            if not options:
                return schema
            schema = options[0]
        else:
            return schema


def _valid(document: dict[str, Any], schema: dict[str, Any]) -> Any:
    """A plain valid value of a schema: the shape the probes then spoil one field of."""
    schema = _resolve(document, schema)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if kind == "object":
        return {
            name: _valid(document, sub)
            for name, sub in schema.get("properties", {}).items()
            if name in schema.get("required", [])
        }
    if kind == "array":
        count = schema.get("minItems", 0)
        return [_valid(document, schema.get("items", {})) for _ in range(count)]
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return max(1.0, schema.get("minimum", 1.0))
    if kind == "boolean":
        return False
    if schema.get("format") == "date-time":
        return "2026-03-01T10:00:00Z"
    if schema.get("format") == "date":
        return "2026-03-01"
    return "doors probe"[: schema.get("maxLength", 11)]


def _spoilers(document: dict[str, Any], schema: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """(label, value) of the hostile values for one field."""
    schema = _resolve(document, schema)
    kind = schema.get("type")
    yield "null", None
    if kind == "string" or "format" in schema:
        limit = schema.get("maxLength")
        if limit is not None:
            yield f"maxLength {limit}", "m" * limit
            yield f"maxLength+1 {limit + 1}", "m" * (limit + 1)
        else:
            yield "100 kB", "l" * 100_000
        yield "markup", "Evil [/x] <script>alert(1)</script>"
        yield "control", "\x00\x1b[31m\r"
        yield "late date-time", LATE
        yield "early date-time", EARLY
    if kind in ("integer", "number"):
        yield "superscript", "²"
        yield "huge", 10**30
        yield "negative", -1
        yield "text nan", "nan"
    if kind == "number":
        yield "fraction", 0.5
    if kind == "object":
        yield "list", []
    if kind == "array":
        yield "object", {}


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        if any(word in path for word in SKIPPED):
            continue
        for method in VERBS:
            if method in item:
                yield method.upper(), path, item[method]


def _url(path: str) -> str:
    for name, value in PATH_VALUES.items():
        path = path.replace("{" + name + "}", value)
    return path


def _json_body(document: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any] | None:
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    return _resolve(document, content["application/json"]["schema"])


def hand_made(document: dict[str, Any]) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(method, path, label, httpx request options) of every hand-made request."""
    for method, path, operation in _operations(document):
        url = _url(path)
        schema = _json_body(document, operation)
        if schema is not None:
            base = _valid(document, schema)
            for name, sub in schema.get("properties", {}).items():
                for label, value in _spoilers(document, sub):
                    body = {**base, name: value}
                    yield method, path, f"{name}={label}", {"url": url, "json": body}
            yield (
                method,
                path,
                "raw NaN",
                {
                    "url": url,
                    "content": b'{"x": NaN}',
                    "headers": {"Content-Type": "application/json"},
                },
            )
            yield (
                method,
                path,
                "malformed",
                {"url": url, "content": b"{", "headers": {"Content-Type": "application/json"}},
            )
            yield method, path, "list body", {"url": url, "json": [base]}
            yield (
                method,
                path,
                "text/plain",
                {"url": url, "content": b"x", "headers": {"Content-Type": "text/plain"}},
            )
            for tag in ("null", "", '"²"', '"99999999999999999999"', 'W/"1"', "*"):
                yield (
                    method,
                    path,
                    f"If-Match {tag!r}",
                    {"url": url, "json": base, "headers": {"If-Match": tag.encode()}},
                )
        for parameter in operation.get("parameters", []):
            if parameter.get("in") != "query":
                continue
            for label, value in _spoilers(document, parameter.get("schema", {})):
                if value is None or isinstance(value, (list, dict)) or len(str(value)) > 8000:
                    continue  # a URL holds about 8 kB; longer is the client's refusal
                yield (
                    method,
                    path,
                    f"?{parameter['name']}={label}",
                    {"url": url, "params": {parameter["name"]: str(value)}},
                )
        for label, value in (("id ²", "²"), ("id huge", "9" * 30), ("id negative", "-1")):
            if "{negotiation_id}" in path:
                spoiled = path.replace("{negotiation_id}", value)
                yield (
                    method,
                    path,
                    label,
                    {"url": _url(spoiled), "json": _valid(document, schema) if schema else None},
                )


def _documented(operation: dict[str, Any], status: int) -> bool:
    codes = operation.get("responses", {})
    return str(status) in codes or f"{str(status)[0]}XX" in codes or "default" in codes


def hand_made_requests(server: Server, document: dict[str, Any]) -> Tally:
    """Every hand-made request: count 5xx and undocumented codes."""
    tally = Tally("API (hand-made)", note="5xx or an undocumented status code")
    with server.client() as client:
        for method, path, label, options in hand_made(document):
            operation = document["paths"][path][method.lower()]
            options = {k: v for k, v in options.items() if v is not None or k != "json"}
            try:
                answer = client.request(method, **options)
            except httpx.TransportError as exc:
                tally.record(False, f"{method} {path} {label}: connection {exc!r}")
                continue
            status = answer.status_code
            ok = status < 500 and _documented(operation, status)
            tally.record(ok, f"{method} {path} {label} -> {status} {shorten(answer.text[:200])}")
        for path, item in document["paths"].items():
            served = {m.upper() for m in item if m in VERBS}
            for method in {"GET", "POST", "PUT", "PATCH", "DELETE"} - served:
                answer = client.request(method, _url(path), json={})
                allow = {m.strip() for m in answer.headers.get("allow", "").split(",")}
                ok = answer.status_code < 500 and (answer.status_code != 405 or served <= allow)
                tally.record(
                    ok,
                    f"{method} {path} (not served) -> {answer.status_code} Allow {sorted(allow)}",
                )
    return tally


def _fuzz(
    operation: Any, mode: Any, session: Any, checks: list[Any], quiet: Any, tally: Tally
) -> Any:
    """A Hypothesis test of one operation in one generation mode that tallies each case."""
    from hypothesis import given

    @given(case=operation.as_strategy(generation_mode=mode))
    @quiet
    def probe(case: Any) -> None:
        try:
            case.call_and_validate(session=session, checks=checks, timeout=60)
        except BaseException as exc:
            lines = str(exc).splitlines()[:3]
            tally.record(
                False, f"{mode.name} {case.operation.label}: {shorten(lines)} {_request(case)}"
            )
            return
        tally.record(True, "")

    return probe


def _request(case: Any) -> str:
    """The request of a failed case, enough to send it again by hand."""
    parts = {
        "path": case.path_parameters,
        "query": case.query,
        "headers": case.headers,
        "body": case.body,
    }
    return "request " + shorten({k: v for k, v in parts.items() if v not in (None, {})})


def schemathesis_run(server: Server, examples: int, stateful_runs: int) -> Tally:
    """Schemathesis over the document: every operation, positive and negative, with all
    its checks but positive data acceptance (see tests/entrypoints/web/test_openapi_fuzz.py for the
    rules no schema states), then the stateful phase; counts requests and failures."""
    import requests
    import schemathesis
    from hypothesis import HealthCheck, settings
    from hypothesis.errors import Unsatisfiable
    from hypothesis.stateful import run_state_machine_as_test
    from schemathesis import GenerationMode
    from schemathesis.checks import CHECKS, load_all_checks

    tally = Tally(
        "API (schemathesis)",
        note=f"{examples} examples per operation and mode, {stateful_runs} stateful runs",
    )
    load_all_checks()
    checks = [c for c in CHECKS.get_all() if c.__name__ != "positive_data_acceptance"]
    session = requests.Session()
    session.headers.update(server.headers())
    schema = schemathesis.openapi.from_url(server.base + "/openapi.json", headers=server.headers())
    quiet = settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        for result in schema.get_all_operations():
            operation = result.ok()
            if any(word in operation.path for word in ("sign", "session", "token", "password")):
                continue

            with contextlib.suppress(Unsatisfiable):  # no invalid request to make
                _fuzz(operation, mode, session, checks, quiet, tally)()

    machine = schema.as_state_machine()

    class Counted(machine):  # type: ignore[valid-type,misc]
        def call(self, case: schemathesis.Case, **kwargs: Any) -> Any:
            return case.call(session=session, **kwargs)

        def validate_response(self, response: Any, case: schemathesis.Case, **kw: Any) -> None:
            try:
                case.validate_response(response, checks=checks)
            except BaseException as exc:
                tally.record(
                    False,
                    f"stateful {case.operation.label}: {shorten(str(exc).splitlines()[:3])} "
                    f"{_request(case)}",
                )
                return
            tally.record(True, "")

    run_state_machine_as_test(
        Counted,
        settings=settings(
            max_examples=stateful_runs,
            stateful_step_count=6,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
    return tally


def openapi_document(server: Server) -> dict[str, Any]:
    answer = httpx.get(server.base + "/openapi.json", headers=server.headers(), timeout=60)
    answer.raise_for_status()
    document: dict[str, Any] = json.loads(answer.text)
    return document
