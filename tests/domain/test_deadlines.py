"""Days to a deadline, the one rule of every view (issue 10: view rules computed once)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from accord.domain.deadlines import days_to_deadline

NOW = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)


def test_days_to_a_deadline_count_whole_days_from_today_and_go_negative_once_passed() -> None:
    assert days_to_deadline(date(2026, 12, 8), NOW) == 2
    assert days_to_deadline(date(2026, 12, 6), NOW) == 0
    assert days_to_deadline(date(2026, 12, 1), NOW) == -5
    assert days_to_deadline(None, NOW) is None
