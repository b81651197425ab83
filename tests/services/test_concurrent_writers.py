"""Many writers on one negotiation, on real SQLite and real PostgreSQL, in threads.

Appends never conflict; an edit without If-Match applies to the current version; an
edit under a stale If-Match is still refused.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from accord.bootstrap import Accord
from accord.domain.interactions import InteractionDirection
from accord.domain.offers import Channel, Side
from accord.errors import AccordError, ConflictError
from accord.services import activity, negotiations, preparation
from tests.support.factories import rate_negotiation

WRITERS = 16


def _race(writers: list[Callable[[], object]]) -> list[AccordError]:
    """Run every writer at once (a barrier lines them up); the errors they raised."""
    barrier = threading.Barrier(len(writers))
    errors: list[AccordError] = []
    lock = threading.Lock()

    def run(write: Callable[[], object]) -> None:
        barrier.wait()
        try:
            write()
        except AccordError as exc:
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=run, args=(w,)) for w in writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.parametrize("with_if_match", [False, True])
def test_sixteen_writers_appending_to_one_negotiation_lose_nothing_and_never_conflict(
    accord: Accord, with_if_match: bool
) -> None:
    nid = rate_negotiation(accord).id
    assert nid is not None
    seen = negotiations.get_negotiation(accord.store.unit_of_work(), nid).version
    expected = seen if with_if_match else None
    now = accord.clock.now()

    def offer(i: int) -> Callable[[], object]:
        return lambda: activity.record_offer(
            accord.store.unit_of_work(), now, nid, side=Side.THEIRS,
            values={"visit_cap": 20 + i}, expected_version=expected,
        )  # fmt: skip

    def call(i: int) -> Callable[[], object]:
        return lambda: activity.log_interaction(
            accord.store.unit_of_work(), now, nid, channel=Channel.CALL,
            direction=InteractionDirection.INBOUND, summary=f"call {i}",
            expected_version=expected,
        )  # fmt: skip

    def note(i: int) -> Callable[[], object]:
        item = ("who", "what", "where", "when")[i % 4]
        return lambda: preparation.answer_checklist(
            accord.store.unit_of_work(), now, nid, item, f"answer {i}",
            expected_version=expected,
        )  # fmt: skip

    writers = [make(i) for i in range(WRITERS) for make in (offer, call)]
    writers += [note(i) for i in range(4)]
    errors = _race(writers)

    assert errors == []
    loaded = negotiations.get_negotiation(accord.store.unit_of_work(), nid)
    assert sorted(o.values["visit_cap"] for o in loaded.offers) == [20 + i for i in range(16)]
    assert sorted(i.summary for i in loaded.interactions) == sorted(
        f"call {i}" for i in range(WRITERS)
    )
    answers = loaded.checklist.answers
    assert {answers[k] for k in ("who", "what", "where", "when")} == {
        f"answer {i}" for i in range(4)
    }
    # Every change still moves the version, so an ETag tells a reader the record moved.
    assert loaded.version == seen + len(writers)


def test_edits_without_if_match_apply_to_the_current_version_under_a_race(
    accord: Accord,
) -> None:
    nid = rate_negotiation(accord).id
    assert nid is not None
    now = accord.clock.now()
    writers: list[Callable[[], object]] = [
        (
            lambda i=i: negotiations.revise_negotiation(  # type: ignore[misc]
                accord.store.unit_of_work(), now, nid, problem_statement=f"take {i}"
            )
        )
        for i in range(WRITERS)
    ]
    assert _race(writers) == []
    loaded = negotiations.get_negotiation(accord.store.unit_of_work(), nid)
    assert loaded.problem_statement in {f"take {i}" for i in range(WRITERS)}


def test_an_edit_under_a_stale_if_match_is_still_refused(accord: Accord) -> None:
    nid = rate_negotiation(accord).id
    assert nid is not None
    now = accord.clock.now()
    seen = negotiations.get_negotiation(accord.store.unit_of_work(), nid).version
    negotiations.revise_negotiation(
        accord.store.unit_of_work(), now, nid, problem_statement="first", expected_version=seen
    )
    with pytest.raises(ConflictError, match="changed since you opened it"):
        negotiations.revise_negotiation(
            accord.store.unit_of_work(), now, nid, problem_statement="second",
            expected_version=seen,
        )  # fmt: skip
    loaded = negotiations.get_negotiation(accord.store.unit_of_work(), nid)
    assert loaded.problem_statement == "first"
