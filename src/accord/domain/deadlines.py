"""Days to a deadline: the one rule behind "due in 2 d", "(+2 days)" and the API's
``days_to_deadline`` (negative once it has passed)::

    >>> from datetime import date, datetime, timezone
    >>> days_to_deadline(date(2026, 12, 8), datetime(2026, 12, 6, 23, 0, tzinfo=timezone.utc))
    2
"""

from __future__ import annotations

from datetime import date, datetime

__all__ = ["days_to_deadline"]


def days_to_deadline(deadline: date | None, now: datetime) -> int | None:
    """Whole days from ``now``'s date (UTC) to ``deadline``; ``None`` without one."""
    return None if deadline is None else (deadline - now.date()).days
