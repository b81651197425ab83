"""Several worker processes on one database: a form served by one is accepted by
another, and the pipeline's cache never shows an old board: not after a write made
through another worker, not after a follow-up falls due, not after midnight.

Two Accords on one database stand for two workers: each has its own engine, its own
app, form-key lookup and cache, and each is served over real HTTP. On SQLite and
PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from accord.bootstrap import Accord, bootstrap
from accord.config import Settings
from tests.entrypoints.server import FORM_TOKEN, live_server
from tests.support.clock import FixedClock
from tests.support.signed_in import session_secret


def _created(response: httpx.Response) -> dict[str, object]:
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


@pytest.fixture
def other_worker(database_url: str, tmp_path: Path, clock: FixedClock) -> Iterator[Accord]:
    """A second Accord on the ``accord`` fixture's database, as a second worker has."""
    app = bootstrap(Settings(data_dir=tmp_path / "data", database_url=database_url),
                    clock=clock)  # fmt: skip
    try:
        yield app
    finally:
        app.close()


@pytest.fixture
def workers(accord: Accord, other_worker: Accord) -> Iterator[tuple[httpx.Client, httpx.Client]]:
    with (
        live_server(accord) as first,
        live_server(other_worker) as second,
        httpx.Client(base_url=first, timeout=30) as writer,
        httpx.Client(base_url=second, timeout=30) as reader,
    ):
        yield writer, reader


def _open(http: httpx.Client, title: str, deadline: str | None = None) -> int:
    ours = _created(http.post("/api/organisations", json={"name": f"Us {title}", "kind": "ours"}))
    payer = _created(
        http.post("/api/organisations", json={"name": f"Payer {title}", "kind": "payer"})
    )
    body = {"title": title, "kind": "contract_rates", "our_org_id": ours["id"],
            "counterparty_id": payer["id"], "deadline": deadline}  # fmt: skip
    nid = _created(http.post("/api/negotiations", json=body))["id"]
    assert isinstance(nid, int)
    return nid


def _titles(board: dict[str, object]) -> list[str]:
    stages = board["stages"]
    assert isinstance(stages, list)
    return [item["negotiation"]["title"] for stage in stages for item in stage["items"]]


def test_a_form_from_one_worker_is_accepted_by_another(
    workers: tuple[httpx.Client, httpx.Client], accord: Accord
) -> None:
    first, second = workers
    # one signed-in browser: its session cookie goes to whichever worker answers
    session = session_secret(accord)
    page = first.get("/contacts", headers={"Accept": "text/html"},
                     cookies={"accord_session": session})  # fmt: skip
    found = FORM_TOKEN.search(page.text)
    assert found is not None
    origin = str(second.base_url).rstrip("/")
    with httpx.Client(base_url=origin, cookies={"accord_session": session}) as browser:
        sent = browser.post("/organisations", headers={"Origin": origin},
                            data={"name": "Big Sky Health", "kind": "payer",
                                  "csrf_token": found.group(1)})  # fmt: skip
        forged = browser.post("/organisations", headers={"Origin": origin},
                              data={"name": "Forged", "kind": "payer",
                                    "csrf_token": "0" * 64})  # fmt: skip
    assert sent.status_code == 303, sent.text
    assert forged.status_code == 403
    names = [o["name"] for o in first.get("/api/organisations").json()]
    assert names == ["Big Sky Health"]


def test_a_write_through_one_worker_shows_on_the_next_request_to_another(
    workers: tuple[httpx.Client, httpx.Client], other_worker: Accord
) -> None:
    writer, reader = workers
    nid = _open(writer, "Big Sky rates 2027")
    assert _titles(reader.get("/api/pipeline").json()) == ["Big Sky rates 2027"]
    hits = other_worker.read_cache.hits
    assert _titles(reader.get("/api/pipeline").json()) == ["Big Sky rates 2027"]
    assert other_worker.read_cache.hits == hits + 1  # the second answer came from the cache

    renamed = writer.patch(f"/api/negotiations/{nid}", json={"title": "Big Sky rates 2028"})
    assert renamed.status_code == 200, renamed.text
    assert _titles(reader.get("/api/pipeline").json()) == ["Big Sky rates 2028"]
    assert "Big Sky rates 2028" in reader.get("/").text

    _open(writer, "Acme single case agreement")
    board = reader.get("/api/pipeline").json()
    assert board["total"] == 2
    assert sorted(_titles(board)) == ["Acme single case agreement", "Big Sky rates 2028"]


def test_a_follow_up_that_falls_due_turns_overdue_without_any_write(
    workers: tuple[httpx.Client, httpx.Client], clock: FixedClock
) -> None:
    writer, reader = workers
    nid = _open(writer, "Big Sky rates 2027")
    due = clock.now() + timedelta(hours=1)
    call = writer.post(
        f"/api/negotiations/{nid}/interactions",
        json={"channel": "call", "at": clock.now().isoformat(),
              "follow_up_due": due.isoformat()},
    )  # fmt: skip
    _created(call)
    before = reader.get("/api/pipeline").json()
    assert before["overdue_total"] == 0 and reader.get("/api/pipeline").json() == before
    clock.advance(minutes=59)
    assert reader.get("/api/pipeline").json()["overdue_total"] == 0
    clock.advance(minutes=2)
    after = reader.get("/api/pipeline").json()
    assert after["overdue_total"] == 1
    assert after["now"] != before["now"]  # each answer is dated by its own request


def test_days_to_a_deadline_count_from_the_new_day(
    workers: tuple[httpx.Client, httpx.Client], clock: FixedClock
) -> None:
    writer, reader = workers
    deadline = (clock.now() + timedelta(days=3)).date().isoformat()
    _open(writer, "Big Sky rates 2027", deadline=deadline)

    def days() -> object:
        stages = reader.get("/api/pipeline").json()["stages"]
        return [i["days_to_deadline"] for s in stages for i in s["items"]]

    assert days() == [3]
    clock.advance(hours=1)
    assert days() == [3]
    clock.advance(days=1)
    assert days() == [2]
