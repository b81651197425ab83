"""The audit trail's hash chain, in plain Python: what breaks it and where."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from accord.domain.actors import LOCAL, Actor
from accord.domain.audit import (
    CLI,
    GENESIS,
    AuditAction,
    AuditEntry,
    AuditSource,
    Change,
    first_break,
    walk,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _chain(count: int = 5) -> list[AuditEntry]:
    source = AuditSource(Actor(7, "Ann Lee", "negotiator"), "3f9c0a", "10.0.0.8")
    previous, entries = GENESIS, []
    for i in range(1, count + 1):
        change = Change(AuditAction.UPDATE, "offer", str(i), 1, {"note": "a"}, {"note": "b"})
        entry = AuditEntry.stamp(i, T0 + timedelta(seconds=i), source, change).sealed(previous)
        previous = entry.hash
        entries.append(entry)
    return entries


def test_an_untouched_chain_verifies_and_reports_its_head() -> None:
    entries = _chain()
    report = walk(entries)
    assert report.ok and report.entries == 5 and report.head == entries[-1].hash
    assert walk([]).ok and walk([]).head == GENESIS


def test_an_edited_row_is_named() -> None:
    entries = _chain()
    entries[2] = replace(entries[2], after='{"note":"c"}')
    broken = first_break(entries)
    assert broken is not None and broken.entry_id == 3


def test_a_changed_actor_time_or_address_breaks_the_row() -> None:
    for field, value in (("user_name", "Bob"), ("at", T0), ("address", "cli"), ("role", "x")):
        entries = _chain()
        entries[1] = replace(entries[1], **{field: value})
        assert first_break(entries) == first_break(entries[:2]) is not None
        assert first_break(entries).entry_id == 2  # type: ignore[union-attr]


def test_a_removed_row_breaks_the_next_one() -> None:
    entries = _chain()
    del entries[1]
    broken = first_break(entries)
    assert broken is not None and broken.entry_id == 3


def test_an_inserted_row_is_named_even_when_sealed_on_its_own() -> None:
    entries = _chain()
    forged = AuditEntry.stamp(3, T0, CLI, Change(AuditAction.DELETE, "negotiation", "1", 1)).sealed(
        entries[1].hash
    )
    # Ids are renumbered to make room; the forged row chains, the next one no longer does.
    renumbered = [replace(e, id=e.id + 1) for e in entries[2:]]
    broken = first_break([*entries[:2], forged, *renumbered])
    assert broken is not None and broken.entry_id == 4


def test_two_swapped_rows_are_detected() -> None:
    entries = _chain()
    a, b = entries[1], entries[2]
    entries[1], entries[2] = replace(b, id=a.id), replace(a, id=b.id)
    broken = first_break(entries)
    assert broken is not None and broken.entry_id == 2


def test_rows_out_of_order_are_detected() -> None:
    entries = _chain()
    entries[1], entries[2] = entries[2], entries[1]
    broken = first_break(entries)
    assert broken is not None and broken.entry_id == 3


def test_the_local_actor_is_the_owner_without_a_user_id() -> None:
    assert Actor(None, "local", "owner") == LOCAL
    assert CLI.actor is LOCAL and CLI.address == "cli" and CLI.request_id is None
