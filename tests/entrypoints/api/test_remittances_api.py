"""``/api/remittances`` over real HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import httpx

REVERSAL = "accord_edge_reversal_plb_two_st.835"


def _upload(http: httpx.Client, path: Path) -> httpx.Response:
    with path.open("rb") as handle:
        return http.post("/api/remittances", files={"file": (path.name, handle, "text/plain")})


def test_upload_list_and_detail(http: httpx.Client, shared_fixtures: Path) -> None:
    created = _upload(http, shared_fixtures / "remittance" / REVERSAL)
    assert created.status_code == 201, created.text
    assert created.json()["payments"] == 2 and created.json()["amount"] == "160.50"
    again = _upload(http, shared_fixtures / "remittance" / REVERSAL)
    assert again.status_code == 200 and again.json()["status"] == "already ingested"
    page = http.get("/api/remittances").json()
    assert page["total"] == 2
    second = next(item for item in page["items"] if item["trace_number"] == "EFT0002")
    detail = http.get(f"/api/remittances/{second['id']}").json()
    assert [c["status"] for c in detail["claims"]] == ["22", "1"]
    assert detail["netted_claims"][0]["paid"] == "170.00"
    assert [p["amount"] for p in detail["provider_adjustments"]] == ["12.00", "-2.50"]
    spec = http.get("/openapi.json").json()
    assert {"RemittancePage", "RemittanceDetailPublic"} <= set(spec["components"]["schemas"])


def test_an_unbalanced_upload_is_refused_naming_the_segment(
    http: httpx.Client, shared_fixtures: Path
) -> None:
    refused = _upload(http, shared_fixtures / "remittance" / "accord_edge_unbalanced.835")
    assert refused.status_code == 422
    message = refused.json()["error"]["message"]
    assert message.startswith("accord_edge_unbalanced.835: does not balance: segment 3 (BPR)")
    assert http.get("/api/remittances").json()["total"] == 0
    assert http.get("/api/remittances/1").status_code == 404


def test_claims_are_netted_across_payments(http: httpx.Client, shared_fixtures: Path) -> None:
    _upload(http, shared_fixtures / "remittance" / REVERSAL)
    page = http.get("/api/remittances/claims", params={"claim_number": "PT1001"}).json()
    assert page["total"] == 1
    [claim] = page["items"]
    assert (claim["occurrences"], claim["reversals"], claim["paid"], claim["charge"]) == (
        3, 1, "170.00", "300.00",
    )  # fmt: skip
    assert http.get("/api/remittances/claims").json()["total"] == 2


def test_an_empty_claim_number_is_refused_not_answered_with_nothing(
    http: httpx.Client, shared_fixtures: Path
) -> None:
    """``?claim_number=`` is the query of an empty claim number (it is how a plain string
    in place of the list is sent, too): refused, where before it found no claim."""
    _upload(http, shared_fixtures / "remittance" / REVERSAL)
    for query in ("claim_number=", "claim_number=%20%20", "claim_number=PT1001&claim_number="):
        refused = http.get("/api/remittances/claims?" + query)
        assert refused.status_code == 422, (query, refused.text)
        assert refused.json()["error"]["field"].startswith("claim_number")
    parameter = next(
        p for p in http.get("/openapi.json").json()["paths"]["/api/remittances/claims"]["get"][
            "parameters"] if p["name"] == "claim_number"
    )  # fmt: skip
    assert parameter["schema"]["anyOf"][0]["items"]["minLength"] == 1


def test_an_835_of_megabytes_is_taken_where_other_bodies_stop_at_one(
    sqlite_http: httpx.Client,
) -> None:
    from accord.adapters.remittance.synthetic import synthetic_remit

    data = synthetic_remit(seed=5, payments=30, claims_per_payment=200)
    assert len(data) > 2_000_000
    created = sqlite_http.post("/api/remittances", files={"file": ("big.835", data)})
    assert created.status_code == 201, created.text
    assert created.json()["payments"] == 30
    # Every other route keeps the one-megabyte limit.
    refused = sqlite_http.post(
        "/api/organisations", content=b"{" + b" " * 2_000_000 + b"}",
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    assert refused.status_code == 413
